import { mkdtemp, readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../../src/main/fs/atomic-file'

const tempDir = () => mkdtemp(join(tmpdir(), 'nb-atomic-'))

describe('writeFileAtomic', () => {
  it('writes with mode 0600 and leaves no temp file', async () => {
    const dir = await tempDir()
    await writeFileAtomic(join(dir, 'k.json'), 'secret')
    expect(await readFile(join(dir, 'k.json'), 'utf8')).toBe('secret')
    expect((await stat(join(dir, 'k.json'))).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['k.json'])
  })

  it('never replaces an existing file unless asked', async () => {
    const dir = await tempDir()
    const target = join(dir, 'k.json')
    await writeFile(target, 'old')
    await expect(writeFileAtomic(target, 'new')).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    expect(await readFile(target, 'utf8')).toBe('old')
    expect(await readdir(dir)).toEqual(['k.json'])
    await writeFileAtomic(target, 'new', { overwrite: true })
    expect(await readFile(target, 'utf8')).toBe('new')
  })

  it('reports an unwritable folder as FILE_NOT_WRITABLE', async () => {
    const dir = await tempDir()
    await chmod(dir, 0o500)
    // root ignores directory permissions; a missing parent is the portable unwritable case.
    const target = process.getuid?.() === 0 ? join(dir, 'missing', 'k.json') : join(dir, 'k.json')
    await expect(writeFileAtomic(target, 'x')).rejects.toMatchObject({ code: expect.stringMatching(/FILE_NOT_WRITABLE|FILE_NOT_FOUND/) })
  })

  it('names the missing folder, not the file it would have held', async () => {
    const dir = await tempDir()
    const target = join(dir, 'gone', 'numerbay.json')
    await expect(writeFileAtomic(target, 'x')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: `The folder ${join(dir, 'gone')} does not exist.` })
  })
})

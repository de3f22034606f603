// A compromised renderer must not reach the file system through the app (issue 14, first section). Each case
// is an exploit that worked through the real dispatcher before the desktop domains took paths from dialogs only.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeKeyFile } from '../../../src/main/crypto/key-file'
import { generateKeyPair, toBase64 } from '../../../src/main/crypto/key-pair'
import { sealTo } from '../../../src/demo-server'
import { createBackend, type Backend } from '../../../src/main/desktop/backend'
import { ScriptedDialogs } from '../../../src/main/preview/dialogs'
import { DecryptPool } from '../../../src/main/workers/decrypt-pool'

let dir: string
let backend: Backend
let pool: DecryptPool
const opened: string[] = []
const dialogs = new ScriptedDialogs()

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'renderer-paths-'))
  opened.length = 0
  pool = new DecryptPool({ size: 1 })
  await mkdir(join(dir, 'data'), { mode: 0o700 })
  backend = await createBackend({
    dataDir: join(dir, 'data'),
    dialogs,
    shell: { openExternal: async () => undefined, openPath: async (path) => void opened.push(path) },
    info: { name: 't', version: '0', platform: 'linux', shell: 'preview' },
    services: { workers: () => pool },
  })
})
afterEach(async () => {
  await backend.close()
  await pool.close()
  await rm(dir, { recursive: true, force: true })
})

const code = async (name: string, args?: unknown): Promise<string | null> => {
  const result = await backend.dispatch(name, args)
  return result.ok ? null : result.error.code
}

describe('paths from the renderer', () => {
  it('a failed run does not make its output "openable": openFolder never opens a program', async () => {
    const program = join(dir, 'xcalc')
    await writeFile(program, '#!/bin/sh\n')
    await chmod(program, 0o755)
    // Before: decryptFiles recorded outputDir as openable before anything ran, then openFolder ran openPath on it.
    expect(await code('decryptFiles', { inputs: ['/nonexistent'], outputDir: program })).not.toBeNull()
    expect(await code('openFolder', { path: program })).toBe('FOLDER_NOT_ALLOWED')
    // Even a path the person picked is opened only once a run wrote to it, and only as a folder.
    dialogs.answer('folder', program)
    await backend.dispatch('chooseFolder', undefined)
    expect(await code('openFolder', { path: program })).toBe('FOLDER_NOT_ALLOWED')
    expect(opened).toEqual([])
  })

  it('the download folder and the folders runs write to come from a native dialog, never network or device paths', async () => {
    expect(await code('updateSettings', { downloadDir: '\\\\evil.example\\share' })).toBe('FOLDER_NOT_ALLOWED')
    expect(await code('updateSettings', { downloadDir: join(dir, 'made-up') })).toBe('FOLDER_NOT_ALLOWED')
    expect(await code('decryptFiles', { inputs: [join(dir, 'a.bin')], outputDir: join(dir, 'made-up') })).toBe('FOLDER_NOT_ALLOWED')
    const picked = join(dir, 'picked')
    await mkdir(picked)
    dialogs.answer('folder', picked)
    await backend.dispatch('chooseFolder', undefined)
    expect(await code('updateSettings', { downloadDir: picked })).toBeNull()
    expect(await code('openFolder')).toBeNull()
    expect(opened).toEqual([picked])
  })

  it('key files are written and read through main\'s dialogs only: no channel takes a key path', async () => {
    const target = join(dir, 'stolen.json')
    // Before: exportKey({ path }) wrote the unlocked key wherever the renderer said, with no dialog.
    for (const [name, args] of [
      ['exportKey', { path: target }],
      ['importKey', { path: target }],
      ['useKeyFile', { path: target }],
      ['decryptFiles', { inputs: [target], outputDir: dir, keyFile: target }],
    ] as const) {
      expect(await code(name, args), name).toBe('INVALID_ARGUMENT')
    }
  })

  it('offline decryption with a key file chosen in main\'s dialog, into a picked folder, which can then be opened', async () => {
    const pair = generateKeyPair()
    const keyFile = join(dir, 'numerbay.json')
    await writeKeyFile(keyFile, pair)
    const sealed = join(dir, 'file.csv')
    await writeFile(sealed, sealTo(toBase64(pair.publicKey), Buffer.from('plain')))
    const out = join(dir, 'out')
    await mkdir(out)
    dialogs.answer('files', [keyFile])
    expect(await backend.dispatch('chooseDecryptKeyFile', undefined)).toEqual({ ok: true, value: { name: 'numerbay.json', publicKey: toBase64(pair.publicKey) } })
    dialogs.answer('folder', out)
    await backend.dispatch('chooseFolder', undefined)
    expect(await backend.dispatch('decryptFiles', { inputs: [sealed], outputDir: out, keySource: 'key-file' })).toMatchObject({ ok: true, value: { succeeded: 1 } })
    expect(await code('openFolder', { path: out })).toBeNull()
    expect(opened).toEqual([out])
  })
})

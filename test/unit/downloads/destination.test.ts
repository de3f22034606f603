// The one destination check (src/main/downloads/destination.ts): each bad folder gets its own words, quickly,
// and nothing is left behind by the check itself.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkDestination, checkRoomFor, destinationError } from '../../../src/main/downloads/destination'
import { acquireSyncLock } from '../../../src/main/downloads/lock'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step()
})

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'numerbay-destination-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A read-only tmpfs when this machine lets us mount one (root), otherwise null. */
function readOnlyMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir], { stdio: 'ignore' })
    cleanups.push(async () => execFileSync('umount', [dir], { stdio: 'ignore' }))
    return true
  } catch {
    return false
  }
}

describe('checkDestination', () => {
  it('creates a missing folder, several levels deep, and leaves nothing else in it', async () => {
    const dir = await scratch()
    const target = join(dir, 'a', 'b', 'c')
    await checkDestination(target)
    expect(await readdir(target)).toEqual([])
  })

  it('says a file is a file, not that it "already exists"', async () => {
    const dir = await scratch()
    const file = join(dir, 'notes.txt')
    await writeFile(file, 'x')
    await expect(checkDestination(file)).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY', message: `${file} is a file, not a folder.` })
    await expect(checkDestination(join(file, 'inside'))).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY', message: expect.stringContaining(`${file} is a file`) })
  })

  it.runIf(process.platform === 'linux')('ends at once for a folder that cannot be created under /proc (recursive mkdir never returns there)', async () => {
    const started = Date.now()
    await expect(checkDestination('/proc/nope/deeper')).rejects.toMatchObject({ code: 'FOLDER_NOT_CREATABLE', message: 'A folder cannot be created in /proc.' })
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it.runIf(process.platform === 'linux')('the sync lock makes its folder the same way: watch, which takes the lock first, ends at once too', async () => {
    const started = Date.now()
    await expect(acquireSyncLock('/proc/nope/deeper')).rejects.toMatchObject({ code: 'FOLDER_NOT_CREATABLE', message: 'A folder cannot be created in /proc.' })
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('names a full disk as DISK_FULL', () => {
    expect(destinationError(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }), '/srv/out')).toMatchObject({ code: 'DISK_FULL', detail: 'ENOSPC: /srv/out' })
  })

  it('says a read-only disk is read-only, not "Not found"', async () => {
    expect(destinationError(Object.assign(new Error('EROFS'), { code: 'EROFS' }), '/media/cd/out')).toMatchObject({ code: 'FOLDER_READ_ONLY', message: '/media/cd/out is on a read-only disk: nothing can be saved there.' })
    expect(destinationError(Object.assign(new Error('EACCES'), { code: 'EACCES' }), '/srv/out', '/srv')).toMatchObject({ code: 'FILE_NOT_WRITABLE', message: 'You do not have permission to write in /srv.' })
  })

  it.runIf(process.platform === 'linux' && process.getuid?.() === 0)('on a real read-only mount, for the folder and for a new folder in it', async () => {
    const dir = await scratch()
    const mounted = join(dir, 'ro')
    await mkdir(mounted)
    expect(readOnlyMount(mounted)).toBe(true)
    await expect(checkDestination(mounted)).rejects.toMatchObject({ code: 'FOLDER_READ_ONLY' })
    await expect(checkDestination(join(mounted, 'new'))).rejects.toMatchObject({ code: 'FOLDER_READ_ONLY' })
  })
})

describe('checkRoomFor', () => {
  it('refuses a plan larger than the free space, naming both', async () => {
    const dir = await scratch()
    await expect(checkRoomFor(dir, 3 * 1024 * 1024, { free: async () => 1024 * 1024 })).rejects.toMatchObject({
      code: 'FOLDER_NO_ROOM',
      message: `Not enough free space in ${dir}: the files to fetch need about 3.00 MiB, and 1.00 MiB is free.`,
    })
    await expect(checkRoomFor(dir, 1024, { free: async () => 1024 * 1024 })).resolves.toBeUndefined()
    // Where the system cannot tell, the sync goes ahead (a full disk still pauses it with DISK_FULL).
    await expect(checkRoomFor(dir, 1024, { free: async () => null })).resolves.toBeUndefined()
  })

  it('answers TIMEOUT when the disk does not answer', async () => {
    const dir = await scratch()
    await expect(checkRoomFor(dir, 1, { free: () => new Promise(() => undefined), timeoutMs: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' })
  })
})

import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

/**
 * A disk that fills up after a few MiB: the real filesystem, except that writes to files whose name contains
 * ".part" fail with ENOSPC once `budget` bytes have gone through. Only the disk is simulated; the sink is real
 * (it opens with fs/promises and writes with fs.writeSync on the handle's descriptor).
 */
const disk = vi.hoisted(() => ({ budget: Number.POSITIVE_INFINITY, partFds: new Set<number>() }))
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  const open: typeof real.open = async (...args) => {
    const handle = await real.open(...args)
    if (String(args[0]).includes('.part')) {
      disk.partFds.add(handle.fd)
      const close = handle.close.bind(handle)
      handle.close = async () => {
        disk.partFds.delete(handle.fd)
        return close()
      }
    }
    return handle
  }
  return { ...real, default: { ...real, open }, open }
})
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  const writeSync = ((fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number) => {
    const size = typeof length === 'number' ? length : buffer.length
    if (disk.partFds.has(fd)) {
      if (disk.budget < size) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
      disk.budget -= size
    }
    return real.writeSync(fd, buffer, offset, length, position)
  }) as typeof real.writeSync
  return { ...real, default: { ...real, writeSync }, writeSync }
})

const { decryptSealedFile, generateKeyPair, openSealedSink } = await import('../../../src/main/crypto')
const { randomBytes, sealWithLibsodium, sha256Hex } = await import('./sealed-fixtures')

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nb-full-'))
  disk.budget = Number.POSITIVE_INFINITY
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('a full disk', () => {
  it('fails with DISK_FULL and leaves nothing under the final name (nor a temp file)', async () => {
    const pair = generateKeyPair()
    const sealed = await sealWithLibsodium(randomBytes(6 * 1024 * 1024), pair.publicKey)
    const input = join(dir, 'in.sealed')
    const { writeFile } = await import('node:fs/promises')
    await writeFile(input, sealed)
    disk.budget = 2 * 1024 * 1024
    await expect(decryptSealedFile({ keyPair: pair, input, target: join(dir, 'out') })).rejects.toMatchObject({ code: 'DISK_FULL' })
    expect(await readdir(dir)).toEqual(['in.sealed'])
  })

  it('keeps a resumable partial when asked, and the resumed file is right once space is back', async () => {
    const pair = generateKeyPair()
    const plaintext = randomBytes(5 * 1024 * 1024 + 9)
    const sealed = await sealWithLibsodium(plaintext, pair.publicKey)
    const target = join(dir, 'out')
    const partialPath = join(dir, '.out.part')
    disk.budget = 3 * 1024 * 1024 + 100
    const sink = await openSealedSink({ keyPair: pair, target, partialPath })
    let failure: unknown
    try {
      for (let offset = 0; offset < sealed.length; offset += 512 * 1024) await sink.write(sealed.subarray(offset, offset + 512 * 1024))
      await sink.finish()
    } catch (error) {
      failure = error
    }
    expect(failure).toMatchObject({ code: 'DISK_FULL' })
    await sink.abort({ keepPartial: true })
    expect(await readdir(dir)).not.toContain('out')

    disk.budget = Number.POSITIVE_INFINITY
    const resumed = await openSealedSink({ keyPair: pair, target, partialPath })
    expect(resumed.resumeOffset).toBeGreaterThan(48)
    await resumed.write(sealed.subarray(resumed.resumeOffset))
    expect((await resumed.finish()).sha256).toBe(sha256Hex(plaintext))
    expect(await readdir(dir)).toEqual(['out'])
  })
})

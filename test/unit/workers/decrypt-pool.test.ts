import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { generateKeyPair } from '../../../src/main/crypto/key-pair'
import { DecryptPool, locateDecryptWorker } from '../../../src/main/workers/decrypt-pool'
import { AppError } from '../../../src/shared/errors'
import { sealedDir, sealedIndex } from '../../helpers/vectors'
import { flipped, randomBytes, randomSplits, readSealedVector, sealWithLibsodium, seededRandom, sha256Hex, vectorKeyPair } from '../crypto/sealed-fixtures'

let dir: string
let pool: DecryptPool
beforeAll(() => {
  pool = new DecryptPool({ size: 2 })
})
afterAll(async () => {
  await pool.close()
})
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nb-pool-'))
  return () => rm(dir, { recursive: true, force: true })
})

describe('DecryptPool (worker threads)', () => {
  const keyPair = vectorKeyPair()

  it('finds its worker script from TypeScript source', () => {
    const location = locateDecryptWorker()
    expect(location.url.protocol).toBe('data:')
    expect(decodeURIComponent(location.url.href)).toContain('/src/main/workers/decrypt-worker.ts')
  })

  it('starts no worker until the first sink, then one per sink running at once, up to its size', async () => {
    const lazy = new DecryptPool({ size: 2 })
    try {
      expect(lazy.running).toBe(0)
      const first = await lazy.openSink({ keyPair, target: join(dir, 'a.bin') })
      expect(lazy.running).toBe(1)
      const second = await lazy.openSink({ keyPair, target: join(dir, 'b.bin') })
      const third = await lazy.openSink({ keyPair, target: join(dir, 'c.bin') })
      expect(lazy.running).toBe(2)
      await Promise.all([first, second, third].map((sink) => sink.abort()))
      expect(await readdir(dir)).toEqual([])
    } finally {
      await lazy.close()
    }
    expect(lazy.running).toBe(0)
  })

  it('decrypts every vector file on a worker, concurrently', async () => {
    const results = await Promise.all(
      sealedIndex.files.map((entry) => pool.decryptFile({ keyPair, input: join(sealedDir, entry.file), target: join(dir, entry.file) })),
    )
    // The pool hands the worker its own copy of the key; the caller's stays intact.
    expect(keyPair.privateKey.some((byte) => byte !== 0)).toBe(true)
    for (const [i, entry] of sealedIndex.files.entries()) {
      expect(results[i]).toEqual({ path: join(dir, entry.file), plaintextBytes: entry.plaintext_size, sha256: entry.plaintext_sha256 })
      expect(sha256Hex(await readFile(join(dir, entry.file)))).toBe(entry.plaintext_sha256)
    }
  })

  it('can skip the plaintext hash and report progress', async () => {
    const entry = sealedIndex.files.find((f) => f.file === 'sealed_1048577.bin')!
    const seen: number[] = []
    const result = await pool.decryptFile({ keyPair, input: join(sealedDir, entry.file), target: join(dir, 'x'), sha256: false, onProgress: (p) => seen.push(p.bytes) })
    expect(result.sha256).toBe('')
    expect(sha256Hex(await readFile(join(dir, 'x')))).toBe(entry.plaintext_sha256)
    expect(seen.every((bytes) => bytes <= entry.plaintext_size + 48)).toBe(true)
  })

  it('streams through a worker sink in random chunks', async () => {
    const random = seededRandom(5)
    const pair = generateKeyPair()
    const plaintext = randomBytes(3 * 1024 * 1024 + 5)
    const sealed = await sealWithLibsodium(plaintext, pair.publicKey)
    const sink = await pool.openSink({ keyPair: pair, target: join(dir, 'out') })
    expect(sink.resumeOffset).toBe(0)
    const original = Buffer.from(sealed)
    for (const chunk of randomSplits(sealed, random, 1_500_000)) await sink.write(chunk)
    // The caller's chunks are untouched (the pool copies before handing them over).
    expect(sealed.equals(original)).toBe(true)
    const result = await sink.finish()
    expect(result).toEqual({ path: join(dir, 'out'), plaintextBytes: plaintext.length, sha256: sha256Hex(plaintext) })
    expect((await readFile(join(dir, 'out'))).equals(plaintext)).toBe(true)
    expect(await readdir(dir)).toEqual(['out'])
  })

  it('keeps typed errors across the thread boundary and leaves nothing behind', async () => {
    const bad = join(dir, 'bad.bin')
    await writeFile(bad, flipped(readSealedVector('sealed_65536.bin'), 100))
    const error = await pool.decryptFile({ keyPair, input: bad, target: join(dir, 'bad.out') }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('SEALED_AUTH_FAILED')

    const sink = await pool.openSink({ keyPair, target: join(dir, 'tampered.out') })
    await sink.write(flipped(readSealedVector('sealed_1048577.bin'), 1_000_000))
    await expect(sink.finish()).rejects.toMatchObject({ code: 'SEALED_AUTH_FAILED' })

    const short = await pool.openSink({ keyPair, target: join(dir, 'short.out') })
    await short.write(new Uint8Array(10))
    await expect(short.finish()).rejects.toMatchObject({ code: 'SEALED_TOO_SHORT' })

    await writeFile(join(dir, 'exists'), 'x')
    await expect(pool.openSink({ keyPair, target: join(dir, 'exists') })).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    await expect(pool.decryptFile({ keyPair, input: dir, target: join(dir, 'd.out') })).rejects.toMatchObject({ code: 'IS_A_DIRECTORY' })
    expect((await readdir(dir)).sort()).toEqual(['bad.bin', 'exists'])
  })

  it('resumes a worker sink from a kept partial', async () => {
    const pair = generateKeyPair()
    const plaintext = randomBytes(2 * 1024 * 1024 + 11)
    const sealed = await sealWithLibsodium(plaintext, pair.publicKey)
    const target = join(dir, 'out')
    const partialPath = join(dir, '.out.part')
    const first = await pool.openSink({ keyPair: pair, target, partialPath })
    const cut = 1_234_567
    await first.write(sealed.subarray(0, cut))
    await first.abort({ keepPartial: true })
    // Bytes still batched on the caller's side are handed to the worker before the abort: every byte written
    // is in the partial, so a resume asks the server for nothing twice.
    const second = await pool.openSink({ keyPair: pair, target, partialPath })
    expect(second.resumeOffset).toBe(cut)
    await second.write(sealed.subarray(second.resumeOffset))
    expect((await second.finish()).sha256).toBe(sha256Hex(plaintext))
    expect(await readdir(dir)).toEqual(['out'])
  })
})

import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  SEALED_HEADER_BYTES,
  decryptSealedFile,
  generateKeyPair,
  headerSidecarPath,
  openSealedSink,
  type SealedSink,
} from '../../../src/main/crypto'
import { sealedDir, sealedIndex } from '../../helpers/vectors'
import { flipped, randomBytes, randomSplits, readSealedVector, sealWithLibsodium, seededRandom, sha256Hex, vectorKeyPair } from './sealed-fixtures'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nb-sink-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return (error as { code: string }).code
  }
  return 'resolved'
}

async function feed(sink: SealedSink, chunks: Uint8Array[]): Promise<void> {
  for (const chunk of chunks) await sink.write(chunk)
}

describe('decryptSealedFile', () => {
  const keyPair = vectorKeyPair()

  it('decrypts every vector from a path and from a stream, with the right SHA-256', async () => {
    for (const entry of sealedIndex.files) {
      const fromPath = join(dir, `path-${entry.file}`)
      const result = await decryptSealedFile({ keyPair, input: join(sealedDir, entry.file), target: fromPath })
      expect(result).toEqual({ path: fromPath, plaintextBytes: entry.plaintext_size, sha256: entry.plaintext_sha256 })
      expect(sha256Hex(await readFile(fromPath))).toBe(entry.plaintext_sha256)

      const fromStream = join(dir, `stream-${entry.file}`)
      const stream = Readable.from(randomSplits(readSealedVector(entry.file), seededRandom(entry.plaintext_size + 1), 30_000))
      const streamed = await decryptSealedFile({ keyPair, input: stream, target: fromStream })
      expect(streamed.sha256).toBe(entry.plaintext_sha256)
    }
    // Only the outputs remain: no temp files.
    expect((await readdir(dir)).sort()).toEqual(sealedIndex.files.flatMap((f) => [`path-${f.file}`, `stream-${f.file}`]).sort())
  })

  it('handles files larger than one read buffer (libsodium-sealed, 5 MiB + 3)', async () => {
    const pair = generateKeyPair()
    const plaintext = randomBytes(5 * 1024 * 1024 + 3)
    const input = join(dir, 'big.sealed')
    await writeFile(input, await sealWithLibsodium(plaintext, pair.publicKey))
    const progress: number[] = []
    const result = await decryptSealedFile({ keyPair: pair, input, target: join(dir, 'big'), onProgress: (p) => progress.push(p.bytes) })
    expect(result.sha256).toBe(sha256Hex(plaintext))
    expect((await readFile(join(dir, 'big'))).equals(plaintext)).toBe(true)
    expect(progress.at(-1)).toBe(plaintext.length + SEALED_HEADER_BYTES)
  })

  it('leaves nothing behind on any bad input', async () => {
    const sealed = readSealedVector('sealed_65536.bin')
    const bad: [string, Uint8Array, string][] = [
      ['empty', new Uint8Array(0), 'SEALED_TOO_SHORT'],
      ['short', sealed.subarray(0, 47), 'SEALED_TOO_SHORT'],
      ['header', flipped(sealed, 3), 'SEALED_AUTH_FAILED'],
      ['tag', flipped(sealed, 47), 'SEALED_AUTH_FAILED'],
      ['body', flipped(sealed, 30_000), 'SEALED_AUTH_FAILED'],
      ['last', flipped(sealed, sealed.length - 1), 'SEALED_AUTH_FAILED'],
      ['truncated', sealed.subarray(0, sealed.length - 1000), 'SEALED_AUTH_FAILED'],
    ]
    await mkdir(join(dir, 'in'))
    await mkdir(join(dir, 'out'))
    for (const [name, data, code] of bad) {
      await writeFile(join(dir, 'in', name), data)
      expect(await codeOf(decryptSealedFile({ keyPair, input: join(dir, 'in', name), target: join(dir, 'out', name) })), name).toBe(code)
    }
    await writeFile(join(dir, 'in', 'good'), sealed)
    expect(await codeOf(decryptSealedFile({ keyPair: generateKeyPair(), input: join(dir, 'in', 'good'), target: join(dir, 'out', 'wrong-key') }))).toBe('SEALED_AUTH_FAILED')
    expect(await codeOf(decryptSealedFile({ keyPair, input: join(dir, 'in'), target: join(dir, 'out', 'folder') }))).toBe('IS_A_DIRECTORY')
    expect(await codeOf(decryptSealedFile({ keyPair, input: join(dir, 'in', 'absent'), target: join(dir, 'out', 'absent') }))).toBe('FILE_NOT_FOUND')
    expect(await readdir(join(dir, 'out'))).toEqual([])
  })

  it('reads a pipe given as a path (e.g. /dev/stdin) as a stream', async () => {
    const entry = sealedIndex.files.find((f) => f.file === 'sealed_65536.bin')!
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    const writer = writeFile(fifo, readSealedVector(entry.file))
    const result = await decryptSealedFile({ keyPair, input: fifo, target: join(dir, 'from-fifo') })
    await writer
    expect(result.sha256).toBe(entry.plaintext_sha256)
  })

  it('can skip the plaintext hash (offline decryption does not keep it)', async () => {
    const entry = sealedIndex.files.find((f) => f.file === 'sealed_1048577.bin')!
    const target = join(dir, 'unhashed')
    const result = await decryptSealedFile({ keyPair, input: join(sealedDir, entry.file), target, sha256: false })
    expect(result).toEqual({ path: target, plaintextBytes: entry.plaintext_size, sha256: '' })
    expect(sha256Hex(await readFile(target))).toBe(entry.plaintext_sha256)
  })

  it('never replaces an existing output unless asked', async () => {
    const target = join(dir, 'out.bin')
    await writeFile(target, 'mine')
    const input = join(sealedDir, 'sealed_1000.bin')
    expect(await codeOf(decryptSealedFile({ keyPair, input, target }))).toBe('FILE_EXISTS')
    expect(await readFile(target, 'utf8')).toBe('mine')
    const result = await decryptSealedFile({ keyPair, input, target, overwrite: true })
    expect(sha256Hex(await readFile(target))).toBe(result.sha256)
    expect(await readdir(dir)).toEqual(['out.bin'])
  })

  it('reports an output folder it cannot write into', async () => {
    await writeFile(join(dir, 'a-file'), 'x')
    const code = await codeOf(decryptSealedFile({ keyPair, input: join(sealedDir, 'sealed_1.bin'), target: join(dir, 'a-file', 'out') }))
    expect(code).toBe('NOT_A_DIRECTORY')
  })

  it('cancels on an aborted signal and leaves nothing', async () => {
    const controller = new AbortController()
    controller.abort()
    expect(await codeOf(decryptSealedFile({ keyPair, input: join(sealedDir, 'sealed_1000.bin'), target: join(dir, 'x'), signal: controller.signal }))).toBe('CANCELLED')
    expect(await readdir(dir)).toEqual([])
  })
})

describe('openSealedSink: resumable partials', () => {
  it('resumes from random interruption points and produces the same file and hash', async () => {
    const random = seededRandom(99)
    const pair = generateKeyPair()
    const plaintext = randomBytes(3 * 1024 * 1024 + 777)
    const sealed = await sealWithLibsodium(plaintext, pair.publicKey)
    const expected = sha256Hex(plaintext)
    for (let round = 0; round < 8; round++) {
      const target = join(dir, `out-${round}`)
      const partialPath = join(dir, `.out-${round}.partial`)
      const cut = round === 0 ? 20 : round === 1 ? SEALED_HEADER_BYTES : random(sealed.length)
      const first = await openSealedSink({ keyPair: pair, target, partialPath })
      expect(first.resumeOffset).toBe(0)
      await feed(first, randomSplits(sealed.subarray(0, cut), random, 400_000))
      await first.abort({ keepPartial: true })

      const second = await openSealedSink({ keyPair: pair, target, partialPath })
      expect(second.resumeOffset).toBe(cut < SEALED_HEADER_BYTES ? 0 : cut)
      await feed(second, randomSplits(sealed.subarray(second.resumeOffset), random, 400_000))
      const result = await second.finish()
      expect(result.sha256).toBe(expected)
      expect(result.plaintextBytes).toBe(plaintext.length)
      expect((await readFile(target)).equals(plaintext)).toBe(true)
    }
    expect((await readdir(dir)).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `out-${i}`).sort())
  })

  it('a corrupted partial fails the tag and leaves nothing', async () => {
    const pair = generateKeyPair()
    const plaintext = randomBytes(200_000)
    const sealed = await sealWithLibsodium(plaintext, pair.publicKey)
    const target = join(dir, 'out')
    const partialPath = join(dir, '.out.partial')
    const first = await openSealedSink({ keyPair: pair, target, partialPath })
    await first.write(sealed.subarray(0, 120_000))
    await first.abort({ keepPartial: true })
    const partial = await readFile(partialPath)
    expect(partial.equals(plaintext.subarray(0, 120_000 - SEALED_HEADER_BYTES))).toBe(true)
    expect((await readFile(headerSidecarPath(partialPath))).equals(sealed.subarray(0, SEALED_HEADER_BYTES))).toBe(true)
    await writeFile(partialPath, flipped(partial, 1234))

    const second = await openSealedSink({ keyPair: pair, target, partialPath })
    expect(second.resumeOffset).toBe(120_000)
    await second.write(sealed.subarray(120_000))
    expect(await codeOf(second.finish())).toBe('SEALED_AUTH_FAILED')
    expect(await readdir(dir)).toEqual([])
  })

  it('abort() without keepPartial removes the partial and its header', async () => {
    const pair = generateKeyPair()
    const sealed = await sealWithLibsodium(randomBytes(10_000), pair.publicKey)
    const partialPath = join(dir, '.p')
    const sink = await openSealedSink({ keyPair: pair, target: join(dir, 'out'), partialPath })
    await sink.write(sealed.subarray(0, 5000))
    await sink.abort()
    expect(await readdir(dir)).toEqual([])
  })

  it('a partial without its header sidecar starts over', async () => {
    const pair = generateKeyPair()
    const plaintext = randomBytes(10_000)
    const sealed = await sealWithLibsodium(plaintext, pair.publicKey)
    const partialPath = join(dir, '.p')
    await writeFile(partialPath, 'stale bytes from somewhere else')
    const sink = await openSealedSink({ keyPair: pair, target: join(dir, 'out'), partialPath })
    expect(sink.resumeOffset).toBe(0)
    await sink.write(sealed)
    expect((await sink.finish()).sha256).toBe(sha256Hex(plaintext))
  })

  it('a damaged header sidecar (a key no one can open) starts over cleanly', async () => {
    const pair = generateKeyPair()
    const plaintext = randomBytes(50_000)
    const sealed = await sealWithLibsodium(plaintext, pair.publicKey)
    const partialPath = join(dir, '.p')
    await writeFile(partialPath, plaintext.subarray(0, 1000))
    await writeFile(headerSidecarPath(partialPath), Buffer.alloc(SEALED_HEADER_BYTES))
    const sink = await openSealedSink({ keyPair: pair, target: join(dir, 'out'), partialPath })
    expect(sink.resumeOffset).toBe(0)
    await sink.write(sealed)
    expect((await sink.finish()).sha256).toBe(sha256Hex(plaintext))
    expect(await readdir(dir)).toEqual(['out'])
  })

  it('refuses an existing target before any work', async () => {
    await writeFile(join(dir, 'out'), 'x')
    expect(await codeOf(openSealedSink({ keyPair: generateKeyPair(), target: join(dir, 'out') }))).toBe('FILE_EXISTS')
    expect(await readdir(dir)).toEqual(['out'])
  })
})

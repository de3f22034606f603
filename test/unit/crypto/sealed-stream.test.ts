import { describe, expect, it } from 'vitest'
import { boxBeforeNm, generateKeyPair, SEALED_HEADER_BYTES, SealedBoxOpener, type KeyPair } from '../../../src/main/crypto'
import { sealedIndex } from '../../helpers/vectors'
import {
  flipped,
  libsodium,
  randomBytes,
  randomSplits,
  readSealedVector,
  sealWithLibsodium,
  seededRandom,
  sha256Hex,
  vectorKeyPair,
} from './sealed-fixtures'

/** Runs the opener over chunks; returns the concatenated plaintext, or the error code. */
function openChunks(keyPair: KeyPair, chunks: Uint8Array[], mode: 'update' | 'into' | 'in-place' = 'update'): Buffer | string {
  const opener = new SealedBoxOpener(keyPair)
  const parts: Uint8Array[] = []
  try {
    for (const chunk of chunks) {
      if (mode === 'update') parts.push(opener.update(chunk))
      else if (mode === 'into') parts.push(Buffer.from(opener.updateInto(chunk, Buffer.alloc(chunk.length))))
      else parts.push(Buffer.from(opener.updateInPlace(Buffer.from(chunk))))
    }
    opener.final()
  } catch (error) {
    return (error as { code: string }).code
  }
  return Buffer.concat(parts)
}

function chunked(data: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let offset = 0; offset < data.length; offset += size) chunks.push(data.subarray(offset, offset + size))
  return chunks
}

describe('SealedBoxOpener (streaming crypto_box_seal_open)', () => {
  const keyPair = vectorKeyPair()

  it('opens every PyNaCl vector, whatever the chunk size', () => {
    for (const entry of sealedIndex.files) {
      const sealed = readSealedVector(entry.file)
      // Byte-at-a-time on the 1 MiB vector would only make the test slow; 13 bytes crosses every boundary too.
      for (const size of entry.plaintext_size > 70_000 ? [13, 4096, 1 << 20] : [1, 13, SEALED_HEADER_BYTES, 64, 4096, 1 << 20]) {
        const plain = openChunks(keyPair, chunked(sealed, size), size === 13 ? 'into' : size === 64 ? 'in-place' : 'update')
        expect(typeof plain, `${entry.file} in ${size}-byte chunks`).not.toBe('string')
        expect((plain as Buffer).length).toBe(entry.plaintext_size)
        expect(sha256Hex(plain as Buffer)).toBe(entry.plaintext_sha256)
      }
    }
  })

  it('derives the same box key as libsodium crypto_box_beforenm', async () => {
    const lib = await libsodium()
    for (let i = 0; i < 8; i++) {
      const a = lib.crypto_box_keypair()
      const b = lib.crypto_box_keypair()
      expect(Buffer.from(boxBeforeNm(a.publicKey, b.privateKey)).toString('hex')).toBe(Buffer.from(lib.crypto_box_beforenm(a.publicKey, b.privateKey)).toString('hex'))
    }
  })

  it('agrees with libsodium on random sizes and random chunk splits (seal with libsodium, open with ours and theirs)', async () => {
    const lib = await libsodium()
    const random = seededRandom(20261127)
    const pair = generateKeyPair()
    for (let round = 0; round < 40; round++) {
      const size = round < 4 ? round : random(round % 5 === 0 ? 300_000 : 5000)
      const plaintext = randomBytes(size)
      const sealed = await sealWithLibsodium(plaintext, pair.publicKey)
      const theirs = Buffer.from(lib.crypto_box_seal_open(sealed, pair.publicKey, pair.privateKey))
      const ours = openChunks(pair, randomSplits(sealed, random, 1 + random(round % 2 ? 100 : 70_000)))
      expect(Buffer.isBuffer(ours), `size ${size}`).toBe(true)
      expect((ours as Buffer).equals(plaintext)).toBe(true)
      expect((ours as Buffer).equals(theirs)).toBe(true)
    }
  })

  it('rejects bad input exactly where libsodium does', async () => {
    const lib = await libsodium()
    const sealed = readSealedVector('sealed_1000.bin')
    const libOpens = (data: Uint8Array, pair: KeyPair): boolean => {
      try {
        lib.crypto_box_seal_open(data, pair.publicKey, pair.privateKey)
        return true
      } catch {
        return false
      }
    }
    const cases: [string, Uint8Array, KeyPair, string][] = [
      ['empty', new Uint8Array(0), keyPair, 'SEALED_TOO_SHORT'],
      ['47 bytes', sealed.subarray(0, 47), keyPair, 'SEALED_TOO_SHORT'],
      ['flipped ephemeral key byte', flipped(sealed, 5), keyPair, 'SEALED_AUTH_FAILED'],
      ['flipped tag byte', flipped(sealed, 40), keyPair, 'SEALED_AUTH_FAILED'],
      ['flipped body byte', flipped(sealed, 500), keyPair, 'SEALED_AUTH_FAILED'],
      ['flipped last byte', flipped(sealed, sealed.length - 1), keyPair, 'SEALED_AUTH_FAILED'],
      ['wrong key', sealed, generateKeyPair(), 'SEALED_AUTH_FAILED'],
      ['truncated last chunk', sealed.subarray(0, sealed.length - 100), keyPair, 'SEALED_AUTH_FAILED'],
      ['one byte too many', Buffer.concat([sealed, Buffer.from([0])]), keyPair, 'SEALED_AUTH_FAILED'],
      ['low-order ephemeral key', Buffer.concat([Buffer.alloc(32), sealed.subarray(32)]), keyPair, 'SEALED_AUTH_FAILED'],
    ]
    for (const [name, data, pair, code] of cases) {
      expect(openChunks(pair, chunked(data, 100)), name).toBe(code)
      expect(libOpens(data, pair), `libsodium on ${name}`).toBe(false)
    }
    expect(libOpens(sealed, keyPair)).toBe(true)
  })

  it('resumes: replaying earlier plaintext rebuilds the MAC, so the tag still verifies', async () => {
    const random = seededRandom(7)
    const pair = generateKeyPair()
    const plaintext = randomBytes(150_000)
    const sealed = await sealWithLibsodium(plaintext, pair.publicKey)
    for (let round = 0; round < 12; round++) {
      const cut = SEALED_HEADER_BYTES + random(plaintext.length + 1)
      const first = new SealedBoxOpener(pair)
      const produced = Buffer.concat(randomSplits(sealed.subarray(0, cut), random, 9000).map((c) => first.update(c)))
      expect(first.ciphertextOffset).toBe(cut)
      const header = first.header!
      first.dispose()

      const second = new SealedBoxOpener(pair)
      expect(second.update(header).length).toBe(0)
      second.replayPlaintext(produced)
      expect(second.ciphertextOffset).toBe(cut)
      const rest = second.update(sealed.subarray(cut))
      second.final()
      expect(Buffer.concat([produced, rest]).equals(plaintext)).toBe(true)

      const tampered = Buffer.from(produced)
      if (tampered.length > 0) {
        tampered[random(tampered.length)]! ^= 0x80
        const third = new SealedBoxOpener(pair)
        third.update(header)
        third.replayPlaintext(tampered)
        third.update(sealed.subarray(cut))
        expect(() => third.final()).toThrow(expect.objectContaining({ code: 'SEALED_AUTH_FAILED' }))
      }
    }
  })

  it('refuses use after final and wipes its key copy', () => {
    const sealed = readSealedVector('sealed_1.bin')
    const opener = new SealedBoxOpener(keyPair)
    opener.update(sealed)
    opener.final()
    expect(() => opener.update(sealed)).toThrow(expect.objectContaining({ code: 'INTERNAL' }))
    expect(Buffer.from((opener as unknown as { privateKey: Buffer }).privateKey).every((b) => b === 0)).toBe(true)
  })
})

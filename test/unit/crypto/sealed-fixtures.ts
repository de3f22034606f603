import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import sodium from 'libsodium-wrappers'
import { keyFromBase64, type KeyPair } from '../../../src/main/crypto/key-pair'
import { keysV2, sealedDir, sealedIndex } from '../../helpers/vectors'

/** The key pair the PyNaCl vectors in test/fixtures/vectors/sealed/ are sealed to (keys_v27). */
export function vectorKeyPair(): KeyPair {
  const key = keysV2.keys_v27
  if (key.public_key !== sealedIndex.public_key) throw new Error('sealed vectors are not sealed to keys_v27')
  return { publicKey: keyFromBase64(key.public_key)!, privateKey: keyFromBase64(key.private_key)! }
}

export function readSealedVector(file: string): Buffer {
  return readFileSync(join(sealedDir, file))
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** libsodium (an independent implementation) as the reference: seal and one-shot open. */
export async function libsodium(): Promise<typeof sodium> {
  await sodium.ready
  return sodium
}

/** Seals with libsodium-wrappers' crypto_box_seal. */
export async function sealWithLibsodium(plaintext: Uint8Array, publicKey: Uint8Array): Promise<Buffer> {
  const lib = await libsodium()
  return Buffer.from(lib.crypto_box_seal(plaintext, publicKey))
}

/** A deterministic-enough random generator for sizes and splits, seeded so a failure can be replayed. */
export function seededRandom(seed: number): (max: number) => number {
  let state = seed >>> 0 || 1
  return (max: number) => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state % Math.max(1, max)
  }
}

/** Splits `data` into random-length views (1..maxChunk bytes). */
export function randomSplits(data: Uint8Array, random: (max: number) => number, maxChunk: number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let offset = 0; offset < data.length; ) {
    const length = 1 + random(maxChunk)
    chunks.push(data.subarray(offset, offset + length))
    offset += length
  }
  return chunks
}

export { randomBytes }

/** Flips one bit of a copy. */
export function flipped(data: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(data)
  copy[index] = copy[index]! ^ 0x01
  return copy
}

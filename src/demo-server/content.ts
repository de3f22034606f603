// The content of seed artifacts declared as `generated: {size, seed}` instead of given.

import { Readable } from 'node:stream'
import sodium from 'sodium-native'

const CHUNK = 1 << 20

// Present in sodium-native, missing from its type definitions: XOR with the ChaCha20 keystream from block `ic`.
const chacha20XorIc = (sodium as unknown as {
  crypto_stream_chacha20_xor_ic(c: Buffer, m: Buffer, n: Buffer, ic: number, k: Buffer): void
}).crypto_stream_chacha20_xor_ic

/**
 * Deterministic pseudo-random bytes for `generated: {size, seed}` artifacts: the ChaCha20 keystream under
 * blake2b(seed). The same seed and size give the same bytes in every process, so tests and benchmarks can
 * ask for large files without anyone storing them.
 */
export function generatedStream(seed: string, size: number): Readable {
  const key = Buffer.alloc(sodium.crypto_stream_chacha20_KEYBYTES)
  sodium.crypto_generichash(key, Buffer.from(seed, 'utf8'))
  const nonce = Buffer.alloc(sodium.crypto_stream_chacha20_NONCEBYTES)
  let offset = 0
  return new Readable({
    read() {
      if (offset >= size) {
        this.push(null)
        return
      }
      const length = Math.min(CHUNK, size - offset)
      const out = Buffer.alloc(length)
      // CHUNK is a multiple of the 64-byte block, so the block counter picks up exactly where it left off.
      chacha20XorIc(out, Buffer.alloc(length), nonce, offset / 64, key)
      offset += length
      this.push(out)
    },
  })
}

/** The whole generated content in memory (only for sealing, which needs it at once). */
export async function generatedBytes(seed: string, size: number): Promise<Buffer> {
  const out = Buffer.alloc(size)
  let at = 0
  for await (const chunk of generatedStream(seed, size)) {
    ;(chunk as Buffer).copy(out, at)
    at += (chunk as Buffer).length
  }
  return out
}

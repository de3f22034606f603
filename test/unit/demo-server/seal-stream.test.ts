import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import sodium from 'sodium-native'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatedBytes, generatedStream } from '../../../src/demo-server/content'
import { sealStreamToFile } from '../../../src/demo-server/seal-stream'

describe('streaming sealed box (demo uploads)', () => {
  let dir: string
  const publicKey = Buffer.alloc(32)
  const secretKey = Buffer.alloc(32)
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nb-seal-'))
    sodium.crypto_box_keypair(publicKey, secretKey)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  for (const size of [0, 1, 31, 32, 33, 63, 64, 65, 1000, (1 << 20) + 3, 3 * (1 << 20) + 17]) {
    it(`libsodium's crypto_box_seal_open opens ${size} bytes sealed as a stream`, async () => {
      const path = join(dir, `s${size}`)
      const written = await sealStreamToFile(publicKey, generatedStream(`seed-${size}`, size), path)
      const sealed = await readFile(path)
      expect(written).toBe(size + 48)
      expect(sealed.length).toBe(size + 48)
      const plain = Buffer.alloc(size)
      expect(sodium.crypto_box_seal_open(plain, sealed, publicKey, secretKey)).toBe(true)
      expect(plain.equals(await generatedBytes(`seed-${size}`, size))).toBe(true)
    })
  }

  it('handles odd chunk boundaries', async () => {
    const data = Buffer.from('a'.repeat(100) + 'b'.repeat(7))
    const path = join(dir, 'odd')
    await sealStreamToFile(publicKey, Readable.from([data.subarray(0, 3), data.subarray(3, 70), data.subarray(70)]), path)
    const plain = Buffer.alloc(data.length)
    expect(sodium.crypto_box_seal_open(plain, await readFile(path), publicKey, secretKey)).toBe(true)
    expect(plain.equals(data)).toBe(true)
  })
})

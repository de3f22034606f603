// Secrets where they are said to be (issue 14): private keys and storage keys in buffers of their own (libsodium
// secure memory in plain Node), decoded straight into them rather than through Node's shared Buffer pool, and
// gone after lock. What JavaScript strings hold cannot be tested away; docs/security.md says which they are.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { keyFromBase64, keyPairFromPrivateKey, toBase64 } from '../../../src/main/crypto/key-pair'
import { parseKeyFile, parseKeyFileBytes, serializeKeyFile } from '../../../src/main/crypto/key-file'
import { unlockKeyBlob, unwrapPrivateKey, wrapPrivateKey } from '../../../src/main/crypto/key-scheme'
import {
  allocSecret,
  base64Into,
  base64Length,
  isSecureBuffer,
  secretFromBase64,
  secretFromBase64Bytes,
  SECURE_MEMORY_AVAILABLE,
  wipe,
} from '../../../src/main/crypto/secret-bytes'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import type { ApiUser } from '../../../src/main/numerbay'
import { createVault } from '../../../src/main/vault'
import { keysV2 } from '../../helpers/vectors'

/**
 * Allocates small slices until Node starts a new shared pool, and returns that pool: whatever a pooled
 * allocation puts there next is visible to the test.
 */
function freshPool(): ArrayBuffer {
  const first = Buffer.allocUnsafe(1).buffer
  for (;;) {
    const next = Buffer.allocUnsafe(256).buffer
    if (next !== first) return next
  }
}

/** A Buffer over the same memory: Buffer.from(bytes) would itself copy them into the pool being searched. */
const view = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
const same = (a: Uint8Array, b: Uint8Array): boolean => view(a).equals(view(b))

/** Whether `needle` appears anywhere in the current shared pool (the one freshPool() returned, still in use). */
function inPool(pool: ArrayBuffer, needle: Uint8Array): boolean {
  expect(Buffer.allocUnsafe(1).buffer, 'the pool was replaced during the test').toBe(pool)
  return Buffer.from(pool).indexOf(view(needle)) !== -1
}

const walletSigner = () => createKeySigner(parsePrivateKeyHex(keysV2.wallet.private_key))

describe('decoding a key', () => {
  it('writes it straight into a buffer of its own, never into Node\'s shared pool', () => {
    const privateKey = randomBytes(32)
    const text = privateKey.toString('base64')
    const pool = freshPool()
    const decoded = keyFromBase64(text)!
    expect(same(decoded, privateKey)).toBe(true)
    expect(inPool(pool, privateKey)).toBe(false)
    expect(decoded.buffer).not.toBe(pool)
  })

  it('reads numerbay.json into its own buffers, the exact web-app form without a string of the key', () => {
    const pair = keyPairFromPrivateKey(randomBytes(32))
    const file = serializeKeyFile(pair)
    expect(file.toString('utf8')).toBe(JSON.stringify({ public_key: toBase64(pair.publicKey), private_key: toBase64(pair.privateKey) }))
    const pool = freshPool()
    const parsed = parseKeyFileBytes(file)
    expect(same(parsed.privateKey, pair.privateKey)).toBe(true)
    expect(inPool(pool, pair.privateKey)).toBe(false)
    // Other layouts (pretty-printed, a trailing newline) still parse, through JSON.
    const pretty = Buffer.from(`${JSON.stringify({ private_key: toBase64(pair.privateKey), public_key: toBase64(pair.publicKey) }, null, 2)}\n`)
    expect(Buffer.from(parseKeyFileBytes(pretty).privateKey).equals(Buffer.from(pair.privateKey))).toBe(true)
    expect(Buffer.from(parseKeyFileBytes(Buffer.concat([file, Buffer.from('\n')])).privateKey).equals(Buffer.from(pair.privateKey))).toBe(true)
    expect(Buffer.from(parseKeyFile(file.toString('utf8')).privateKey).equals(Buffer.from(pair.privateKey))).toBe(true)
  })

  it('unlocks a NumerBay key with neither the private key nor the storage key passing through the pool', async () => {
    const privateKey = Buffer.from(keysV2.keys_v27.private_key, 'base64')
    const storageKey = Buffer.from(keysV2.keys_v27.storage_key_base64, 'base64')
    const signer = walletSigner()
    // The signature comes first (the signer's own buffers); from there on, nothing may be pooled.
    const signature = await signer.signPersonalMessage(new TextEncoder().encode(JSON.parse(keysV2.keys_v27.encrypted_private_key_v2).salt))
    const blob = keysV2.keys_v27.encrypted_private_key_v2
    const pool = freshPool()
    const pair = await unlockKeyBlob(blob, { ...signer, signPersonalMessage: async () => signature })
    expect(same(pair.privateKey, privateKey)).toBe(true)
    expect(inPool(pool, privateKey)).toBe(false)
    expect(inPool(pool, storageKey)).toBe(false)
  })

  it('wraps and unwraps in the web app\'s exact bytes ({"data":"…"}), through secret buffers', () => {
    const privateKey = allocSecret(32)
    privateKey.set(randomBytes(32))
    const storageKey = randomBytes(32)
    const wrapped = wrapPrivateKey(privateKey, storageKey)
    const opened = unwrapPrivateKey(wrapped, storageKey)!
    expect(Buffer.from(opened).equals(Buffer.from(privateKey))).toBe(true)
    if (SECURE_MEMORY_AVAILABLE) expect(isSecureBuffer(opened)).toBe(true)
  })
})

describe('secret buffers', () => {
  it('are libsodium secure memory in plain Node, and ordinary buffers of their own where it cannot be used', () => {
    expect(SECURE_MEMORY_AVAILABLE).toBe(true)
    expect(isSecureBuffer(allocSecret(32))).toBe(true)
    const plain = allocSecret(32, { secure: false })
    expect(isSecureBuffer(plain)).toBe(false)
    expect(plain.buffer.byteLength).toBe(32)
    expect(plain.byteOffset).toBe(0)
  })

  it('are zeroed by wipe (secure memory is freed too: nothing stale can be read through it)', () => {
    const plain = allocSecret(32, { secure: false })
    plain.fill(7)
    wipe(plain)
    expect([...plain].every((byte) => byte === 0)).toBe(true)
    const secure = allocSecret(32)
    secure.fill(7)
    wipe(secure)
    expect(secure.length).toBe(0)
  })

  it('base64 between byte arrays matches Node\'s own, and refuses what is not canonical base64 of the length', () => {
    for (const length of [1, 2, 3, 31, 32, 33, 64]) {
      const bytes = randomBytes(length)
      const encoded = new Uint8Array(base64Length(length))
      expect(base64Into(bytes, encoded, 0)).toBe(encoded.length)
      expect(Buffer.from(encoded).toString('latin1')).toBe(bytes.toString('base64'))
      expect(Buffer.from(secretFromBase64Bytes(encoded, length)!).equals(bytes)).toBe(true)
      expect(Buffer.from(secretFromBase64(bytes.toString('base64'), length)!).equals(bytes)).toBe(true)
    }
    const key = Buffer.alloc(32, 1).toString('base64')
    const latin = (text: string) => Buffer.from(text, 'latin1')
    expect(secretFromBase64Bytes(latin(key.slice(0, -2) + 'F='), 32)).toBeNull() // stray bits after the last byte
    expect(secretFromBase64Bytes(latin(key.replace('A', '-')), 32)).toBeNull()
    expect(secretFromBase64Bytes(latin(key), 31)).toBeNull()
    expect(secretFromBase64(Buffer.alloc(33, 1).toString('base64'), 32)).toBeNull()
    expect(secretFromBase64(key + '=', 32)).toBeNull()
  })
})

describe('after lock', () => {
  let dataDir: string
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'secret-lock-'))
  })
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('the vault\'s private key buffer is gone, and the copies it handed out are the holder\'s own', async () => {
    const user = {
      id: 1,
      username: 'u',
      email: null,
      is_active: true,
      public_address: keysV2.wallet.address_lower,
      social_discord: null,
      social_linkedin: null,
      social_twitter: null,
      social_website: null,
      public_key: null,
      encrypted_private_key: null,
      public_key_v2: keysV2.keys_v27.public_key,
      encrypted_private_key_v2: keysV2.keys_v27.encrypted_private_key_v2,
    } satisfies ApiUser
    const vault = createVault({ dataDir })
    await vault.setAccount(user)
    await vault.unlock(walletSigner())
    const held = (vault as unknown as { current: { privateKey: Uint8Array } }).current.privateKey
    expect(isSecureBuffer(held)).toBe(true)
    const copy = vault.keyPairFor(keysV2.keys_v27.public_key)!
    expect(copy.privateKey.buffer).not.toBe(held.buffer)
    vault.lock()
    expect(held.length).toBe(0)
    // The copy is the holder's to wipe, and still intact until it does.
    expect(toBase64(copy.privateKey)).toBe(keysV2.keys_v27.private_key)
    wipe(copy.privateKey)
    expect(copy.privateKey.length).toBe(0)
  })
})

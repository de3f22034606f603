import { describe, expect, it } from 'vitest'
import nacl from 'tweetnacl'
import { keccak256 } from 'ethers'
import {
  SALT_MESSAGE_PREFIX,
  createKeyBlob,
  keyFromBase64,
  newSaltMessage,
  parseKeyBlob,
  publicKeyFromPrivateKey,
  storageKeyFromSignature,
  toBase64,
  unlockKeyBlob,
  unwrapPrivateKey,
} from '../../../src/main/crypto'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import { signatureFromHex } from '../../../src/main/signers/signature'
import type { Signer } from '../../../src/main/signers/types'
import { keysV2 } from '../../helpers/vectors'

const walletSigner = (): Signer => createKeySigner(parsePrivateKeyHex(keysV2.wallet.private_key))

/** A signer that answers v = 0/1, like some wallets: what made the keys_v01 vector. */
function zeroOneSigner(inner: Signer): Signer {
  return {
    ...inner,
    signPersonalMessage: async (m) => {
      const sig = await inner.signPersonalMessage(m)
      sig[64] = sig[64]! - 27
      return sig
    },
  }
}

describe('v2 key scheme (byte-compatible with numerbay.ai)', () => {
  it('derives the storage key as keccak256 of the 65 signature bytes', () => {
    for (const v of [keysV2.keys_v27, keysV2.keys_v01]) {
      const key = storageKeyFromSignature(signatureFromHex(v.signature))
      expect(toBase64(key)).toBe(v.storage_key_base64)
      expect('0x' + Buffer.from(key).toString('hex')).toBe(keccak256(v.signature))
    }
  })

  it('unlocks the web-app key made with a 27/28 wallet', async () => {
    const pair = await unlockKeyBlob(keysV2.keys_v27.encrypted_private_key_v2, walletSigner())
    expect(toBase64(pair.privateKey)).toBe(keysV2.keys_v27.private_key)
    expect(toBase64(pair.publicKey)).toBe(keysV2.keys_v27.public_key)
  })

  it('unlocks the key made with a 0/1 wallet through the v-form fallback, from either signer form', async () => {
    for (const signer of [walletSigner(), zeroOneSigner(walletSigner())]) {
      const pair = await unlockKeyBlob(keysV2.keys_v01.encrypted_private_key_v2, signer)
      expect(toBase64(pair.privateKey)).toBe(keysV2.keys_v01.private_key)
    }
  })

  it('refuses a blob whose salt another wallet signed', async () => {
    const other = createKeySigner(parsePrivateKeyHex('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'))
    await expect(unlockKeyBlob(keysV2.keys_v27.encrypted_private_key_v2, other)).rejects.toMatchObject({ code: 'KEY_UNWRAP_FAILED' })
  })

  it('rejects malformed blobs with KEY_BLOB_INVALID', async () => {
    for (const bad of ['', 'not json', '{}', '{"data":1,"salt":"x"}', '{"data":"@@@","salt":"x"}']) {
      await expect(unlockKeyBlob(bad, walletSigner())).rejects.toMatchObject({ code: 'KEY_BLOB_INVALID' })
    }
  })

  it('creates keys the web app can open (tweetnacl secretbox, same JSON shape)', async () => {
    const { keyPair, blob } = await createKeyBlob(walletSigner())
    expect(blob).toMatch(/^\{"data":"[A-Za-z0-9+/=]+","salt":"Sign this to retrieve your encryption key\.\\n\\nSalt:[A-Za-z0-9+/]{43}="\}$/)
    const { data, salt } = parseKeyBlob(blob)
    const sig = await walletSigner().signPersonalMessage(new TextEncoder().encode(salt))
    const raw = Buffer.from(data, 'base64')
    const opened = nacl.secretbox.open(raw.subarray(24), raw.subarray(0, 24), storageKeyFromSignature(sig))
    expect(opened).not.toBeNull()
    const inner = JSON.parse(Buffer.from(opened!).toString('utf8'))
    expect(Object.keys(inner)).toEqual(['data'])
    expect(new Uint8Array(keyFromBase64(inner.data)!)).toEqual(new Uint8Array(keyPair.privateKey))
    expect(publicKeyFromPrivateKey(keyPair.privateKey)).toEqual(keyPair.publicKey)
    expect(nacl.box.keyPair.fromSecretKey(keyPair.privateKey).publicKey).toEqual(new Uint8Array(keyPair.publicKey))
    const reopened = await unlockKeyBlob(blob, walletSigner())
    expect(new Uint8Array(reopened.privateKey)).toEqual(new Uint8Array(keyPair.privateKey))
  })

  it('refuses to create a key with a signer that does not sign deterministically', async () => {
    let n = 0
    const inner = walletSigner()
    const flaky: Signer = { ...inner, signPersonalMessage: async (m) => inner.signPersonalMessage(new Uint8Array([...m, n++])) }
    await expect(createKeyBlob(flaky)).rejects.toMatchObject({ code: 'SIGNER_NOT_DETERMINISTIC' })
  })

  it('makes salts exactly like the web app', () => {
    const a = newSaltMessage()
    expect(a.startsWith(SALT_MESSAGE_PREFIX)).toBe(true)
    expect(Buffer.from(a.slice(SALT_MESSAGE_PREFIX.length), 'base64')).toHaveLength(32)
    expect(a).not.toBe(newSaltMessage())
  })

  it('returns null for a wrong storage key', () => {
    const { data } = parseKeyBlob(keysV2.keys_v27.encrypted_private_key_v2)
    expect(unwrapPrivateKey(data, new Uint8Array(32))).toBeNull()
  })
})

describe('the salt a server sends (issue 14)', () => {
  const data = JSON.parse(keysV2.keys_v27.encrypted_private_key_v2).data as string
  const blobWith = (salt: string): string => JSON.stringify({ data, salt })
  const b64 = (bytes: number): string => Buffer.alloc(bytes, 7).toString('base64')

  it('is refused before any signer sees it unless it is exactly the v2 prefix and base64 of 32 bytes', async () => {
    const asked: string[] = []
    const inner = walletSigner()
    const recording: Signer = { ...inner, signPersonalMessage: async (m) => (asked.push(new TextDecoder().decode(m)), inner.signPersonalMessage(m)) }
    const hostile = [
      'I am signing my one-time nonce: 5f2b',
      SALT_MESSAGE_PREFIX + 'abc',
      SALT_MESSAGE_PREFIX + b64(31),
      SALT_MESSAGE_PREFIX + b64(33),
      SALT_MESSAGE_PREFIX + b64(32) + '\n',
      SALT_MESSAGE_PREFIX + b64(32).slice(0, -2) + 'B=', // non-canonical: stray bits after the 32nd byte
      'Sign this to unlock your NumerBay Desktop keyring.\n\nSalt:' + b64(32),
      ' ' + SALT_MESSAGE_PREFIX + b64(32),
    ]
    for (const salt of hostile) {
      await expect(unlockKeyBlob(blobWith(salt), recording), JSON.stringify(salt)).rejects.toMatchObject({ code: 'KEY_SALT_INVALID' })
    }
    expect(asked).toEqual([])
    // The genuine form still goes to the signer.
    await unlockKeyBlob(keysV2.keys_v27.encrypted_private_key_v2, recording)
    expect(asked).toEqual([JSON.parse(keysV2.keys_v27.encrypted_private_key_v2).salt])
  })
})

// NumerBay's encryption-v2 key scheme, byte-compatible with the web app: the wallet signs a salt message, keccak256
// of the signature is the storage key, and a secretbox under it wraps the private key.

import sodium from 'sodium-native'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AppError } from '../../shared/errors'
import { fromBase64Strict, generateKeyPair, KEY_BYTES, keyFromBase64, keyPairFromPrivateKey, sameBytes, wipe, type KeyPair } from './key-pair'
import { allocSecret, base64Into, base64Length, bufferView, secretFromBase64Bytes } from './secret-bytes'

/**
 * What the key scheme needs of a wallet: an EIP-191 personal_sign in MetaMask form (65 bytes, v = 27/28).
 * Every Signer in src/main/signers has this shape.
 */
export interface PersonalMessageSigner {
  signPersonalMessage(message: Uint8Array): Promise<Uint8Array>
}

/** The exact text the web app asks the wallet to sign, before the base64 salt (LFs are real newlines). */
export const SALT_MESSAGE_PREFIX = 'Sign this to retrieve your encryption key.\n\nSalt:'

/** What NumerBay stores as encrypted_private_key_v2: JSON {data, salt}, in that key order, no whitespace. */
export interface EncryptedKeyBlob {
  /** base64(nonce(24) ‖ secretbox(JSON {"data": privateKeyBase64})) */
  readonly data: string
  /** The full salt message that was signed. */
  readonly salt: string
}

/**
 * Refuses any salt message but the exact form the web app makes: the prefix, then canonical base64 of 32
 * bytes. The salt comes from the server, and whatever it says the wallet signs: a hostile or spoofed server
 * must not get the app to sign a message of its choosing (another site's login, another scheme's salt).
 */
export function assertSaltMessage(salt: string, prefix: string = SALT_MESSAGE_PREFIX): void {
  const encoded = salt.startsWith(prefix) ? salt.slice(prefix.length) : null
  const bytes = encoded === null ? null : fromBase64Strict(encoded)
  if (!bytes || bytes.length !== sodium.crypto_secretbox_KEYBYTES || Buffer.from(bytes).toString('base64') !== encoded) {
    throw new AppError('KEY_SALT_INVALID', { detail: `expected ${JSON.stringify(prefix)} followed by base64 of 32 bytes` })
  }
}

/** A fresh salt message: the prefix plus base64 of 32 random bytes, as the web app makes it. */
export function newSaltMessage(): string {
  const random = Buffer.alloc(sodium.crypto_secretbox_KEYBYTES)
  sodium.randombytes_buf(random)
  return SALT_MESSAGE_PREFIX + random.toString('base64')
}

/** Storage key = keccak256 of the 65 raw signature bytes (not of the hex text), in a secret buffer of its own. */
export function storageKeyFromSignature(signature: Uint8Array): Uint8Array {
  const key = allocSecret(32)
  keccak_256.create().update(signature).digestInto(key)
  return key
}

// The plaintext the web app wraps: JSON.stringify({data: base64(privateKey)}), i.e. these bytes around the key.
const DATA_OPEN = new TextEncoder().encode('{"data":"')
const DATA_CLOSE = new TextEncoder().encode('"}')

/**
 * The wrapped plaintext {"data":"<base64 key>"}, byte for byte what JSON.stringify gives, written straight into
 * a secret buffer: no string of the key is ever made.
 */
function keyJsonBytes(privateKey: Uint8Array): Buffer {
  const message = allocSecret(DATA_OPEN.length + base64Length(privateKey.length) + DATA_CLOSE.length)
  message.set(DATA_OPEN, 0)
  const end = base64Into(privateKey, message, DATA_OPEN.length)
  message.set(DATA_CLOSE, end)
  return message
}

/** Wraps a private key the way the web app does: secretbox over {"data": base64(privateKey)}. */
export function wrapPrivateKey(privateKey: Uint8Array, storageKey: Uint8Array): string {
  const message = keyJsonBytes(privateKey)
  const nonce = Buffer.alloc(sodium.crypto_secretbox_NONCEBYTES)
  sodium.randombytes_buf(nonce)
  const box = Buffer.alloc(message.length + sodium.crypto_secretbox_MACBYTES)
  try {
    sodium.crypto_secretbox_easy(box, message, nonce, bufferView(storageKey))
  } finally {
    wipe(message)
  }
  return Buffer.concat([nonce, box]).toString('base64')
}

/**
 * The private key inside an opened {"data":"…"}: the exact form JSON.stringify writes is read from the bytes
 * into a secret buffer; any other JSON (whitespace, escapes) goes through JSON.parse, whose strings cannot be
 * wiped (docs/security.md).
 */
function keyFromJsonBytes(message: Buffer): Uint8Array | null {
  const b64Length = base64Length(KEY_BYTES)
  const exact =
    message.length === DATA_OPEN.length + b64Length + DATA_CLOSE.length &&
    message.subarray(0, DATA_OPEN.length).equals(DATA_OPEN) &&
    message.subarray(message.length - DATA_CLOSE.length).equals(DATA_CLOSE)
  if (exact) return secretFromBase64Bytes(message.subarray(DATA_OPEN.length, DATA_OPEN.length + b64Length), KEY_BYTES)
  const parsed: unknown = JSON.parse(message.toString('utf8'))
  return typeof parsed === 'object' && parsed !== null ? keyFromBase64(String((parsed as { data?: unknown }).data)) : null
}

/** base64(nonce ‖ box) decoded, or KEY_BLOB_INVALID: checked before anyone is asked to sign for it. */
function wrappedBytes(data: string): Uint8Array {
  const raw = fromBase64Strict(data)
  const overhead = sodium.crypto_secretbox_NONCEBYTES + sodium.crypto_secretbox_MACBYTES
  if (!raw || raw.length <= overhead) throw new AppError('KEY_BLOB_INVALID', { message: 'The encrypted key data is not valid base64 of the right length.' })
  return raw
}

/** Opens a wrapped private key; null when the storage key is wrong (or the data was altered). */
export function unwrapPrivateKey(data: string, storageKey: Uint8Array): Uint8Array | null {
  const raw = wrappedBytes(data)
  const nonce = bufferView(raw.subarray(0, sodium.crypto_secretbox_NONCEBYTES))
  const box = bufferView(raw.subarray(sodium.crypto_secretbox_NONCEBYTES))
  const message = allocSecret(box.length - sodium.crypto_secretbox_MACBYTES)
  try {
    if (!sodium.crypto_secretbox_open_easy(message, box, nonce, bufferView(storageKey))) return null
    const key = keyFromJsonBytes(message)
    if (!key) throw new AppError('KEY_BLOB_INVALID', { message: 'The decrypted key is not a 32-byte base64 key.' })
    return key
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError('KEY_BLOB_INVALID', { message: 'The decrypted key is not in the NumerBay format.' })
  } finally {
    wipe(message)
  }
}

/** Parses encrypted_private_key_v2 exactly as NumerBay stores it. */
export function parseKeyBlob(json: string): EncryptedKeyBlob {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw new AppError('KEY_BLOB_INVALID', { message: 'The encrypted key is not valid JSON.' })
  }
  const { data, salt } = (parsed ?? {}) as { data?: unknown; salt?: unknown }
  if (typeof data !== 'string' || typeof salt !== 'string' || data === '' || salt === '') {
    throw new AppError('KEY_BLOB_INVALID', { message: 'The encrypted key must be JSON with "data" and "salt" strings.' })
  }
  return { data, salt }
}

/** Serialises a blob byte-for-byte like the web app's JSON.stringify({data, salt}). */
export function serializeKeyBlob(blob: EncryptedKeyBlob): string {
  return JSON.stringify({ data: blob.data, salt: blob.salt })
}

/**
 * Unlocks a v2 key: signs the stored salt, derives the storage key, decrypts. A key made by a wallet that
 * answers v = 0/1 has a storage key from those bytes, so the other v convention is tried before failing.
 */
export async function unlockKeyBlob(blobJson: string, signer: PersonalMessageSigner): Promise<KeyPair> {
  const blob = parseKeyBlob(blobJson)
  wrappedBytes(blob.data)
  assertSaltMessage(blob.salt)
  const signature = await signer.signPersonalMessage(new TextEncoder().encode(blob.salt))
  for (const candidate of [signature, otherVForm(signature)]) {
    const storageKey = storageKeyFromSignature(candidate)
    const privateKey = unwrapPrivateKey(blob.data, storageKey)
    wipe(storageKey, candidate)
    if (privateKey) return keyPairFromPrivateKey(privateKey)
  }
  throw new AppError('KEY_UNWRAP_FAILED')
}

export interface CreatedKey {
  readonly keyPair: KeyPair
  /** encrypted_private_key_v2, ready for upload. */
  readonly blob: string
}

/**
 * Makes a new key pair wrapped under a fresh salt. The salt is signed twice and the two signatures must be
 * equal: a wallet that signs non-deterministically would produce a key nobody can ever unlock again.
 */
export async function createKeyBlob(signer: PersonalMessageSigner, keyPair: KeyPair = generateKeyPair()): Promise<CreatedKey> {
  const salt = newSaltMessage()
  const message = new TextEncoder().encode(salt)
  const first = await signer.signPersonalMessage(message)
  const second = await signer.signPersonalMessage(message)
  if (!sameBytes(first, second)) {
    wipe(first, second)
    throw new AppError('SIGNER_NOT_DETERMINISTIC')
  }
  const storageKey = storageKeyFromSignature(first)
  const data = wrapPrivateKey(keyPair.privateKey, storageKey)
  wipe(storageKey, first, second)
  return { keyPair, blob: serializeKeyBlob({ data, salt }) }
}

/** The same signature with the other v convention (27/28 ↔ 0/1); used to unwrap keys made by 0/1 wallets. */
export function otherVForm(signature: Uint8Array): Uint8Array {
  const v = signature[64]!
  const out = signature.slice()
  if (v === 27 || v === 28) out[64] = v - 27
  else if (v === 0 || v === 1) out[64] = v + 27
  else throw new AppError('SIGNATURE_INVALID', { message: `The signature's recovery byte (${v}) is not 0, 1, 27 or 28.` })
  return out
}

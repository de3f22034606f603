import sodium from 'sodium-native'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AppError } from '../../shared/errors'
import { otherVForm } from '../signers/signature'
import type { Signer } from '../signers/types'
import { fromBase64Strict, generateKeyPair, keyFromBase64, keyPairFromPrivateKey, sameBytes, toBase64, wipe, type KeyPair } from './key-pair'

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

/** Storage key = keccak256 of the 65 raw signature bytes (not of the hex text). */
export function storageKeyFromSignature(signature: Uint8Array): Uint8Array {
  return keccak_256(signature)
}

/** Wraps a private key the way the web app does: secretbox over {"data": base64(privateKey)}. */
export function wrapPrivateKey(privateKey: Uint8Array, storageKey: Uint8Array): string {
  const message = Buffer.from(JSON.stringify({ data: toBase64(privateKey) }), 'utf8')
  const nonce = Buffer.alloc(sodium.crypto_secretbox_NONCEBYTES)
  sodium.randombytes_buf(nonce)
  const box = Buffer.alloc(message.length + sodium.crypto_secretbox_MACBYTES)
  sodium.crypto_secretbox_easy(box, message, nonce, Buffer.from(storageKey))
  message.fill(0)
  return Buffer.concat([nonce, box]).toString('base64')
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
  const nonce = Buffer.from(raw.subarray(0, sodium.crypto_secretbox_NONCEBYTES))
  const box = Buffer.from(raw.subarray(sodium.crypto_secretbox_NONCEBYTES))
  const message = Buffer.alloc(box.length - sodium.crypto_secretbox_MACBYTES)
  if (!sodium.crypto_secretbox_open_easy(message, box, nonce, Buffer.from(storageKey))) return null
  try {
    const parsed: unknown = JSON.parse(message.toString('utf8'))
    const key = typeof parsed === 'object' && parsed !== null ? keyFromBase64(String((parsed as { data?: unknown }).data)) : null
    if (!key) throw new AppError('KEY_BLOB_INVALID', { message: 'The decrypted key is not a 32-byte base64 key.' })
    return key
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError('KEY_BLOB_INVALID', { message: 'The decrypted key is not in the NumerBay format.' })
  } finally {
    message.fill(0)
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
export async function unlockKeyBlob(blobJson: string, signer: Signer): Promise<KeyPair> {
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
export async function createKeyBlob(signer: Signer, keyPair: KeyPair = generateKeyPair()): Promise<CreatedKey> {
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


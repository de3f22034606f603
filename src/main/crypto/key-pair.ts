// The X25519 key pair and its encodings: base64 as the web app writes keys, decoded straight into secret buffers,
// compared in constant time.

import sodium from 'sodium-native'
import { AppError } from '../../shared/errors'
import { allocSecret, bufferView, secretCopy, secretFromBase64 } from './secret-bytes'

// Callers import wipe from here as before; it lives with the secret buffers it must know how to free.
export { wipe } from './secret-bytes'

export const KEY_BYTES = 32

/** A NumerBay encryption key pair: X25519, 32 bytes each (the web app's nacl.box.keyPair()). */
export interface KeyPair {
  readonly publicKey: Uint8Array
  readonly privateKey: Uint8Array
}

/** A fresh pair; the private key is made in a secret buffer of its own (see secret-bytes). */
export function generateKeyPair(): KeyPair {
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES)
  const privateKey = allocSecret(sodium.crypto_box_SECRETKEYBYTES)
  sodium.crypto_box_keypair(publicKey, privateKey)
  return { publicKey, privateKey }
}

export function publicKeyFromPrivateKey(privateKey: Uint8Array): Uint8Array {
  if (privateKey.length !== KEY_BYTES) throw new AppError('KEY_FILE_INVALID', { message: 'A private key must be 32 bytes.' })
  const publicKey = Buffer.alloc(sodium.crypto_scalarmult_BYTES)
  // Read where it lies: a Buffer.from copy would leave the key in Node's shared pool.
  sodium.crypto_scalarmult_base(publicKey, bufferView(privateKey))
  return publicKey
}

/** The pair of a private key, holding its own secret copy (the caller still wipes `privateKey`). */
export function keyPairFromPrivateKey(privateKey: Uint8Array): KeyPair {
  return { publicKey: publicKeyFromPrivateKey(privateKey), privateKey: secretCopy(privateKey) }
}

/** A copy of a pair whose private key is a secret buffer of its own, for a holder that wipes it. */
export function copyKeyPair(pair: KeyPair): KeyPair {
  return { publicKey: Uint8Array.from(pair.publicKey), privateKey: secretCopy(pair.privateKey) }
}

/** Standard base64 with padding, as the web app and the Python client write keys. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** Strict standard base64 (the alphabet, length and padding must be right); null otherwise. */
export function fromBase64Strict(text: string): Uint8Array | null {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return null
  return new Uint8Array(Buffer.from(text, 'base64'))
}

/**
 * Decodes a 32-byte base64 key straight into a secret buffer of its own, or returns null. Used for private
 * keys and public keys alike (a public key in secure memory costs nothing and keeps one decoder).
 */
export function keyFromBase64(text: string): Uint8Array | null {
  return secretFromBase64(text, KEY_BYTES)
}

/** Constant-time comparison, reading both where they lie (no pooled copies). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && sodium.sodium_memcmp(bufferView(a), bufferView(b))
}

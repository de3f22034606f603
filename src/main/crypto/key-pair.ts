import sodium from 'sodium-native'
import { AppError } from '../../shared/errors'

export const KEY_BYTES = 32

/** A NumerBay encryption key pair: X25519, 32 bytes each (the web app's nacl.box.keyPair()). */
export interface KeyPair {
  readonly publicKey: Uint8Array
  readonly privateKey: Uint8Array
}

export function generateKeyPair(): KeyPair {
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES)
  const privateKey = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES)
  sodium.crypto_box_keypair(publicKey, privateKey)
  return { publicKey, privateKey }
}

export function publicKeyFromPrivateKey(privateKey: Uint8Array): Uint8Array {
  if (privateKey.length !== KEY_BYTES) throw new AppError('KEY_FILE_INVALID', { message: 'A private key must be 32 bytes.' })
  const publicKey = Buffer.alloc(sodium.crypto_scalarmult_BYTES)
  sodium.crypto_scalarmult_base(publicKey, Buffer.from(privateKey))
  return publicKey
}

export function keyPairFromPrivateKey(privateKey: Uint8Array): KeyPair {
  return { publicKey: publicKeyFromPrivateKey(privateKey), privateKey: Uint8Array.from(privateKey) }
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

/** Decodes a 32-byte base64 key or returns null. */
export function keyFromBase64(text: string): Uint8Array | null {
  const bytes = fromBase64Strict(text)
  return bytes && bytes.length === KEY_BYTES ? bytes : null
}

/** Overwrites key material we no longer need; the GC may still hold copies, but ours are gone. */
export function wipe(...buffers: (Uint8Array | undefined)[]): void {
  for (const buffer of buffers) buffer?.fill(0)
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && sodium.sodium_memcmp(Buffer.from(a), Buffer.from(b))
}

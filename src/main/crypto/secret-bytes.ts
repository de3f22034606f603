// Where private keys and storage keys live: in buffers of their own, never in a slice of Node's shared pool
// (Buffer.from(…) and Buffer.allocUnsafe(…) of small sizes hand out slices of one 8 KiB pool that is reused
// but never wiped), decoded straight into that buffer, and zeroed when no longer needed.
//
// In plain Node (the CLI, the tests, the preview) the buffer is libsodium secure memory (sodium_malloc): guard
// pages on both sides, locked in RAM where the system allows it (not written to swap), read-only while it is
// held (sodium_mprotect_readonly: a stray write faults instead of altering the key), zeroed and unmapped by
// sodium_free. Electron's V8 memory cage forbids such external buffers (creating one aborts the process), so
// there a secret gets an ordinary buffer of its own (an ArrayBuffer: never pooled, never moved), zeroed on wipe.
//
// What no buffer can cover, JavaScript strings: docs/security.md lists them.

import sodium from 'sodium-native'

/** Whether secrets get libsodium secure memory in this process (everywhere but Electron). */
export const SECURE_MEMORY_AVAILABLE = process.versions.electron === undefined

interface SecretOptions {
  /** Tests pass false to take the Electron path in plain Node. */
  readonly secure?: boolean
}

/** A zeroed buffer of its own for `length` secret bytes (secure memory where available). */
export function allocSecret(length: number, options: SecretOptions = {}): Buffer {
  if (options.secure ?? SECURE_MEMORY_AVAILABLE) return sodium.sodium_malloc(length)
  return Buffer.from(offHeap(length))
}

/**
 * Memory of its own outside the garbage-collected heap: an ArrayBuffer's backing store is never moved by the
 * GC. (Buffer.alloc and new Uint8Array(n) keep arrays of up to 64 bytes, a key's size, inside the heap, where a
 * moving collection can leave copies behind.)
 */
function offHeap(length: number): ArrayBuffer {
  return new ArrayBuffer(length)
}

/** A plain copy of a secret in memory of its own, for handing to a worker thread as a transfer (then wiped there). */
export function transferableCopy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(offHeap(bytes.length))
  copy.set(bytes)
  return copy
}

/**
 * A Buffer view of `bytes` (same memory, no copy): what sodium-native's typings ask for. Buffer.from(bytes)
 * would copy a small key into Node's shared pool.
 */
export function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Whether a buffer is libsodium secure memory (sodium-native marks it). */
export function isSecureBuffer(buffer: Uint8Array): boolean {
  return (buffer as { secure?: boolean }).secure === true
}

/** A copy of `bytes` in a secret buffer of its own. */
export function secretCopy(bytes: Uint8Array, options: SecretOptions = {}): Buffer {
  const copy = allocSecret(bytes.length, options)
  copy.set(bytes)
  return copy
}

/** Makes a held secret read-only (secure memory only; a no-op otherwise). wipe() lifts it. */
export function protectSecret(buffer: Uint8Array): void {
  if (isSecureBuffer(buffer) && buffer.byteLength > 0) sodium.sodium_mprotect_readonly(buffer as sodium.SecureBuffer)
}

/**
 * Zeroes key material we no longer need. Secure memory is made writable, zeroed and freed (its ArrayBuffer is
 * detached: any later use sees an empty buffer rather than a stale key). Copies the GC may have made of
 * ordinary buffers are out of reach; ours are gone.
 */
export function wipe(...buffers: (Uint8Array | undefined | null)[]): void {
  for (const buffer of buffers) {
    if (!buffer || buffer.byteLength === 0) continue
    if (isSecureBuffer(buffer)) {
      const secure = buffer as sodium.SecureBuffer
      sodium.sodium_mprotect_readwrite(secure)
      sodium.sodium_memzero(secure)
      // sodium_free is in sodium-native 5 but not in its (older) typings.
      ;(sodium as unknown as { sodium_free(buffer: Buffer): void }).sodium_free(secure)
    } else {
      buffer.fill(0)
    }
  }
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Decodes standard base64 (strict alphabet and padding) of exactly `length` bytes straight into a secret
 * buffer: Buffer#write decodes into the target's own memory, so no pooled intermediate holds a copy. Null
 * when the text is not that.
 */
export function secretFromBase64(text: string, length: number, options: SecretOptions = {}): Buffer | null {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  if (text.length !== base64Length(length) || (text.length / 4) * 3 - padding !== length || !STRICT_BASE64.test(text)) return null
  const secret = allocSecret(length, options)
  if (secret.write(text, 'base64') !== length) {
    wipe(secret)
    return null
  }
  return secret
}

// Base64 between byte arrays, for the JSON forms that carry a key ({"data":"…"}, numerbay.json): Node only
// converts between bytes and strings, and a string of the key could never be wiped.
const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
const PAD = 0x3d
const VALUES = new Int16Array(256).fill(-1)
ALPHABET.forEach((code, index) => (VALUES[code] = index))

/** The length of the padded base64 of `bytes` bytes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4
}

/** Writes the padded standard base64 of `bytes` into `target` at `offset`; returns the end offset. */
export function base64Into(bytes: Uint8Array, target: Uint8Array, offset: number): number {
  let at = offset
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0
    target[at++] = ALPHABET[a >> 2]!
    target[at++] = ALPHABET[((a & 0x03) << 4) | (b >> 4)]!
    target[at++] = i + 1 < bytes.length ? ALPHABET[((b & 0x0f) << 2) | (c >> 6)]! : PAD
    target[at++] = i + 2 < bytes.length ? ALPHABET[c & 0x3f]! : PAD
  }
  return at
}

/**
 * Decodes the base64 characters `encoded` (bytes, not a string) of exactly `length` bytes into a secret
 * buffer; null unless they are canonical padded standard base64 of that length.
 */
export function secretFromBase64Bytes(encoded: Uint8Array, length: number, options: SecretOptions = {}): Buffer | null {
  if (encoded.length !== base64Length(length)) return null
  const secret = allocSecret(length, options)
  let out = 0
  for (let i = 0; i < encoded.length; i += 4) {
    const last = i + 4 === encoded.length
    const v0 = VALUES[encoded[i]!]!
    const v1 = VALUES[encoded[i + 1]!]!
    const p2 = last && encoded[i + 2] === PAD && encoded[i + 3] === PAD
    const p3 = last && encoded[i + 3] === PAD
    const v2 = p2 ? 0 : VALUES[encoded[i + 2]!]!
    const v3 = p3 ? 0 : VALUES[encoded[i + 3]!]!
    // Canonical only: the bits a padded group leaves over must be zero.
    const count = p2 ? 1 : p3 ? 2 : 3
    if (v0 < 0 || v1 < 0 || v2 < 0 || v3 < 0 || out + count > length || (p2 && (v1 & 0x0f) !== 0) || (!p2 && p3 && (v2 & 0x03) !== 0)) {
      wipe(secret)
      return null
    }
    // Written byte by byte from one local number: no array of key bytes is left on the JavaScript heap.
    const word = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3
    secret[out++] = (word >> 16) & 0xff
    if (count > 1) secret[out++] = (word >> 8) & 0xff
    if (count > 2) secret[out++] = word & 0xff
  }
  if (out !== length) {
    wipe(secret)
    return null
  }
  return secret
}

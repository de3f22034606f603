// The incremental crypto_box_seal_open behind every decryption: libsodium opens a sealed box only as one message in
// memory, and NumerBay's files are one sealed box each, of any size.

import sodium from 'sodium-native'
import { sodiumStreaming as stream } from './sodium-streaming'
import { AppError } from '../../shared/errors'
import { secretCopy, wipe } from './secret-bytes'
import type { KeyPair } from './key-pair'

/**
 * libsodium sealed box layout (crypto_box_seal): ephemeral public key ‖ Poly1305 tag ‖ XSalsa20 ciphertext.
 * No chunking and no length field: the tag covers the whole ciphertext, so a stream can only be trusted once
 * its last byte has been read and the tag checked.
 */
export const SEALED_EPK_BYTES = 32
export const SEALED_TAG_BYTES = 16
export const SEALED_HEADER_BYTES = SEALED_EPK_BYTES + SEALED_TAG_BYTES

/** The Poly1305 key is the first 32 bytes of the XSalsa20 keystream; the ciphertext starts right after. */
const POLY1305_KEY_BYTES = 32
const REPLAY_SCRATCH_BYTES = 1 << 20

/** Views any Uint8Array as a Buffer without copying (sodium-native's types want Buffers). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** "expand 32-byte k", the Salsa20 constants, as little-endian words. */
const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574] as const

/**
 * HSalsa20(key, 0^16), i.e. crypto_box_beforenm's second step. sodium-native exposes neither
 * crypto_core_hsalsa20 nor crypto_box_beforenm, but with an all-zero nonce and counter the Salsa20 block
 * function starts from exactly HSalsa20's input state, and a Salsa20 output word is the HSalsa20 word plus its
 * input word. So the HSalsa20 output is words 0, 5, 10, 15 minus the constants and words 6-9 minus zero.
 */
export function hsalsa20ZeroNonce(key: Uint8Array): Buffer {
  const block = Buffer.alloc(64)
  stream.crypto_stream_salsa20(block, Buffer.alloc(stream.crypto_stream_salsa20_NONCEBYTES), asBuffer(key))
  const out = Buffer.alloc(32)
  const diagonal = [0, 5, 10, 15]
  for (let i = 0; i < 4; i++) out.writeUInt32LE((block.readUInt32LE(diagonal[i]! * 4) - SIGMA[i]!) >>> 0, i * 4)
  block.copy(out, 16, 24, 40)
  block.fill(0)
  return out
}

/** The box key libsodium's crypto_box_beforenm derives: HSalsa20 of the X25519 shared secret. */
export function boxBeforeNm(theirPublicKey: Uint8Array, myPrivateKey: Uint8Array): Buffer {
  const shared = Buffer.alloc(sodium.crypto_scalarmult_BYTES)
  try {
    sodium.crypto_scalarmult(shared, asBuffer(myPrivateKey), asBuffer(theirPublicKey))
  } catch (error) {
    // libsodium refuses low-order points (an all-zero shared secret); crypto_box_seal_open fails the same way.
    throw new AppError('SEALED_AUTH_FAILED', { cause: error })
  }
  try {
    return hsalsa20ZeroNonce(shared)
  } finally {
    shared.fill(0)
  }
}

/** crypto_box_seal's nonce: BLAKE2b-24(ephemeral public key ‖ recipient public key). */
export function sealedNonce(ephemeralPublicKey: Uint8Array, recipientPublicKey: Uint8Array): Buffer {
  const nonce = Buffer.alloc(sodium.crypto_box_NONCEBYTES)
  sodium.crypto_generichash(nonce, Buffer.concat([asBuffer(ephemeralPublicKey), asBuffer(recipientPublicKey)]))
  return nonce
}

/**
 * Incremental crypto_box_seal_open. Feed the sealed bytes in chunks of any size (header included); each call
 * returns that chunk's plaintext, which is NOT authentic until `final()` has returned. Poly1305 runs over the
 * ciphertext as it passes, XSalsa20 decrypts it, so memory stays constant whatever the file size.
 */
export class SealedBoxOpener {
  private readonly privateKey: Buffer
  private readonly publicKey: Buffer
  private readonly headerBytes = Buffer.alloc(SEALED_HEADER_BYTES)
  private headerFill = 0
  private bodyBytes = 0
  private readonly streamState = Buffer.alloc(stream.crypto_stream_xor_STATEBYTES)
  private readonly authState = Buffer.alloc(stream.crypto_onetimeauth_STATEBYTES)
  private scratch: Buffer | null = null
  private done = false

  constructor(keyPair: KeyPair) {
    // A secret buffer of its own (Buffer.from would put the key in Node's shared pool), freed once used.
    this.privateKey = secretCopy(keyPair.privateKey)
    this.publicKey = Buffer.from(keyPair.publicKey)
  }

  /** Sealed bytes consumed so far, header included (for a resume this is where the download continues). */
  get ciphertextOffset(): number {
    return this.headerFill + this.bodyBytes
  }

  /** The 48-byte header (ephemeral key ‖ tag) once complete, else null. A copy: keep it for a later resume. */
  get header(): Uint8Array | null {
    return this.headerFill === SEALED_HEADER_BYTES ? Uint8Array.from(this.headerBytes) : null
  }

  /** Plaintext bytes produced (or replayed) so far. */
  get plaintextOffset(): number {
    return this.bodyBytes
  }

  /** Decrypts a chunk into a fresh buffer. */
  update(chunk: Uint8Array): Uint8Array {
    const body = this.takeHeader(chunk)
    const out = Buffer.allocUnsafe(body.length)
    this.decryptBody(body, out)
    return out
  }

  /** Decrypts a chunk into `out` (which must not overlap `chunk`); returns the plaintext part of `out`. */
  updateInto(chunk: Uint8Array, out: Uint8Array): Uint8Array {
    const body = this.takeHeader(chunk)
    if (out.length < body.length) throw new AppError('INTERNAL', { message: 'Decryption output buffer is too small.' })
    const target = asBuffer(out).subarray(0, body.length)
    this.decryptBody(body, target)
    return target
  }

  /** Decrypts a chunk where it lies (the caller gives up the ciphertext); returns the plaintext view of it. */
  updateInPlace(chunk: Uint8Array): Uint8Array {
    const body = this.takeHeader(chunk)
    this.decryptBody(body, body)
    return body
  }

  /**
   * Re-absorbs plaintext that an earlier run already produced (a resumed download): encrypting it again with
   * the same keystream gives back the ciphertext, which the MAC must see. Produces no output.
   */
  replayPlaintext(plaintext: Uint8Array): void {
    this.assertOpen()
    if (this.headerFill < SEALED_HEADER_BYTES) throw new AppError('INTERNAL', { message: 'Replay needs the sealed header first.' })
    this.scratch ??= Buffer.allocUnsafe(REPLAY_SCRATCH_BYTES)
    const source = asBuffer(plaintext)
    for (let offset = 0; offset < source.length; offset += REPLAY_SCRATCH_BYTES) {
      const piece = source.subarray(offset, offset + REPLAY_SCRATCH_BYTES)
      const cipher = this.scratch.subarray(0, piece.length)
      stream.crypto_stream_xor_update(this.streamState, cipher, piece)
      stream.crypto_onetimeauth_update(this.authState, cipher)
    }
    this.bodyBytes += source.length
  }

  /** Checks the tag in constant time. Throws SEALED_TOO_SHORT or SEALED_AUTH_FAILED; always wipes the key state. */
  final(): void {
    this.assertOpen()
    try {
      if (this.headerFill < SEALED_HEADER_BYTES) throw new AppError('SEALED_TOO_SHORT')
      const tag = Buffer.alloc(SEALED_TAG_BYTES)
      stream.crypto_onetimeauth_final(this.authState, tag)
      const expected = this.headerBytes.subarray(SEALED_EPK_BYTES)
      if (!sodium.sodium_memcmp(tag, expected)) throw new AppError('SEALED_AUTH_FAILED')
    } finally {
      this.dispose()
    }
  }

  /** Wipes key material without verifying (abandoned streams). Safe to call twice. */
  dispose(): void {
    this.done = true
    wipe(this.privateKey)
    this.streamState.fill(0)
    this.authState.fill(0)
    this.scratch?.fill(0)
    this.scratch = null
  }

  private assertOpen(): void {
    if (this.done) throw new AppError('INTERNAL', { message: 'This decryption stream is already finished.' })
  }

  /** Copies header bytes out of the chunk; returns the ciphertext part that follows them. */
  private takeHeader(chunk: Uint8Array): Buffer {
    this.assertOpen()
    const bytes = asBuffer(chunk)
    if (this.headerFill === SEALED_HEADER_BYTES) return bytes
    const take = Math.min(SEALED_HEADER_BYTES - this.headerFill, bytes.length)
    bytes.copy(this.headerBytes, this.headerFill, 0, take)
    this.headerFill += take
    if (this.headerFill === SEALED_HEADER_BYTES) {
      try {
        this.startKeystream()
      } catch (error) {
        // No keystream, no way forward: the opener is finished (and its key wiped).
        this.dispose()
        throw error
      }
    }
    return bytes.subarray(take)
  }

  private startKeystream(): void {
    const ephemeral = this.headerBytes.subarray(0, SEALED_EPK_BYTES)
    const key = boxBeforeNm(ephemeral, this.privateKey)
    wipe(this.privateKey)
    const nonce = sealedNonce(ephemeral, this.publicKey)
    const polyKey = Buffer.alloc(POLY1305_KEY_BYTES)
    try {
      stream.crypto_stream_xor_init(this.streamState, nonce, key)
      stream.crypto_stream_xor_update(this.streamState, polyKey, polyKey)
      stream.crypto_onetimeauth_init(this.authState, polyKey)
    } finally {
      key.fill(0)
      polyKey.fill(0)
    }
  }

  private decryptBody(body: Buffer, out: Buffer): void {
    if (body.length === 0) return
    stream.crypto_onetimeauth_update(this.authState, body)
    stream.crypto_stream_xor_update(this.streamState, out, body)
    this.bodyBytes += body.length
  }
}

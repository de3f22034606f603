// Sealing a large artifact for the demo server as it is read, where libsodium's sealed box takes the whole message.

import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import sodium from 'sodium-native'
import { SEALED_EPK_BYTES, SEALED_HEADER_BYTES, boxBeforeNm, sealedNonce } from '../main/crypto/sealed-stream'
import { sodiumStreaming as stream } from '../main/crypto/sodium-streaming'

/**
 * Writes crypto_box_seal(plaintext, recipient) to `path` while reading the plaintext as a stream: the same bytes
 * libsodium's one-shot seal produces, with constant memory. The ciphertext goes after a 48-byte gap and the
 * header (ephemeral public key ‖ Poly1305 tag) is written last, once the tag is known.
 */
export async function sealStreamToFile(recipientPublicKey: Uint8Array, source: Readable, path: string): Promise<number> {
  const ephemeralPublic = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES)
  const ephemeralSecret = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES)
  sodium.crypto_box_keypair(ephemeralPublic, ephemeralSecret)
  const key = boxBeforeNm(recipientPublicKey, ephemeralSecret)
  ephemeralSecret.fill(0)
  const streamState = Buffer.alloc(stream.crypto_stream_xor_STATEBYTES)
  const authState = Buffer.alloc(stream.crypto_onetimeauth_STATEBYTES)
  const polyKey = Buffer.alloc(32)
  stream.crypto_stream_xor_init(streamState, sealedNonce(ephemeralPublic, recipientPublicKey), key)
  stream.crypto_stream_xor_update(streamState, polyKey, polyKey)
  stream.crypto_onetimeauth_init(authState, polyKey)
  key.fill(0)
  polyKey.fill(0)

  const handle = await open(path, 'w', 0o600)
  try {
    let position = SEALED_HEADER_BYTES
    for await (const chunk of source) {
      const plain = chunk as Buffer
      const cipher = Buffer.allocUnsafe(plain.length)
      stream.crypto_stream_xor_update(streamState, cipher, plain)
      stream.crypto_onetimeauth_update(authState, cipher)
      await handle.write(cipher, 0, cipher.length, position)
      position += cipher.length
    }
    const header = Buffer.alloc(SEALED_HEADER_BYTES)
    ephemeralPublic.copy(header, 0)
    stream.crypto_onetimeauth_final(authState, header.subarray(SEALED_EPK_BYTES))
    await handle.write(header, 0, header.length, 0)
    return position
  } finally {
    streamState.fill(0)
    authState.fill(0)
    await handle.close()
  }
}

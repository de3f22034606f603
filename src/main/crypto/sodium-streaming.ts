// sodium-native typed with the streaming functions the incremental sealed-box open needs and its types lack.

import sodium from 'sodium-native'

/**
 * sodium-native functions that exist at runtime (verified against sodium-native 5) but are missing from
 * @types/sodium-native: incremental XSalsa20 and Poly1305, and raw Salsa20.
 */
interface StreamingSodium {
  readonly crypto_stream_xor_STATEBYTES: number
  crypto_stream_xor_init(state: Buffer, nonce: Buffer, key: Buffer): void
  crypto_stream_xor_update(state: Buffer, ciphertext: Buffer, message: Buffer): void
  readonly crypto_onetimeauth_STATEBYTES: number
  crypto_onetimeauth_init(state: Buffer, key: Buffer): void
  crypto_onetimeauth_update(state: Buffer, input: Buffer): void
  crypto_onetimeauth_final(state: Buffer, output: Buffer): void
  readonly crypto_stream_salsa20_NONCEBYTES: number
  crypto_stream_salsa20(ciphertext: Buffer, nonce: Buffer, key: Buffer): void
}

export const sodiumStreaming = sodium as typeof sodium & StreamingSodium

// Ethereum signatures as NumerBay uses them: the EIP-191 personal_sign digest, addresses, the 65-byte MetaMask form,
// recovery, and signing with a raw key.

import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { AppError } from '../../shared/errors'

export const SIGNATURE_BYTES = 65

/** keccak256("\x19Ethereum Signed Message:\n" + byteLength + message): the EIP-191 digest personal_sign signs. */
export function personalMessageDigest(message: Uint8Array): Uint8Array {
  const prefix = utf8ToBytes(`\x19Ethereum Signed Message:\n${message.length}`)
  const buf = new Uint8Array(prefix.length + message.length)
  buf.set(prefix, 0)
  buf.set(message, prefix.length)
  return keccak_256(buf)
}

/** Ethereum address (EIP-55) of an uncompressed or compressed secp256k1 public key. */
export function addressFromPublicKey(publicKey: Uint8Array): string {
  const uncompressed = publicKey.length === 65 ? publicKey : secp256k1.Point.fromBytes(publicKey).toBytes(false)
  return toChecksumAddress(bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12)))
}

/** EIP-55 mixed-case form of a 20-byte hex address. */
export function toChecksumAddress(address: string): string {
  const lower = address.toLowerCase().replace(/^0x/, '')
  if (!/^[0-9a-f]{40}$/.test(lower)) throw new AppError('INVALID_ARGUMENT', { message: `Not an Ethereum address: ${address}` })
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)))
  let out = '0x'
  for (let i = 0; i < 40; i++) out += parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]
  return out
}

export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** 0x-prefixed lowercase hex of a signature, the form NumerBay's API and MetaMask use. */
export function signatureToHex(signature: Uint8Array): string {
  return `0x${bytesToHex(signature)}`
}

/** Parses a 0x-hex signature into 65 bytes; refuses anything else. */
export function signatureFromHex(hex: string): Uint8Array {
  const clean = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex
  if (!/^[0-9a-fA-F]*$/.test(clean) || clean.length !== SIGNATURE_BYTES * 2) {
    throw new AppError('SIGNATURE_INVALID', { message: 'The wallet returned a signature that is not 65 bytes.' })
  }
  return hexToBytes(clean)
}

/** v as 27/28 (MetaMask form). Accepts 0/1 from wallets that use the raw recovery id. */
export function normalizeV(signature: Uint8Array): Uint8Array {
  if (signature.length !== SIGNATURE_BYTES) throw new AppError('SIGNATURE_INVALID', { message: 'A signature must be 65 bytes.' })
  const v = signature[64]!
  if (v === 27 || v === 28) return signature
  if (v === 0 || v === 1) {
    const out = signature.slice()
    out[64] = v + 27
    return out
  }
  throw new AppError('SIGNATURE_INVALID', { message: `The signature's recovery byte (${v}) is not 0, 1, 27 or 28.` })
}

/** The address that signed `message` with personal_sign, or throws SIGNATURE_INVALID. */
export function recoverPersonalSigner(message: Uint8Array, signature: Uint8Array): string {
  const sig = normalizeV(signature)
  const recovered = new Uint8Array(SIGNATURE_BYTES)
  recovered[0] = sig[64]! - 27
  recovered.set(sig.subarray(0, 64), 1)
  try {
    const publicKey = secp256k1.recoverPublicKey(recovered, personalMessageDigest(message), { prehash: false })
    return addressFromPublicKey(publicKey)
  } catch (cause) {
    throw new AppError('SIGNATURE_INVALID', { cause })
  }
}

/** Signs an EIP-191 personal message with a raw secp256k1 key (RFC 6979, low-S), MetaMask form. */
export function signPersonalMessageWithKey(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  const rec = secp256k1.sign(personalMessageDigest(message), privateKey, { prehash: false, format: 'recovered', lowS: true })
  const out = new Uint8Array(SIGNATURE_BYTES)
  out.set(rec.subarray(1, 65), 0)
  out[64] = rec[0]! + 27
  return out
}

export function addressFromPrivateKey(privateKey: Uint8Array): string {
  return addressFromPublicKey(secp256k1.getPublicKey(privateKey, false))
}

// The v-form fallback belongs to the key scheme (crypto), which cannot import a service; kept here for callers.
export { otherVForm } from '../crypto/key-scheme'

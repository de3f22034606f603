// personal_sign over WalletConnect: the request as wallets expect it, and an answer accepted only if it is a
// signature that can protect a NumerBay key.

import { bytesToHex } from '@noble/hashes/utils.js'
import { AppError } from '../../../shared/errors'
import { normalizeV, recoverPersonalSigner, sameAddress, signatureFromHex } from '../signature'

/** personal_sign's params: [0x-hex of the message bytes, address] (data first; eth_sign is the reverse). */
export function personalSignRequest(message: Uint8Array, address: string): { method: 'personal_sign'; params: [string, string] } {
  return { method: 'personal_sign', params: [`0x${bytesToHex(message)}`, address] }
}

/**
 * Turns a wallet's personal_sign answer into a signature we may use: 65 bytes, v = 27/28, recovering to the
 * session's address. Anything else is what smart-contract wallets answer (EIP-1271/6492 blobs checked on chain),
 * which can never protect a NumerBay v2 key, so the error says so.
 */
export function verifyWalletSignature(message: Uint8Array, answer: unknown, address: string): Uint8Array {
  if (typeof answer !== 'string') throw new AppError('WC_SMART_CONTRACT_SIGNATURE', { detail: 'the wallet did not answer with a hex string' })
  let signature: Uint8Array
  try {
    signature = normalizeV(signatureFromHex(answer))
  } catch {
    throw new AppError('WC_SMART_CONTRACT_SIGNATURE', { detail: 'the signature is not 65 bytes with v = 0, 1, 27 or 28' })
  }
  let recovered: string
  try {
    recovered = recoverPersonalSigner(message, signature)
  } catch {
    signature.fill(0)
    throw new AppError('WC_SMART_CONTRACT_SIGNATURE', { detail: 'the signature does not recover to any account' })
  }
  if (!sameAddress(recovered, address)) {
    signature.fill(0)
    throw new AppError('WC_SMART_CONTRACT_SIGNATURE', { detail: 'the signature does not recover to the connected account' })
  }
  return signature
}

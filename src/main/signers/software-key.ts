// The software-key signer: a secp256k1 private key held in memory (`env:NAME`, the demo wallet, tests), signing
// exactly as MetaMask does.

import { hexToBytes } from '@noble/hashes/utils.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { AppError } from '../../shared/errors'
import { secretCopy, wipe } from '../crypto/secret-bytes'
import { addressFromPrivateKey, signPersonalMessageWithKey } from './signature'
import type { Signer } from './types'

/** Parses a 32-byte hex secp256k1 private key (with or without 0x). */
export function parsePrivateKeyHex(hex: string): Uint8Array {
  const clean = hex.trim().replace(/^0x/i, '')
  if (!/^[0-9a-fA-F]{64}$/.test(clean)) throw new AppError('SIGNER_ENV_MISSING')
  const key = hexToBytes(clean)
  if (!secp256k1.utils.isValidSecretKey(key)) throw new AppError('SIGNER_ENV_MISSING')
  return key
}

/** Deterministic (RFC 6979), so it produces the same storage key as MetaMask on the same account. */
export function createKeySigner(privateKey: Uint8Array): Signer {
  const key = secretCopy(privateKey)
  const address = addressFromPrivateKey(key)
  return {
    kind: 'software',
    address: async () => address,
    signPersonalMessage: async (message) => {
      if (message.length === 0) throw new AppError('EMPTY_MESSAGE')
      return signPersonalMessageWithKey(key, message)
    },
    close: async () => {
      wipe(key)
    },
  }
}

/** `env:NAME`: the private key is read from environment variable NAME. */
export function createEnvSigner(variable: string, env: NodeJS.ProcessEnv = process.env): Signer {
  const value = env[variable]
  if (value === undefined || value === '') {
    throw new AppError('SIGNER_ENV_MISSING', { message: `Environment variable ${variable} is not set.` })
  }
  return createKeySigner(parsePrivateKeyHex(value))
}

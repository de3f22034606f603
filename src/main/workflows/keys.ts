// Where decryption keys come from for a sync run, a watch or an offline decryption: the vault (the account's
// key and the local keyring, unlocked with the wallet) or a key file. One rule for which keys are held, so
// the app and the CLI agree on what they can open.

import { copyKeyPair, toBase64, wipe, type KeyPair } from '../crypto/key-pair'
import type { KnownKeys } from '../numerbay/mappers'

/** What the vault offers (src/main/vault/vault.ts and the desktop's VaultPort both have this shape). */
export interface KeyHolder {
  knownKeys(): KnownKeys
  holds(publicKeyBase64: string): boolean
  keyPairFor(publicKeyBase64: string): KeyPair | null
}

export interface KeySource {
  /** Whether a file sealed to this public key can be opened now. */
  holds(publicKeyBase64: string): boolean
  /**
   * Whether this public key is one of yours (the account's key or a keyring key), held now or not. A key known
   * but not held is locked: files sealed to it wait for an unlock; they are not "sealed to a key you do not hold".
   */
  knows(publicKeyBase64: string): boolean
  /** A copy of the pair (the caller wipes it), or null. */
  keyPairFor(publicKeyBase64: string): KeyPair | null
  /** Every public key whose private key is here now, the account's current key first. */
  held(): string[]
}

/**
 * The held-key rule: the account's current key and the keyring's older keys, each only if its private key is
 * in memory now (a locked vault or keyring holds the public keys alone, which open nothing).
 */
export function heldKeys(vault: KeyHolder): string[] {
  return knownKeys(vault).filter((key) => vault.holds(key))
}

/** A key of yours that is locked now: an unlock (a signature) would open files sealed to it. */
export function isLockedKey(keys: KeySource, publicKeyBase64: string): boolean {
  return keys.knows(publicKeyBase64) && !keys.holds(publicKeyBase64)
}

/** Every public key the vault knows (current first, then the keyring), held now or not. */
export function knownKeys(vault: KeyHolder): string[] {
  const known = vault.knownKeys()
  return [...new Set([known.currentPublicKey, ...known.keyringPublicKeys].filter((key): key is string => key !== null))]
}

export function vaultKeys(vault: KeyHolder): KeySource {
  return {
    holds: (key) => vault.holds(key),
    knows: (key) => vault.holds(key) || knownKeys(vault).includes(key),
    keyPairFor: (key) => vault.keyPairFor(key),
    held: () => heldKeys(vault),
  }
}

/** A key file's pair as a key source; `dispose()` wipes it. */
export function keyFileKeys(pair: KeyPair): KeySource & { dispose(): void } {
  const publicKey = toBase64(pair.publicKey)
  return {
    holds: (key) => key === publicKey,
    knows: (key) => key === publicKey,
    // A copy each time: whoever takes it wipes it.
    keyPairFor: (key) => (key === publicKey ? copyKeyPair(pair) : null),
    held: () => [publicKey],
    dispose: () => wipe(pair.privateKey),
  }
}

/** Copies of every held pair, current key first (for offline decryption); the caller wipes them. */
export function heldPairs(keys: KeySource): KeyPair[] {
  return keys.held().map((key) => keys.keyPairFor(key)).filter((pair): pair is KeyPair => pair !== null)
}

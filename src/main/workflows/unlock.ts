// Unlocking the buyer's key: the wallet signs the salt stored with the encrypted key (and the local keyring's
// salt), the storage key opens the private key, which stays in main-process memory until the vault locks.

import type { VaultStatus } from '../../shared/numerbay'
import type { Signer } from '../signers/types'

export interface UnlockableVault {
  status(): VaultStatus
  unlock(signer: Signer, options?: { keyring?: boolean }): Promise<VaultStatus>
}

/** Unlocks the account's key and, unless `keyring: false`, the keyring's older keys. */
export function unlockKey(vault: UnlockableVault, signer: Signer, options: { keyring?: boolean } = {}): Promise<VaultStatus> {
  return vault.unlock(signer, options)
}

/**
 * Whether decrypting now needs a signature: a locked key, or a keyring whose keys are not in memory. An
 * account with no v2 key (none, legacy) has nothing the wallet can unlock.
 */
export function needsUnlock(status: VaultStatus): boolean {
  if (status.state === 'none' || status.state === 'legacy') return false
  return status.state === 'locked' || (status.keyringPublicKeys.length > 0 && !status.keyringUnlocked)
}

/**
 * Before a sync or a watch: unlocks what there is to unlock, so files sealed to the current key or an older
 * one can be opened. Resolves false when nothing needed a signature.
 */
export async function unlockForDecryption(vault: UnlockableVault, signer: Signer, onSignatureNeeded?: () => void): Promise<boolean> {
  if (!needsUnlock(vault.status())) return false
  onSignatureNeeded?.()
  await vault.unlock(signer)
  return true
}

// The key vault as the desktop's VaultPort, following the signed-in account.

import { createVault, type Vault } from '../../vault/vault'
import type { VaultPort } from '../ports'
import type { ApiUser } from '../../numerbay/schemas'

/**
 * Signing out (or switching account) drops the whole Vault object after locking it, so nothing of the previous
 * account's keys stays in memory.
 */
export function createVaultPort(dataDir: string, autoLockMinutes: () => number): VaultPort {
  const listeners = new Set<Parameters<VaultPort['onStatus']>[0]>()
  let detach: () => void = () => undefined
  let vault: Vault = fresh()

  function fresh(): Vault {
    const next = createVault({ dataDir, autoLockMs: autoLockMinutes() * 60_000 })
    detach = next.onStatus((status) => {
      for (const listener of listeners) listener(status)
    })
    return next
  }

  function replaceVault(): void {
    vault.lock()
    detach()
    vault = fresh()
    const status = vault.status()
    for (const listener of listeners) listener(status)
  }

  let userId: number | null = null

  return {
    status: () => vault.status(),
    onStatus(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async setAccount(user: ApiUser | null, walletAddress?: string) {
      if (!user) {
        userId = null
        replaceVault()
        return
      }
      if (userId !== null && userId !== user.id) replaceVault()
      userId = user.id
      await vault.setAccount(user, walletAddress)
    },
    unlock: (signer, options) => vault.unlock(signer, options),
    lock: () => vault.lock(),
    setAutoLockMinutes: (minutes) => vault.setAutoLockMs(minutes * 60_000),
    knownKeys: () => vault.knownKeys(),
    holds: (publicKey) => vault.holds(publicKey),
    keyPairFor: (publicKey) => vault.keyPairFor(publicKey),
    async exportKeyFile(path, overwrite) {
      await vault.exportKeyFile(path, { overwrite })
    },
    importKeyFile: (path, orders, signer) => vault.importKeyFile(path, { orders, ...(signer ? { signer } : {}) }),
    planReplacement: (user, orders, globals) => vault.planReplacement(user, orders, globals),
    replaceKey: (options) => vault.replaceKey(options),
    async close() {
      vault.lock()
      detach()
    },
  }
}

import { createVault, type Vault } from '../../vault/vault'
import type { VaultPort } from '../ports'
import type { ApiUser } from '../../numerbay/schemas'

/**
 * The key vault as a port. Signing out (or switching account) drops the whole Vault object after locking it,
 * so nothing of the previous account's keys stays in memory.
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
    async setAccount(user: ApiUser | null) {
      if (!user) {
        userId = null
        replaceVault()
        return
      }
      if (userId !== null && userId !== user.id) replaceVault()
      userId = user.id
      await vault.setAccount(user)
    },
    unlock: (signer) => vault.unlock(signer),
    lock: () => vault.lock(),
    setAutoLockMinutes: (minutes) => vault.setAutoLockMs(minutes * 60_000),
    knownKeys: () => vault.knownKeys(),
    holds: (publicKey) => vault.holds(publicKey),
    keyPairFor: (publicKey) => vault.keyPairFor(publicKey),
    async exportKeyFile(path, overwrite) {
      await vault.exportKeyFile(path, { overwrite })
    },
    async importKeyFile(path, client, signer) {
      const orders = await client.searchOrders({ role: 'buyer' })
      return vault.importKeyFile(path, { orders: orders.data, ...(signer ? { signer } : {}) })
    },
    async planReplace(client) {
      const [user, globals, orders] = await Promise.all([client.getMe(), client.getGlobals(), client.searchOrders({ role: 'buyer' })])
      await vault.setAccount(user)
      return vault.planReplacement(user, orders.data, globals)
    },
    // The person confirmed after reading planReplace's report (the contract requires confirm: true).
    replace: (client, signer) => vault.replaceKey({ client, signer, confirm: async () => true }),
    async close() {
      vault.lock()
      detach()
    },
  }
}

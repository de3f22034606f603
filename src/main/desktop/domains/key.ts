// The buyer's key in the window: its state (locked, unlocked, none, legacy), unlocking and locking, the key
// file written or read through native dialogs only, and key replacement. The steps are the workflows'.

import type { EventPayload } from '../../../shared/ipc'
import type { KnownKeys } from '../../numerbay/mappers'
import type { UserSummary } from '../../../shared/numerbay'
import { AppError } from '../../../shared/errors'
import { vaultKeys, type KeySource } from '../../workflows/keys'
import { planKeyReplacement, replaceKey } from '../../workflows/replace-key'
import { unlockKey } from '../../workflows/unlock'
import type { NumerBayClient } from '../../numerbay/client'
import type { Signer } from '../../signers/types'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import type { DialogPort, VaultPort } from '../ports'
import type { Services } from '../services'

export type KeyHandlers = Pick<Handlers, 'getKeyState' | 'unlockKey' | 'lockKey' | 'exportKey' | 'importKey' | 'planKeyReplacement' | 'replaceKey'>

type KeyState = EventPayload<'keyState'>

export interface KeyDeps {
  readonly services: Services
  readonly events: EventHub
  readonly dialogs: DialogPort
  readonly user: () => UserSummary | null
  readonly signedInClient: () => NumerBayClient
  readonly signingSigner: () => Signer
  /** The current signer when it can sign (importing a key for the keyring needs it), else null. */
  readonly optionalSigner: () => Signer | null
}

export class KeyDomain {
  readonly #deps: KeyDeps
  /** Auto-lock is paused because watching holds the key unlocked (the person chose it). */
  #heldForSync = false
  readonly handlers: KeyHandlers

  constructor(deps: KeyDeps) {
    this.#deps = deps
    const { services, dialogs } = deps
    this.handlers = {
      getKeyState: () => this.keyState(),
      unlockKey: async () => {
        await this.unlock()
        return this.keyState()
      },
      lockKey: async () => {
        ;(await services.existing('vault'))?.lock()
        return this.keyState()
      },
      exportKey: async () => {
        const vault = await services.get('vault')
        // Say so before the dialog: after it, "locked" would waste the person's choice.
        if (vault.status().state !== 'unlocked') throw new AppError('VAULT_LOCKED')
        const path = await dialogs.chooseSavePath({ defaultName: 'numerbay.json', purpose: 'key-file', title: 'Save your NumerBay key file' })
        if (!path) throw new AppError('CANCELLED')
        // The save dialog has already asked before replacing an existing file.
        await vault.exportKeyFile(path, true)
        return { path }
      },
      importKey: async () => {
        const vault = await services.get('vault')
        const client = deps.signedInClient()
        const path = (await dialogs.chooseFiles({ purpose: 'key-file', title: 'Import a numerbay.json key file' }))?.[0]
        if (!path) throw new AppError('CANCELLED')
        const orders = await client.searchOrders({ role: 'buyer' })
        const report = await vault.importKeyFile(path, orders.data, deps.optionalSigner())
        this.emitKeyState()
        return report
      },
      planKeyReplacement: async () => {
        const client = deps.signedInClient()
        deps.signingSigner()
        return planKeyReplacement(client, await services.get('vault'))
      },
      replaceKey: async () => {
        const client = deps.signedInClient()
        const vault = await services.get('vault')
        // The contract requires confirm: true: the person read planKeyReplacement's report and confirmed.
        const result = await replaceKey({ client, vault, signer: deps.signingSigner(), confirm: async () => true })
        this.emitKeyState()
        return result
      },
    }
  }

  /** Unlocks the key (and the keyring) with the current signer: the device or phone asks the person. */
  async unlock(): Promise<void> {
    this.#deps.signedInClient()
    await unlockKey(await this.#deps.services.get('vault'), this.#deps.signingSigner())
  }

  emitKeyState(): void {
    void this.keyState().then((state) => this.#deps.events.emit('keyState', state))
  }

  async keyState(): Promise<KeyState> {
    const vault = await this.#deps.services.existing('vault')
    const user = this.#deps.user()
    if (vault) {
      const status = vault.status()
      if (!user && status.state !== 'unlocked') return { ...status, state: 'signed-out' }
      return this.#heldForSync && status.state === 'unlocked' ? { ...status, keptUnlockedForSync: true } : status
    }
    if (!user) return { state: 'signed-out', publicKey: null, autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false }
    const state = user.keyKind === 'v2' ? 'locked' : user.keyKind
    return { state, publicKey: user.publicKeyV2 ?? user.publicKeyLegacy, autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false }
  }

  /** The keys known now (current and keyring public keys), for each order's key status. */
  async knownKeys(): Promise<KnownKeys> {
    const vault = await this.#deps.services.existing('vault')
    if (vault) return vault.knownKeys()
    const user = this.#deps.user()
    return { currentPublicKey: user?.publicKeyV2 ?? user?.publicKeyLegacy ?? null, keyringPublicKeys: [] }
  }

  /** The vault's keys for a sync or an offline decryption (the held-key rule of workflows/keys.ts). */
  async keySource(): Promise<KeySource> {
    return vaultKeys(await this.#deps.services.get('vault'))
  }

  /** The vault if this build has one (building it), else null. */
  async vault(build: boolean): Promise<VaultPort | null> {
    const { services } = this.#deps
    if (!build || !services.has('vault')) return services.existing('vault')
    return services.get('vault')
  }

  /** A changed auto-lock setting applies at once, unless watching holds the key unlocked (it applies after). */
  async setAutoLockMinutes(minutes: number): Promise<void> {
    if (this.#heldForSync) return
    ;(await this.#deps.services.existing('vault'))?.setAutoLockMinutes(minutes)
  }

  /** Holds the key unlocked while watching (auto-lock paused), or lets auto-lock resume with `minutes`. */
  async holdUnlocked(hold: boolean, minutes: number): Promise<void> {
    this.#heldForSync = hold
    ;(await this.#deps.services.existing('vault'))?.setAutoLockMinutes(hold ? 0 : minutes)
    this.emitKeyState()
  }
}

// The vault: the buyer's keys for one session and every operation on them (unlock, import a key file, the steps of
// a key replacement, lock on request or when idle).

import { AppError, isAppError } from '../../shared/errors'
import type { KeyImportReport, ReplaceKeyReport, ReplaceKeyResult, VaultStatus } from '../../shared/numerbay'
import { copyKeyPair, toBase64, wipe, type KeyPair } from '../crypto/key-pair'
import { protectSecret } from '../crypto/secret-bytes'
import { readKeyFile, writeKeyFile } from '../crypto/key-file'
import { createKeyBlob, unlockKeyBlob } from '../crypto/key-scheme'
import { accountKeyKind, type KnownKeys } from '../numerbay/mappers'
import type { NumerBayClient } from '../numerbay/client'
import type { ApiGlobals, ApiOrder, ApiUser } from '../numerbay/schemas'
import { sameAddress } from '../signers/signature'
import type { Signer } from '../signers/types'
import { Keyring } from './keyring'
import { planKeyReplacement } from './replace-plan'
import type { Logger } from '../log'

export const DEFAULT_AUTO_LOCK_MS = 15 * 60 * 1000

export interface VaultTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface VaultOptions {
  /** The app data folder (the keyring lives in <dataDir>/keyring/<address>.json). */
  readonly dataDir: string
  /** Idle time before the key is wiped from memory; 0 turns auto-lock off. */
  readonly autoLockMs?: number
  readonly now?: () => number
  readonly timers?: VaultTimers
  /** Unlock and lock at info (public keys and counts only). Default: no log. */
  readonly logger?: Logger
}

export interface ReplaceKeyOptions {
  readonly client: NumerBayClient
  readonly signer: Signer
  /** Shown the report; resolve true to go ahead. Nothing is changed before it resolves true. */
  readonly confirm: (report: ReplaceKeyReport) => Promise<boolean>
}

export type VaultListener = (status: VaultStatus) => void

const defaultTimers: VaultTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms)
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

/**
 * The buyer's keys in this session: the current private key (unlocked with the wallet, or imported from a
 * key file for legacy accounts) and the older keys of the local keyring. Private keys live only here, in
 * main-process memory, and are wiped on lock or after the idle time.
 */
export class Vault {
  private autoLockMs: number
  private readonly now: () => number
  private readonly timers: VaultTimers
  private readonly listeners = new Set<VaultListener>()
  private user: ApiUser | null = null
  private keyring: Keyring | null = null
  private current: KeyPair | null = null
  private lockTimer: unknown = null
  private autoLockAt: number | null = null
  private lastEmittedDeadline: number | null = null

  constructor(private readonly options: VaultOptions) {
    this.autoLockMs = options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS
    this.now = options.now ?? Date.now
    this.timers = options.timers ?? defaultTimers
  }

  onStatus(listener: VaultListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  status(): VaultStatus {
    const kind = this.user ? accountKeyKind(this.user) : 'none'
    const keyringPublicKeys = this.keyring?.publicKeys ?? []
    const keyringUnlocked = this.keyring?.isUnlocked ?? false
    if (this.current) {
      return { state: 'unlocked', publicKey: toBase64(this.current.publicKey), autoLockAt: this.autoLockAt, keyringPublicKeys, keyringUnlocked }
    }
    const publicKey = kind === 'v2' ? this.user!.public_key_v2 : kind === 'legacy' ? this.user!.public_key : null
    const state = kind === 'v2' ? 'locked' : kind
    return { state, publicKey, autoLockAt: null, keyringPublicKeys, keyringUnlocked }
  }

  /** The public keys this vault can decrypt for (current and keyring), for per-order key status. */
  knownKeys(): KnownKeys {
    const user = this.user
    const currentPublicKey = this.current ? toBase64(this.current.publicKey) : user ? (user.public_key_v2 ?? null) : null
    return { currentPublicKey, keyringPublicKeys: this.keyring?.publicKeys ?? [] }
  }

  /**
   * Sets the signed-in account (after sign-in or a refresh of /users/me) and reads the keyring of its wallet.
   * A different account locks the vault first.
   */
  async setAccount(user: ApiUser, walletAddress?: string): Promise<VaultStatus> {
    if (this.user && this.user.id !== user.id) this.lock()
    if (this.current && this.user && user.public_key_v2 !== this.user.public_key_v2 && toBase64(this.current.publicKey) !== user.public_key_v2) this.lock()
    this.user = user
    const address = walletAddress ?? user.public_address ?? null
    if (address && (!this.keyring || this.keyring.address !== address.toLowerCase())) {
      this.keyring?.lock()
      this.keyring = await Keyring.forWallet(this.options.dataDir, address).load()
    }
    return this.emit()
  }

  /** Unlocks the v2 key: the wallet signs the stored salt (and the keyring salt, if there is a keyring). */
  async unlock(signer: Signer, { keyring = true }: { keyring?: boolean } = {}): Promise<VaultStatus> {
    const user = this.requireUser()
    const kind = accountKeyKind(user)
    if (kind === 'none') throw new AppError('ACCOUNT_NO_KEY')
    if (kind === 'legacy' && !this.current) throw new AppError('ACCOUNT_LEGACY_KEY')
    await this.useWallet(signer)
    if (kind === 'v2' && !this.current) {
      const pair = await unlockWithWallet(user.encrypted_private_key_v2!, signer)
      this.setCurrent(pair)
    }
    if (keyring && this.keyring && this.keyring.publicKeys.length > 0) await this.keyring.unlock(signer)
    this.touch()
    this.options.logger?.info(
      { event: 'key-unlocked', publicKey: this.current ? toBase64(this.current.publicKey) : null, keyringKeys: this.keyring?.publicKeys.length ?? 0 },
      'key unlocked',
    )
    return this.emit()
  }

  /** Wipes every private key from memory. */
  lock(): void {
    if (this.current) this.options.logger?.info({ event: 'key-locked' }, 'key locked')
    if (this.current) wipe(this.current.privateKey)
    this.current = null
    this.keyring?.lock()
    this.clearTimer()
    this.emit()
  }

  /** A new idle time (0 = never) takes effect at once: an unlocked key gets a fresh deadline from now. */
  setAutoLockMs(ms: number): void {
    this.autoLockMs = ms
    if (!this.current) return
    if (ms <= 0) {
      this.clearTimer()
      this.emit()
      return
    }
    this.touch()
  }

  /** Counts as activity: pushes the auto-lock deadline back. */
  touch(): void {
    if (!this.current) return
    this.clearTimer()
    if (this.autoLockMs <= 0) return
    const previous = this.lastEmittedDeadline
    this.autoLockAt = this.now() + this.autoLockMs
    this.lockTimer = this.timers.setTimeout(() => this.lock(), this.autoLockMs)
    // Every key use pushes the deadline back; tell listeners only when it moved by a second or more.
    if (previous === null || Math.abs(this.autoLockAt - previous) >= 1000) this.emit()
  }

  /**
   * The key pair for a public key (the current key, or an older key from the keyring), as a copy the caller
   * wipes when done; null if this vault does not hold it (locked, or a key you do not have).
   */
  keyPairFor(publicKeyBase64: string): KeyPair | null {
    if (this.current && toBase64(this.current.publicKey) === publicKeyBase64) {
      this.touch()
      return copyKeyPair(this.current)
    }
    const pair = this.keyring?.keyPair(publicKeyBase64) ?? null
    if (pair) this.touch()
    return pair
  }

  /** Writes numerbay.json for the current key (atomic, 0600, never over an existing file unless asked). */
  async exportKeyFile(path: string, { overwrite = false }: { overwrite?: boolean } = {}): Promise<string> {
    if (!this.current) throw new AppError('VAULT_LOCKED')
    await writeKeyFile(path, this.current, { overwrite })
    this.touch()
    return toBase64(this.current.publicKey)
  }

  /**
   * Imports a numerbay.json: validates it, says which of the account's keys it is (v2, legacy or none) and
   * which orders it opens. A key matching the account becomes the current key (this is how legacy accounts
   * decrypt); with a signer, a key that is not the account's v2 key is also kept in the local keyring.
   */
  async importKeyFile(path: string, { orders = [], signer }: { orders?: readonly ApiOrder[]; signer?: Signer } = {}): Promise<KeyImportReport> {
    const user = this.requireUser()
    const pair = await readKeyFile(path)
    try {
      const publicKey = toBase64(pair.publicKey)
      const matches = publicKey === user.public_key_v2 ? 'v2' : publicKey === user.public_key ? 'legacy' : 'none'
      let addedToKeyring = false
      if (signer && matches !== 'v2') {
        await this.useWallet(signer)
        if (!this.keyring) throw new AppError('ACCOUNT_WALLET_MISMATCH', { message: 'A keyring needs the wallet linked to this account.' })
        addedToKeyring = await this.keyring.add(signer, pair, 'imported')
      }
      if (matches !== 'none' && (matches === 'legacy' || accountKeyKind(user) === 'v2')) this.setCurrent(copyKeyPair(pair))
      this.touch()
      this.emit()
      return {
        publicKey,
        matches,
        orderIds: orders.filter((o) => o.buyer_public_key === publicKey).map((o) => o.id),
        addedToKeyring,
        inKeyring: this.keyring?.has(publicKey) ?? false,
      }
    } finally {
      wipe(pair.privateKey)
    }
  }

  /**
   * Replaces the key pair: report, confirmation, archive of the current private key in the keyring,
   * a new key made with the determinism check, then the upload (socials echoed). Nothing reaches the server
   * unless every earlier step worked.
   */
  async replaceKey({ client, signer, confirm }: ReplaceKeyOptions): Promise<ReplaceKeyResult> {
    const user = await client.getMe()
    await this.setAccount(user)
    await this.useWallet(signer)
    const [globals, orders] = await Promise.all([client.getGlobals(), client.searchOrders({ role: 'buyer' })])
    const report = this.planReplacement(user, orders.data, globals)
    const kind = report.currentKeyKind
    const oldPublicKey = report.oldPublicKey
    if (!(await confirm(report))) throw new AppError('KEY_REPLACE_NOT_CONFIRMED')

    let archived = oldPublicKey !== null && (this.keyring?.has(oldPublicKey) ?? false)
    if (oldPublicKey !== null && !archived) {
      let old = this.keyPairFor(oldPublicKey)
      if (!old && kind === 'v2') {
        old = await unlockWithWallet(user.encrypted_private_key_v2!, signer)
      }
      if (old) {
        try {
          if (!this.keyring) throw new AppError('ACCOUNT_WALLET_MISMATCH', { message: 'The old key can only be archived for an account linked to this wallet.' })
          await this.keyring.add(signer, old, 'replaced')
          archived = true
        } finally {
          wipe(old.privateKey)
        }
      }
    }

    const created = await createKeyBlob(signer)
    const newPublicKey = toBase64(created.keyPair.publicKey)
    let updated: ApiUser
    try {
      updated = await client.uploadKey({ publicKey: newPublicKey, encryptedPrivateKey: created.blob }, user)
    } catch (error) {
      wipe(created.keyPair.privateKey)
      throw error
    }
    if (updated.public_key_v2 !== newPublicKey || updated.encrypted_private_key_v2 !== created.blob) {
      wipe(created.keyPair.privateKey)
      throw new AppError('KEY_REPLACE_UNVERIFIED')
    }
    this.user = updated
    this.setCurrent(created.keyPair)
    this.touch()
    this.emit()
    const after = await client.searchOrders({ role: 'buyer' })
    const before = new Map(orders.data.map((o) => [o.id, o.buyer_public_key]))
    const rekeyedOrderIds = after.data.filter((o) => o.buyer_public_key === newPublicKey && before.get(o.id) !== newPublicKey).map((o) => o.id)
    return { newPublicKey, oldPublicKey, archivedOldKey: archived, rekeyedOrderIds }
  }

  /**
   * The report shown before a replacement (nothing changes): which orders follow the new key, which keep the
   * old one, and whether the old private key can be archived (always for v2; for legacy, only if imported).
   */
  planReplacement(user: ApiUser, orders: readonly ApiOrder[], globals: Pick<ApiGlobals, 'selling_round'>): ReplaceKeyReport {
    const kind = accountKeyKind(user)
    const oldPublicKey = kind === 'v2' ? user.public_key_v2 : kind === 'legacy' ? user.public_key : null
    return planKeyReplacement(user, orders, globals, oldPublicKey !== null && (kind === 'v2' || this.holds(oldPublicKey)))
  }

  /** Whether this vault has (or its keyring stores) the private key for a public key, without copying it. */
  holds(publicKeyBase64: string): boolean {
    return (this.current !== null && toBase64(this.current.publicKey) === publicKeyBase64) || (this.keyring?.has(publicKeyBase64) ?? false)
  }

  private requireUser(): ApiUser {
    if (!this.user) throw new AppError('API_SIGN_IN_REQUIRED')
    return this.user
  }

  /** The signer must be the account's wallet: the keyring and the v2 salt belong to it. */
  private async useWallet(signer: Signer): Promise<void> {
    const user = this.requireUser()
    const address = await signer.address()
    if (user.public_address && !sameAddress(address, user.public_address)) {
      throw new AppError('ACCOUNT_WALLET_MISMATCH', { detail: `signer ${address.toLowerCase()}, account ${user.public_address}` })
    }
    if (!this.keyring || this.keyring.address !== address.toLowerCase()) {
      this.keyring?.lock()
      this.keyring = await Keyring.forWallet(this.options.dataDir, address).load()
    }
  }

  /** Holds `pair` (its own secret copy: read-only while held in secure memory, freed on lock). */
  private setCurrent(pair: KeyPair): void {
    if (this.current) wipe(this.current.privateKey)
    protectSecret(pair.privateKey)
    this.current = pair
  }

  private clearTimer(): void {
    if (this.lockTimer !== null) this.timers.clearTimeout(this.lockTimer)
    this.lockTimer = null
    this.autoLockAt = null
  }

  private emit(): VaultStatus {
    const status = this.status()
    this.lastEmittedDeadline = status.autoLockAt
    for (const listener of this.listeners) listener(status)
    return status
  }
}

/** unlockKeyBlob with the failure the user understands: another wallet made this key. */
async function unlockWithWallet(blob: string, signer: Signer): Promise<KeyPair> {
  try {
    return await unlockKeyBlob(blob, signer)
  } catch (error) {
    if (isAppError(error) && error.code === 'KEY_UNWRAP_FAILED') throw new AppError('VAULT_WRONG_WALLET', { cause: error })
    throw error
  }
}

export function createVault(options: VaultOptions): Vault {
  return new Vault(options)
}

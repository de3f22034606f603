// Serialisable NumerBay domain types the UI, the CLI and the downloads engine show or pass around.
// No Node, no DOM: plain data only. Secrets (keys, tokens, signatures) never appear here.

/** Which encryption key the account has on NumerBay. */
export type AccountKeyKind =
  /** encryption v2: `public_key_v2` + `encrypted_private_key_v2`, unlockable with the wallet. */
  | 'v2'
  /** only the legacy v1 fields (MetaMask eth_decrypt); usable only from an exported key file, or replace it. */
  | 'legacy'
  /** no key at all (a new account, or one that never bought encrypted products). */
  | 'none'

/** The signed-in account as the app shows it. */
export interface UserSummary {
  readonly id: number
  readonly username: string
  /** The wallet linked to the account, lower-case as NumerBay stores it; null for password-only accounts. */
  readonly publicAddress: string | null
  readonly keyKind: AccountKeyKind
  /** base64 X25519 public key, v2 (`public_key_v2`). */
  readonly publicKeyV2: string | null
  /** base64 X25519 public key, legacy v1 (`public_key`). */
  readonly publicKeyLegacy: string | null
}

/** The vault's state: what the app can decrypt right now. */
export type VaultState =
  /** The account has a v2 key that is not unlocked in this session. */
  | 'locked'
  /** The current private key is in memory. */
  | 'unlocked'
  /** The account has no key. */
  | 'none'
  /** The account only has a legacy v1 key (import a key file, or replace the key). */
  | 'legacy'

export interface VaultStatus {
  readonly state: VaultState
  /** base64 public key of the key in memory (unlocked), or of the account's key (locked/legacy). */
  readonly publicKey: string | null
  /** Epoch ms when the vault locks itself if nothing uses it; null when locked or auto-lock is off. */
  readonly autoLockAt: number | null
  /** Public keys of older keys in the local keyring (known without unlocking it). */
  readonly keyringPublicKeys: readonly string[]
  /** Whether the keyring's private keys are in memory (unlocked together with the vault). */
  readonly keyringUnlocked: boolean
}

/**
 * Whether this app can decrypt an order's files:
 * - `current`: sealed to the key you have now;
 * - `keyring`: sealed to an older key kept in your local keyring;
 * - `missing`: sealed to a key you do not have (replaced without keeping it, or never exported);
 * - `unencrypted`: the product is not encrypted (files are product artifacts, plaintext).
 */
export type OrderKeyStatus = 'current' | 'keyring' | 'missing' | 'unencrypted'

export type OrderState = 'pending' | 'confirmed' | 'expired' | 'invalid_currency' | (string & {})
export type OrderMode = 'file' | 'stake' | 'stake_with_limit' | (string & {})

/** One purchase, as the orders table shows it. */
export interface OrderRow {
  readonly id: number
  readonly productId: number
  readonly productName: string
  readonly productSku: string | null
  /** Category slug, e.g. "numerai-predictions". */
  readonly category: string | null
  /** Whether files are per tournament round (pruned after the round). */
  readonly isPerRound: boolean
  /** The purchased tournament rounds, sorted. */
  readonly rounds: readonly number[]
  readonly state: OrderState
  readonly mode: OrderMode
  /** Confirmed and covering the current selling round: the only orders whose files can be downloaded. */
  readonly active: boolean
  /** Where the order stands relative to the selling round. */
  readonly timing: 'current' | 'future' | 'past'
  /** base64 public key the seller seals files to; null for unencrypted products. */
  readonly buyerPublicKey: string | null
  readonly keyStatus: OrderKeyStatus
  /** Naive UTC ISO string as NumerBay sends it. */
  readonly dateOrder: string | null
}

export type ArtifactKind =
  /** Per-order copy, sealed to the order's buyer_public_key (string id). */
  | 'order'
  /** Product-wide file, plaintext (integer id). */
  | 'product'

/** One downloadable (or not) file. */
export interface ArtifactRow {
  readonly kind: ArtifactKind
  /** Order artifacts have a 32-hex string id, product artifacts an integer. */
  readonly id: string | number
  readonly orderId: number | null
  readonly productId: number | null
  readonly objectName: string | null
  /** As the uploader claimed it (unverified; sealed files include the 48-byte overhead); null if unknown. */
  readonly objectSize: number | null
  readonly roundTournament: number | null
  /** pending | active | failed | marked_for_pruning | pruned | expired */
  readonly state: string
  /** Sent straight to Numerai by the seller: cannot be downloaded. */
  readonly isNumeraiDirect: boolean
  /** Sealed to the order's key (order artifacts with a buyer key). */
  readonly encrypted: boolean
}

/** Why an order does or does not follow a replaced key. */
export type RekeyReason =
  /** confirmed and covering the selling round: the server switches it to the new key. */
  | 'rekeyed'
  /** not paid yet: keeps the old key. */
  | 'pending'
  /** confirmed, but all its rounds are after the selling round: keeps the old key. */
  | 'future-round'
  /** its rounds are over: keeps the old key. */
  | 'past'
  /** expired or failed payment: nothing will be delivered. */
  | 'not-confirmed'
  /** unencrypted product: no key involved. */
  | 'unencrypted'

export interface RekeyOrderLine {
  readonly orderId: number
  readonly productName: string
  readonly rounds: readonly number[]
  readonly state: OrderState
  readonly reason: RekeyReason
  /** Files already uploaded for this order: they stay sealed to the key they were sealed to. */
  readonly uploadedArtifacts: number
  readonly buyerPublicKey: string | null
}

/** What replacing the key pair will do, shown before anything is uploaded. */
export interface ReplaceKeyReport {
  readonly sellingRound: number
  readonly currentKeyKind: AccountKeyKind
  /** base64 public key being replaced (v2, else legacy), if any. */
  readonly oldPublicKey: string | null
  /** Orders the server will switch to the new key (future uploads for them use the new key). */
  readonly followNewKey: readonly RekeyOrderLine[]
  /** Orders that keep the old key (pending, future-round, past). */
  readonly keepOldKey: readonly RekeyOrderLine[]
  /** Orders without encryption. */
  readonly unencrypted: readonly RekeyOrderLine[]
  /** Files already uploaded (for any encrypted order) that stay sealed to the old key. */
  readonly uploadedFilesOnOldKey: number
  /** Whether the old private key can be archived in the local keyring (false for a legacy key not imported). */
  readonly oldKeyArchivable: boolean
}

/** Result of a finished key replacement. */
export interface ReplaceKeyResult {
  readonly newPublicKey: string
  readonly oldPublicKey: string | null
  readonly archivedOldKey: boolean
  /** Order ids the server actually switched to the new key (read back after the upload). */
  readonly rekeyedOrderIds: readonly number[]
}

/** How an imported key file relates to the signed-in account. */
export type KeyFileMatch = 'v2' | 'legacy' | 'none'

export interface KeyImportReport {
  readonly publicKey: string
  /** Which of the account's keys it is, or none. */
  readonly matches: KeyFileMatch
  /** Orders whose buyer_public_key is this key. */
  readonly orderIds: readonly number[]
  /** Whether it was stored in the local keyring by this import. */
  readonly addedToKeyring: boolean
  /** Whether the local keyring holds it now (added now or earlier). */
  readonly inKeyring: boolean
}

/** The selling round context from GET /globals/. */
export interface RoundInfo {
  readonly sellingRound: number
  readonly activeRound: number | null
  readonly isDoingRoundRollover: boolean
}

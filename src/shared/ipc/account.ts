// The account, key and order shapes: the one definition of each (src/shared/numerbay.ts names them for main
// and the CLI). Objects the renderer and main only read are `.readonly()`.
import { z } from 'zod'
import { epochMsSchema, list } from './common'

// ---- Sign-in and the account ---------------------------------------------------------------------------------

/**
 * Which encryption key the account has on NumerBay. `v2`: `public_key_v2` + `encrypted_private_key_v2`,
 * unlockable with the wallet; `legacy`: only the v1 fields (MetaMask eth_decrypt), usable only from an exported
 * key file, or replace it; `none`: no key at all (a new account, or one that never bought encrypted products).
 */
export const accountKeyKindSchema = z.enum(['v2', 'legacy', 'none'])

/** The signed-in account as the app shows it (UserSummary). */
export const accountSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    /** The wallet linked to the account, lower-case as NumerBay stores it; null for password-only accounts. */
    publicAddress: z.string().nullable(),
    keyKind: accountKeyKindSchema,
    /** base64 X25519 public key, v2 (`public_key_v2`); not secret. */
    publicKeyV2: z.string().nullable(),
    /** base64 X25519 public key, legacy v1 (`public_key`); not secret. */
    publicKeyLegacy: z.string().nullable(),
  })
  .readonly()

export const sessionSchema = z.object({
  /** Null when signed out. */
  account: accountSchema.nullable(),
  apiUrl: z.string(),
  /** How the session was opened. */
  method: z.enum(['wallet', 'password']).nullable(),
})

export const passwordSignInArgsSchema = z
  .object({ username: z.string().min(1).max(256), password: z.string().min(1).max(1024) })
  .strict()

// ---- The key (VaultStatus) ------------------------------------------------------------------------------

/**
 * What the vault can decrypt right now. `locked`: the account has a v2 key that is not unlocked in this session;
 * `unlocked`: the current private key is in main's memory; `none`: the account has no key; `legacy`: only a v1
 * key (import a key file, or replace the key).
 */
export const vaultStateSchema = z.enum(['locked', 'unlocked', 'none', 'legacy'])

const vaultStatusShape = {
  state: vaultStateSchema,
  /** base64 public key of the key in memory (unlocked), or of the account's key (locked/legacy). */
  publicKey: z.string().nullable(),
  /** When the vault locks itself if nothing uses it; null when locked or auto-lock is off. */
  autoLockAt: epochMsSchema.nullable(),
  /** Public keys of older keys in the local keyring (known without unlocking it). */
  keyringPublicKeys: list(z.string()),
  /** Whether the keyring's private keys are in memory (unlocked together with the vault). */
  keyringUnlocked: z.boolean(),
}

/** The vault's own status (VaultStatus). */
export const vaultStatusSchema = z.object(vaultStatusShape).readonly()

/** The key as the app shows it: the vault's status, or `signed-out` (no account and no key file). */
export const keyStateSchema = z
  .object({
    ...vaultStatusShape,
    state: z.enum([...vaultStateSchema.options, 'signed-out']),
    /** The person chose to keep the key unlocked while the app keeps a folder in sync: auto-lock is paused. */
    keptUnlockedForSync: z.boolean().optional(),
  })
  .readonly()

export const keyExportResultSchema = z.object({ path: z.string() })

/** How an imported key file relates to the signed-in account (KeyImportReport). */
export const keyImportReportSchema = z
  .object({
    publicKey: z.string(),
    /** Which of the account's keys the file holds, or none. */
    matches: accountKeyKindSchema,
    /** Orders whose buyer_public_key is this key. */
    orderIds: list(z.number().int()),
    /** Whether it was stored in the local keyring by this import. */
    addedToKeyring: z.boolean(),
    /** Whether the local keyring holds it now (added now or earlier). */
    inKeyring: z.boolean(),
  })
  .readonly()

// ---- Orders and artifacts ---------------------------------------------------------------------------------

/**
 * Whether this app can decrypt an order's files. `current`: sealed to the key you have now; `keyring`: sealed to
 * an older key kept in your local keyring; `missing`: sealed to a key you do not have (replaced without keeping
 * it, or never exported); `unencrypted`: the product is not encrypted (its files are plaintext product artifacts).
 */
export const orderKeyStatusSchema = z.enum(['current', 'keyring', 'missing', 'unencrypted'])

/** One purchase, as the orders table shows it (OrderRow). */
export const orderSchema = z
  .object({
    id: z.number().int(),
    productId: z.number().int(),
    productName: z.string(),
    productSku: z.string().nullable(),
    /** Category slug, e.g. "numerai-predictions". */
    category: z.string().nullable(),
    /** Whether files are per tournament round (pruned after the round). */
    isPerRound: z.boolean(),
    /** The purchased tournament rounds, sorted. */
    rounds: list(z.number().int()),
    /** NumerBay's order state: pending | confirmed | expired | invalid_currency (others pass through). */
    state: z.string(),
    /** file | stake | stake_with_limit (others pass through). */
    mode: z.string(),
    /** Confirmed and covering the current selling round: the only orders whose files can be downloaded. */
    active: z.boolean(),
    /** Where the order stands relative to the selling round. */
    timing: z.enum(['current', 'future', 'past']),
    /** base64 public key the seller seals files to; null for unencrypted products. */
    buyerPublicKey: z.string().nullable(),
    keyStatus: orderKeyStatusSchema,
    /** Naive UTC ISO string as NumerBay sends it. */
    dateOrder: z.string().nullable(),
  })
  .readonly()

export const ordersArgsSchema = z
  .object({
    /** Also list orders that are no longer active (default false). */
    includeInactive: z.boolean().optional(),
  })
  .strict()
  .optional()

export const ordersSchema = z.object({
  sellingRound: z.number().int().nullable(),
  orders: list(orderSchema),
})

/** `order`: a per-order copy, sealed to the order's buyer_public_key (string id); `product`: a product-wide file, plaintext (integer id). */
export const artifactKindSchema = z.enum(['order', 'product'])

/** One downloadable (or not) file (ArtifactRow). */
export const artifactSchema = z
  .object({
    kind: artifactKindSchema,
    /** Order artifacts have a 32-hex string id, product artifacts an integer. */
    id: z.union([z.string(), z.number().int()]),
    orderId: z.number().int().nullable(),
    productId: z.number().int().nullable(),
    objectName: z.string().nullable(),
    /** As the uploader claimed it (unverified; sealed files include the 48-byte overhead); null if unknown. */
    objectSize: z.number().int().nullable(),
    roundTournament: z.number().int().nullable(),
    /** pending | active | failed | marked_for_pruning | pruned | expired */
    state: z.string(),
    /** Sent straight to Numerai by the seller: cannot be downloaded. */
    isNumeraiDirect: z.boolean(),
    /** Sealed to the order's key (order artifacts with a buyer key). */
    encrypted: z.boolean(),
  })
  .readonly()

export const artifactsArgsSchema = z.object({ orderId: z.number().int() }).strict()
export const artifactsSchema = z.object({ orderId: z.number().int(), artifacts: list(artifactSchema) })

// ---- Key replacement (ReplaceKeyReport) -------------------------------------------------------------------

/**
 * Why an order does or does not follow a replaced key. `rekeyed`: confirmed and covering the selling round, the
 * server switches it to the new key; `pending`: not paid yet, keeps the old key; `future-round`: confirmed, but
 * all its rounds are after the selling round, keeps the old key; `past`: its rounds are over, keeps the old key;
 * `not-confirmed`: expired or failed payment, nothing will be delivered; `unencrypted`: no key involved.
 */
export const rekeyReasonSchema = z.enum(['rekeyed', 'pending', 'future-round', 'past', 'not-confirmed', 'unencrypted'])

export const rekeyOrderLineSchema = z
  .object({
    orderId: z.number().int(),
    productName: z.string(),
    rounds: list(z.number().int()),
    /** The order's state on NumerBay (see orderSchema.state). */
    state: z.string(),
    reason: rekeyReasonSchema,
    /** Files already uploaded for this order: they stay sealed to the key they were sealed to. */
    uploadedArtifacts: z.number().int().nonnegative(),
    buyerPublicKey: z.string().nullable(),
  })
  .readonly()

/** What replacing the key pair will do, shown before anything is uploaded (ReplaceKeyReport). */
export const replacePlanSchema = z
  .object({
    sellingRound: z.number().int(),
    currentKeyKind: accountKeyKindSchema,
    /** base64 public key being replaced (v2, else legacy), if any. */
    oldPublicKey: z.string().nullable(),
    /** Orders the server will switch to the new key (future uploads for them use the new key). */
    followNewKey: list(rekeyOrderLineSchema),
    /** Orders that keep the old key (pending, future-round, past). */
    keepOldKey: list(rekeyOrderLineSchema),
    /** Orders without encryption. */
    unencrypted: list(rekeyOrderLineSchema),
    /** Files already uploaded (for any encrypted order) that stay sealed to the old key. */
    uploadedFilesOnOldKey: z.number().int().nonnegative(),
    /** Whether the old private key can be archived in the local keyring first (false for a legacy key not imported). */
    oldKeyArchivable: z.boolean(),
  })
  .readonly()

export const replaceKeyArgsSchema = z.object({ confirm: z.literal(true) }).strict()

/** Result of a finished key replacement (ReplaceKeyResult). */
export const replaceKeyResultSchema = z
  .object({
    newPublicKey: z.string(),
    oldPublicKey: z.string().nullable(),
    archivedOldKey: z.boolean(),
    /** Order ids the server actually switched to the new key (read back after the upload). */
    rekeyedOrderIds: list(z.number().int()),
  })
  .readonly()

export type Account = z.infer<typeof accountSchema>
export type Session = z.infer<typeof sessionSchema>
export type KeyState = z.infer<typeof keyStateSchema>
export type KeyImportReportView = z.infer<typeof keyImportReportSchema>
export type Order = z.infer<typeof orderSchema>
export type Orders = z.infer<typeof ordersSchema>
export type Artifact = z.infer<typeof artifactSchema>
export type Artifacts = z.infer<typeof artifactsSchema>
export type ReplacePlan = z.infer<typeof replacePlanSchema>

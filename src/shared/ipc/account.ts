// Schemas mirroring src/shared/numerbay.ts (checked against it in src/main/desktop/views.ts).
import { z } from 'zod'
import { epochMsSchema, list } from './common'

// ---- Sign-in and the account ---------------------------------------------------------------------------------

export const accountKeyKindSchema = z.enum(['v2', 'legacy', 'none'])

/** The signed-in account (UserSummary). */
export const accountSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  /** The linked wallet, lower-case as NumerBay stores it; null for password-only accounts. */
  publicAddress: z.string().nullable(),
  keyKind: accountKeyKindSchema,
  /** base64 public keys (not secret). */
  publicKeyV2: z.string().nullable(),
  publicKeyLegacy: z.string().nullable(),
})

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
 * `locked`: a v2 key that is not unlocked; `unlocked`: the key is in main's memory; `none`: the account has
 * no key; `legacy`: only a v1 key (import a key file or replace it); `signed-out`: no account and no key file.
 */
export const keyStateSchema = z.object({
  state: z.enum(['locked', 'unlocked', 'none', 'legacy', 'signed-out']),
  /** base64 public key of the key in memory, or of the account's key. */
  publicKey: z.string().nullable(),
  /** When the key is wiped if idle; null when locked or auto-lock is off. */
  autoLockAt: epochMsSchema.nullable(),
  /** Public keys of older keys in the local keyring. */
  keyringPublicKeys: list(z.string()),
  keyringUnlocked: z.boolean(),
})

export const keyExportResultSchema = z.object({ path: z.string() })

export const keyImportReportSchema = z.object({
  publicKey: z.string(),
  /** Which of the account's keys the file holds, or none. */
  matches: accountKeyKindSchema,
  /** Orders sealed to this key. */
  orderIds: list(z.number().int()),
  addedToKeyring: z.boolean(),
})

// ---- Orders and artifacts ---------------------------------------------------------------------------------

/** current: sealed to your key; keyring: to an older key you kept; missing: to a key you do not have. */
export const orderKeyStatusSchema = z.enum(['current', 'keyring', 'missing', 'unencrypted'])

export const orderSchema = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  productSku: z.string().nullable(),
  category: z.string().nullable(),
  isPerRound: z.boolean(),
  rounds: list(z.number().int()),
  state: z.string(),
  mode: z.string(),
  /** Confirmed and covering the selling round: the only orders whose files can be downloaded. */
  active: z.boolean(),
  timing: z.enum(['current', 'future', 'past']),
  /** base64 public key the files are sealed to; null for unencrypted products. */
  buyerPublicKey: z.string().nullable(),
  keyStatus: orderKeyStatusSchema,
  /** Naive UTC ISO string as NumerBay sends it. */
  dateOrder: z.string().nullable(),
})

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

export const artifactSchema = z.object({
  kind: z.enum(['order', 'product']),
  /** Order artifacts: 32-hex string; product artifacts: integer. */
  id: z.union([z.string(), z.number().int()]),
  orderId: z.number().int().nullable(),
  productId: z.number().int().nullable(),
  objectName: z.string().nullable(),
  objectSize: z.number().int().nullable(),
  roundTournament: z.number().int().nullable(),
  /** pending | active | failed | marked_for_pruning | pruned | expired */
  state: z.string(),
  isNumeraiDirect: z.boolean(),
  encrypted: z.boolean(),
})

export const artifactsArgsSchema = z.object({ orderId: z.number().int() }).strict()
export const artifactsSchema = z.object({ orderId: z.number().int(), artifacts: list(artifactSchema) })

// ---- Key replacement (ReplaceKeyReport) -------------------------------------------------------------------

export const rekeyReasonSchema = z.enum(['rekeyed', 'pending', 'future-round', 'past', 'not-confirmed', 'unencrypted'])

export const rekeyOrderLineSchema = z.object({
  orderId: z.number().int(),
  productName: z.string(),
  rounds: list(z.number().int()),
  state: z.string(),
  reason: rekeyReasonSchema,
  /** Files already uploaded: they stay sealed to the key they were sealed to. */
  uploadedArtifacts: z.number().int().nonnegative(),
  buyerPublicKey: z.string().nullable(),
})

export const replacePlanSchema = z.object({
  sellingRound: z.number().int(),
  currentKeyKind: accountKeyKindSchema,
  oldPublicKey: z.string().nullable(),
  followNewKey: list(rekeyOrderLineSchema),
  keepOldKey: list(rekeyOrderLineSchema),
  unencrypted: list(rekeyOrderLineSchema),
  uploadedFilesOnOldKey: z.number().int().nonnegative(),
  /** Whether the old private key can be archived in the local keyring first. */
  oldKeyArchivable: z.boolean(),
})

export const replaceKeyArgsSchema = z.object({ confirm: z.literal(true) }).strict()

export const replaceKeyResultSchema = z.object({
  newPublicKey: z.string(),
  oldPublicKey: z.string().nullable(),
  archivedOldKey: z.boolean(),
  /** Orders the server actually switched to the new key (read back after the upload). */
  rekeyedOrderIds: list(z.number().int()),
})

export type Account = z.infer<typeof accountSchema>
export type Session = z.infer<typeof sessionSchema>
export type KeyState = z.infer<typeof keyStateSchema>
export type KeyImportReportView = z.infer<typeof keyImportReportSchema>
export type Order = z.infer<typeof orderSchema>
export type Orders = z.infer<typeof ordersSchema>
export type Artifact = z.infer<typeof artifactSchema>
export type Artifacts = z.infer<typeof artifactsSchema>
export type ReplacePlan = z.infer<typeof replacePlanSchema>
export type ReplaceKeyResultView = z.infer<typeof replaceKeyResultSchema>

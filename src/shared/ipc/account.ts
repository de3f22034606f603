import { z } from 'zod'
import { absolutePathSchema, epochMsSchema } from './common'

// ---- Sign-in and the account ---------------------------------------------------------------------------------

export const keySchemeSchema = z.enum(['v2', 'legacy', 'none'])

export const accountSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  /** The wallet address linked to the account (as stored by NumerBay, normally lower case). */
  publicAddress: z.string().nullable(),
  email: z.string().nullable(),
  /** Which encryption key the account has on the server. */
  keyScheme: keySchemeSchema,
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

// ---- The key --------------------------------------------------------------------------------------------

export const keyStateSchema = z.object({
  /** The server's key for the account; `unknown` when signed out and no key file is loaded. */
  scheme: z.enum(['v2', 'legacy', 'none', 'unknown']),
  locked: z.boolean(),
  /** Where the unlocked key came from. */
  source: z.enum(['wallet', 'key-file']).nullable(),
  /** The current public key (base64), shown so users can compare; null when unknown. */
  publicKey: z.string().nullable(),
  /** When the unlocked key will be wiped if idle; null when locked or auto-lock is off. */
  autoLockAt: epochMsSchema.nullable(),
  /** Older keys kept in the local keyring (encrypted at rest). */
  keyringSize: z.number().int().nonnegative(),
})

export const keyFileTargetArgsSchema = z
  .object({
    /** Where to write/read numerbay.json; omitted: main shows a save/open dialog. */
    path: absolutePathSchema.optional(),
    /** Export only: replace an existing file at `path` (the save dialog already asked). */
    overwrite: z.boolean().optional(),
  })
  .strict()
  .optional()

export const keyExportResultSchema = z.object({ path: z.string() })

// ---- Orders and artifacts ---------------------------------------------------------------------------------

export const orderKeyStatusSchema = z.enum([
  /** Sealed to the current key or one in the keyring. */
  'decryptable',
  /** Sealed to a key you do not have (replaced without the keyring, or another device). */
  'missing-key',
  /** The product is not encrypted. */
  'unencrypted',
  /** Cannot tell yet: the key is locked or unknown. */
  'unknown',
])

export const orderSchema = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  /** Category slug or name, when known. */
  category: z.string().nullable(),
  rounds: z.array(z.number().int()),
  /** Selling round when the order was placed. */
  roundOrder: z.number().int(),
  state: z.string(),
  mode: z.string(),
  /** Confirmed and covering the current selling round. */
  active: z.boolean(),
  encrypted: z.boolean(),
  keyStatus: orderKeyStatusSchema,
  /** ISO date of the order (UTC). */
  date: z.string(),
  price: z.number(),
  currency: z.string(),
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
  orders: z.array(orderSchema),
})

export const artifactSchema = z.object({
  /** Order artifacts have uuid-hex ids, product artifacts integers: both as strings here. */
  id: z.string(),
  kind: z.enum(['order', 'product']),
  orderId: z.number().int(),
  name: z.string(),
  size: z.number().int().nullable(),
  round: z.number().int().nullable(),
  state: z.string(),
  /** Whether a sync would download it, and why not when not. */
  downloadable: z.boolean(),
  skipReason: z.string().nullable(),
})

export const artifactsArgsSchema = z.object({ orderId: z.number().int() }).strict()
export const artifactsSchema = z.object({ orderId: z.number().int(), artifacts: z.array(artifactSchema) })

// ---- Key replacement ---------------------------------------------------------------------------------------

export const replacePlanSchema = z.object({
  /** True when the account has no key yet: replacing creates the first one. */
  creating: z.boolean(),
  sellingRound: z.number().int().nullable(),
  /** Orders the server re-keys to the new key (confirmed and covering the selling round). */
  followNewKey: z.array(orderSchema),
  /** Orders that stay sealed to the old key, each with the reason. */
  stayOnOldKey: z.array(z.object({ order: orderSchema, reason: z.string() })),
  /** Whether the current key will be archived in the local keyring first (so old files stay readable). */
  archivesCurrentKey: z.boolean(),
  /** Sentences for the caution panel. */
  warnings: z.array(z.string()),
})

export const replaceKeyArgsSchema = z.object({ confirm: z.literal(true) }).strict()

export type KeyScheme = z.infer<typeof keySchemeSchema>
export type Account = z.infer<typeof accountSchema>
export type Session = z.infer<typeof sessionSchema>
export type KeyState = z.infer<typeof keyStateSchema>
export type OrderKeyStatus = z.infer<typeof orderKeyStatusSchema>
export type Order = z.infer<typeof orderSchema>
export type Orders = z.infer<typeof ordersSchema>
export type Artifact = z.infer<typeof artifactSchema>
export type Artifacts = z.infer<typeof artifactsSchema>
export type ReplacePlan = z.infer<typeof replacePlanSchema>

// The NumerBay domain types the UI, the CLI and the downloads engine show or pass around, by the names main and
// the CLI use. Each is the type of its schema in ./ipc/account (the fields' meaning is documented there).
// Plain data only; secrets (keys, tokens, signatures) never appear here.
import type { z } from 'zod'
import type {
  accountKeyKindSchema,
  accountSchema,
  keyImportReportSchema,
  orderKeyStatusSchema,
  orderSchema,
  artifactSchema,
  rekeyOrderLineSchema,
  rekeyReasonSchema,
  replaceKeyResultSchema,
  replacePlanSchema,
  vaultStatusSchema,
} from './ipc/account'

/** Which encryption key the account has on NumerBay. */
export type AccountKeyKind = z.infer<typeof accountKeyKindSchema>

/** The signed-in account as the app shows it. */
export type UserSummary = z.infer<typeof accountSchema>

/** The vault's state: what the app can decrypt right now. */
export type VaultStatus = z.infer<typeof vaultStatusSchema>

/** Whether this app can decrypt an order's files. */
export type OrderKeyStatus = z.infer<typeof orderKeyStatusSchema>

/** One purchase, as the orders table shows it. */
export type OrderRow = z.infer<typeof orderSchema>

/** One downloadable (or not) file. */
export type ArtifactRow = z.infer<typeof artifactSchema>

/** Why an order does or does not follow a replaced key. */
export type RekeyReason = z.infer<typeof rekeyReasonSchema>

export type RekeyOrderLine = z.infer<typeof rekeyOrderLineSchema>

/** What replacing the key pair will do, shown before anything is uploaded. */
export type ReplaceKeyReport = z.infer<typeof replacePlanSchema>

/** Result of a finished key replacement. */
export type ReplaceKeyResult = z.infer<typeof replaceKeyResultSchema>

/** How an imported key file relates to the signed-in account. */
export type KeyImportReport = z.infer<typeof keyImportReportSchema>

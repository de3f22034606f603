import { z } from 'zod'
import { absolutePathSchema, addressSchema, derivationPathSchema, epochMsSchema, errorInfoSchema } from './common'

// ---- Ledger -------------------------------------------------------------------------------------------

/**
 * What the Ledger is doing, for the live device panel. `needs-app`: the dashboard or another app is open
 * (`app` says which). `permission-denied`: Linux udev rule missing (the error's action explains it).
 */
export const ledgerStateSchema = z.enum([
  'no-device',
  'connecting',
  'locked',
  'needs-app',
  'ready',
  'awaiting-confirmation',
  'disconnected',
  'permission-denied',
  'error',
])

export const ledgerStatusSchema = z.object({
  state: ledgerStateSchema,
  /** The app running on the device when known (e.g. "BOLOS" for the dashboard, "Ethereum"). */
  app: z.object({ name: z.string(), version: z.string() }).nullable(),
  /** Product name when known ("Nano S Plus"). */
  model: z.string().nullable(),
  /** The selected account, once connected. */
  account: z.object({ path: derivationPathSchema, address: addressSchema }).nullable(),
  /** Why the state is not `ready`, with advice (locked, wrong app, permission...). */
  error: errorInfoSchema.nullable(),
})

export const ledgerSchemeSchema = z.enum(['live', 'legacy', 'custom'])

export const ledgerAccountSchema = z.object({
  /** live: 44'/60'/i'/0/0, legacy: 44'/60'/0'/i. */
  scheme: ledgerSchemeSchema,
  index: z.number().int().nonnegative(),
  path: derivationPathSchema,
  address: addressSchema,
})

export const ledgerAccountsArgsSchema = z
  .object({
    /** Accounts per scheme (default 5). */
    count: z.number().int().min(1).max(20).optional(),
    /** Address to match; defaults to the signed-in NumerBay account's public_address. */
    expectedAddress: addressSchema.optional(),
  })
  .strict()
  .optional()

export const ledgerAccountsSchema = z.object({
  accounts: z.array(ledgerAccountSchema),
  /** The account whose address equals the NumerBay account's address, or null when none does. */
  matched: ledgerAccountSchema.nullable(),
  /** The address that was matched against (null when not signed in and none given). */
  expectedAddress: addressSchema.nullable(),
})

export const ledgerConnectArgsSchema = z.object({ path: derivationPathSchema }).strict()

// ---- WalletConnect -------------------------------------------------------------------------------------

export const walletConnectStateSchema = z.enum(['idle', 'connecting', 'pairing', 'connected', 'expired', 'error'])

export const walletConnectStatusSchema = z.object({
  state: walletConnectStateSchema,
  /**
   * Present while `pairing`. `uri` is the wc: pairing URI for the copy button: the one secret-ish value that
   * reaches the renderer. Never log it. `qrDataUrl` is a data:image/png URL of the same URI.
   */
  pairing: z
    .object({
      uri: z.string().startsWith('wc:'),
      qrDataUrl: z.string().startsWith('data:image/'),
      expiresAt: epochMsSchema,
    })
    .nullable(),
  /** Present while `connected`. */
  session: z
    .object({
      walletName: z.string(),
      walletIcon: z.string().nullable(),
      address: addressSchema,
      expiresAt: epochMsSchema.nullable(),
    })
    .nullable(),
  /** True while a signature request waits on the phone ("approve on your phone"). */
  awaitingApproval: z.boolean(),
  error: errorInfoSchema.nullable(),
})

// ---- The current signer ------------------------------------------------------------------------------------

/**
 * The wallet main signs with (sign-in, unlock, replace). `key-file`: no wallet, a numerbay.json loaded for
 * offline work (it can decrypt, not sign). `demo`: the sandbox's demo wallet (only with the in-app sandbox).
 */
export const signerKindSchema = z.enum(['ledger', 'walletconnect', 'key-file', 'demo'])

export const signerSummarySchema = z
  .object({
    kind: signerKindSchema,
    /** Wallet address; null for a key file. */
    address: addressSchema.nullable(),
    /** What to show: "Ledger 44'/60'/0'/0/0", wallet name, key file name. */
    label: z.string(),
  })
  .nullable()

export const keyFileArgsSchema = z
  .object({
    /** numerbay.json to load; omitted: main shows an open dialog. */
    path: absolutePathSchema.optional(),
  })
  .strict()
  .optional()

export type LedgerState = z.infer<typeof ledgerStateSchema>
export type LedgerStatus = z.infer<typeof ledgerStatusSchema>
export type LedgerScheme = z.infer<typeof ledgerSchemeSchema>
export type LedgerAccount = z.infer<typeof ledgerAccountSchema>
export type LedgerAccounts = z.infer<typeof ledgerAccountsSchema>
export type WalletConnectState = z.infer<typeof walletConnectStateSchema>
export type WalletConnectStatus = z.infer<typeof walletConnectStatusSchema>
export type SignerKind = z.infer<typeof signerKindSchema>
export type SignerSummary = z.infer<typeof signerSummarySchema>

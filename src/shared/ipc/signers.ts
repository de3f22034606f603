// Schemas mirroring src/shared/ledger.ts and src/shared/walletconnect.ts (checked against them in
// src/main/desktop/views.ts), plus the current-signer summary.
import { z } from 'zod'
import { absolutePathSchema, addressSchema, epochMsSchema } from './common'

// ---- Ledger -------------------------------------------------------------------------------------------

const model = { model: z.string().optional() }

/** The live device panel. `needs-app`: the dashboard or another app is open (`openApp` says which). */
export const ledgerStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('no-device') }),
  /** Linux: the udev rule is missing. */
  z.object({ state: z.literal('permission-denied') }),
  z.object({ state: z.literal('locked'), ...model }),
  z.object({ state: z.literal('needs-app'), openApp: z.string(), onDashboard: z.boolean(), ...model }),
  z.object({ state: z.literal('busy'), ...model }),
  z.object({ state: z.literal('ready'), appVersion: z.string(), ...model }),
  z.object({ state: z.literal('awaiting-confirmation'), ...model }),
  z.object({ state: z.literal('disconnected') }),
  z.object({ state: z.literal('error'), code: z.string(), message: z.string() }),
])

export const ledgerSchemeSchema = z.enum(['ledger-live', 'legacy', 'custom'])

export const ledgerAccountSchema = z.object({
  /** ledger-live: 44'/60'/i'/0/0, legacy: 44'/60'/0'/i. */
  scheme: ledgerSchemeSchema,
  index: z.number().int().nonnegative().optional(),
  /** Without `m/`, e.g. 44'/60'/0'/0/0. */
  path: z.string(),
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
  accounts: z.array(ledgerAccountSchema).readonly(),
  /** The account whose address equals the NumerBay account's address, or null when none does. */
  matched: ledgerAccountSchema.nullable(),
  /** The address that was matched against (null when not signed in and none given). */
  expectedAddress: addressSchema.nullable(),
})

/** A BIP-32 path in Ledger's notation (`44'/60'/0'/0/0`, `m/` and `h` accepted). */
export const ledgerConnectArgsSchema = z
  .object({ path: z.string().max(120).regex(/^(m\/)?\d{1,10}['hH]?(\/\d{1,10}['hH]?){0,9}$/) })
  .strict()

// ---- WalletConnect -------------------------------------------------------------------------------------

export const walletConnectSessionSchema = z.object({
  /** Self-declared by the wallet; not verified. */
  walletName: z.string(),
  walletUrl: z.string().optional(),
  walletIcon: z.string().optional(),
  address: addressSchema,
  chainId: z.string(),
  expiresAt: epochMsSchema,
})

export const walletConnectStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }),
  z.object({
    state: z.literal('pairing'),
    /** The wc: URI for the copy button: the one secret-ish value that reaches the renderer. Never log it. */
    uri: z.string().startsWith('wc:'),
    /** data:image/png URL of the same URI, for an <img>. */
    qrDataUrl: z.string().startsWith('data:image/'),
    /** A new QR replaces this one automatically after this time. */
    expiresAt: epochMsSchema,
  }),
  z.object({ state: z.literal('connected'), session: walletConnectSessionSchema }),
  /** A signature request waits on the phone ("approve on your phone"). */
  z.object({ state: z.literal('awaiting-approval'), session: walletConnectSessionSchema, expiresAt: epochMsSchema }),
  z.object({ state: z.literal('expired'), reason: z.enum(['session-expired', 'session-deleted']) }),
  z.object({ state: z.literal('relay-unreachable'), relayUrl: z.string() }),
])

// ---- The current signer ------------------------------------------------------------------------------------

/**
 * The wallet main signs with (sign-in, unlock, replace). `key-file`: no wallet, a numerbay.json loaded for
 * offline work (it decrypts, it cannot sign). `demo`: the demo server's demo wallet (only with the in-app demo server).
 */
export const signerKindSchema = z.enum(['ledger', 'walletconnect', 'key-file', 'demo'])

export const signerSummarySchema = z
  .object({
    kind: signerKindSchema,
    /** Wallet address; null for a key file. */
    address: addressSchema.nullable(),
    /** What to show: "Ledger 44'/60'/0'/0/0", the wallet's name, the key file's name. */
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

export type LedgerStatusView = z.infer<typeof ledgerStatusSchema>
export type LedgerAccountView = z.infer<typeof ledgerAccountSchema>
export type LedgerAccounts = z.infer<typeof ledgerAccountsSchema>
export type WalletConnectStatusView = z.infer<typeof walletConnectStatusSchema>
export type SignerKind = z.infer<typeof signerKindSchema>
export type SignerSummary = z.infer<typeof signerSummarySchema>

// ---- The message being signed ----------------------------------------------------------------------------

/** What the wallet is asked to sign right now (null when nothing is): shown beside the device's own screen. */
export const signingMessageSchema = z
  .object({
    /** `text`: the message as UTF-8 text, as the Ledger shows it; `hex`: 0x-hex of bytes that are not text. */
    encoding: z.enum(['text', 'hex']),
    text: z.string().max(2001),
    bytes: z.number().int().nonnegative(),
    /** keccak256 of the EIP-191 prefixed message: what the signature covers. */
    hash: z.string().regex(/^0x[0-9a-f]{64}$/),
  })
  .nullable()
export type SigningMessage = z.infer<typeof signingMessageSchema>

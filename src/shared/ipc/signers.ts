// The signer shapes: the Ledger device and its accounts, WalletConnect, the current signer. The one definition of
// each (src/shared/ledger.ts and src/shared/walletconnect.ts name them for main and the CLI).
import { z } from 'zod'
import { addressSchema, epochMsSchema } from './common'

// ---- Ledger -------------------------------------------------------------------------------------------

const model = { model: z.string().optional() }

/** Where the device is in its lifecycle, as the UI shows it (LedgerStatus). */
export const ledgerStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('no-device') }).readonly(),
  /** Linux: the udev rule is missing. */
  z.object({ state: z.literal('permission-denied') }).readonly(),
  z.object({ state: z.literal('locked'), ...model }).readonly(),
  /** The dashboard or another app is open: "open the Ethereum app" (`openApp` says which is open). */
  z.object({ state: z.literal('needs-app'), openApp: z.string(), onDashboard: z.boolean(), ...model }).readonly(),
  z.object({ state: z.literal('busy'), ...model }).readonly(),
  z.object({ state: z.literal('ready'), appVersion: z.string(), ...model }).readonly(),
  z.object({ state: z.literal('awaiting-confirmation'), ...model }).readonly(),
  z.object({ state: z.literal('disconnected') }).readonly(),
  /** Something unexpected (the HID module failed to load, an unknown status word). */
  z.object({ state: z.literal('error'), code: z.string(), message: z.string() }).readonly(),
])

/** The scheme an account path belongs to. ledger-live: 44'/60'/i'/0/0, legacy: 44'/60'/0'/i, custom: any other. */
export const ledgerSchemeSchema = z.enum(['ledger-live', 'legacy', 'custom'])

/** One address of the device (LedgerAccount). */
export const ledgerAccountSchema = z
  .object({
    scheme: ledgerSchemeSchema,
    /** Account index within its scheme (absent for custom paths). */
    index: z.number().int().nonnegative().optional(),
    /** Normalised path without the `m/` prefix, e.g. `44'/60'/0'/0/0`. */
    path: z.string(),
    /** EIP-55 checksummed, 0x-prefixed. */
    address: addressSchema,
  })
  .readonly()

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

/** The connected wallet and account, as shown to the user (WalletConnectSessionInfo). */
export const walletConnectSessionSchema = z
  .object({
    /** The wallet's self-declared name (e.g. "MetaMask Wallet"); not verified. */
    walletName: z.string(),
    walletUrl: z.string().optional(),
    walletIcon: z.string().optional(),
    /** EIP-55 checksummed address of the session's Ethereum account. */
    address: addressSchema,
    /** CAIP-2 chain of that account, e.g. "eip155:1". */
    chainId: z.string(),
    /** When the session ends unless extended. */
    expiresAt: epochMsSchema,
  })
  .readonly()

/** The WalletConnect panel (WalletConnectStatus). It never holds keys or signatures; `uri` is the one sensitive value. */
export const walletConnectStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }).readonly(),
  z
    .object({
      state: z.literal('pairing'),
      /**
       * The `wc:` pairing URI, shown as a QR code and as copyable text: the one secret-ish value that reaches the
       * renderer. It holds the pairing's symmetric key for its lifetime: never log it, never put it in an error.
       */
      uri: z.string().startsWith('wc:'),
      /** A PNG data URL of the QR code for an <img>. */
      qrDataUrl: z.string().startsWith('data:image/'),
      /** When this QR code stops working; a new one replaces it automatically. */
      expiresAt: epochMsSchema,
    })
    .readonly(),
  z.object({ state: z.literal('connected'), session: walletConnectSessionSchema }).readonly(),
  /** A signature request waits on the phone ("approve on your phone"). */
  z.object({ state: z.literal('awaiting-approval'), session: walletConnectSessionSchema, expiresAt: epochMsSchema }).readonly(),
  z.object({ state: z.literal('expired'), reason: z.enum(['session-expired', 'session-deleted']) }).readonly(),
  z.object({ state: z.literal('relay-unreachable'), relayUrl: z.string() }).readonly(),
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

/** A key file chosen in main's open dialog: its name and public key (never its path's content). */
export const chosenKeyFileSchema = z.object({ name: z.string(), publicKey: z.string() })

export type LedgerStatusView = z.infer<typeof ledgerStatusSchema>
export type LedgerAccountView = z.infer<typeof ledgerAccountSchema>
export type LedgerAccounts = z.infer<typeof ledgerAccountsSchema>
export type WalletConnectStatusView = z.infer<typeof walletConnectStatusSchema>
export type SignerKind = z.infer<typeof signerKindSchema>
export type SignerSummary = z.infer<typeof signerSummarySchema>
export type ChosenKeyFile = z.infer<typeof chosenKeyFileSchema>

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

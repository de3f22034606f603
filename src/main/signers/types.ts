// What a signer is to the rest of the app: the Signer interface, the prompts it shows the person, and what
// resolving a spec needs.

import type { WalletConnectSources } from './walletconnect/config'

import type { Logger } from '../log'
/** The kinds of signer the app knows. */
export type SignerKind = 'software' | 'ledger' | 'walletconnect'

/**
 * Anything that can sign an EIP-191 personal message for one Ethereum account.
 * Implementations return signatures in MetaMask form (65 bytes r ‖ s ‖ v with v = 27/28), because the
 * NumerBay storage key is keccak256 of exactly those bytes.
 */
export interface Signer {
  readonly kind: SignerKind
  /** The account's address, EIP-55 checksummed, 0x-prefixed. */
  address(): Promise<string>
  /** Signs `"\x19Ethereum Signed Message:\n" + len + message`; resolves to 65 bytes, v = 27/28. */
  signPersonalMessage(message: Uint8Array): Promise<Uint8Array>
  /** Releases devices and connections. Safe to call twice. */
  close?(): Promise<void>
}

/** What a signer needs from its caller besides the spec string. */
export interface SignerSpecContext {
  /** Where `env:NAME` reads NAME (the user's own variable; NumerBay's settings come through src/main/config). */
  readonly env?: NodeJS.ProcessEnv
  /** The NumerBay account's address, when known: the Ledger signer discovers the matching account. */
  readonly expectedAddress?: string
  /** Prompts for the person ("confirm on your Ledger", a WalletConnect QR): the CLI prints them on stderr. */
  readonly onPrompt?: (prompt: SignerPrompt) => void
  /**
   * How long a device signer waits for the person to plug in, unlock or open the app before giving up
   * (0 or absent: fail at once, as scripts want). The wait is announced through onPrompt.
   */
  readonly waitForDeviceMs?: number
  /** Where signers keep state (WalletConnect sessions): the app's data folder. */
  readonly dataDir: string
  /** The WalletConnect project id and relay (src/main/config). */
  readonly walletConnect?: WalletConnectSources
  /** NUMERBAY_LEDGER_TRANSPORT's value: `hid` or absent for the USB device, `emulator:…` in development. */
  readonly ledgerTransport?: string
  /** Device state changes (Ledger) go here. Default: no log. */
  readonly logger?: Logger
}

export type SignerPrompt =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'walletconnect-uri'; readonly uri: string; readonly expiresAt: number }

/**
 * What the UI and the CLI show about WalletConnect: serialisable (crosses IPC), no Node, no DOM.
 * These never hold keys or signatures; `pairing.uri` is the one sensitive value (see below).
 */

/** The connected wallet and account, as shown to the user. */
export interface WalletConnectSessionInfo {
  /** The wallet's self-declared name (e.g. "MetaMask Wallet"); not verified. */
  readonly walletName: string
  readonly walletUrl?: string
  readonly walletIcon?: string
  /** EIP-55 checksummed address of the session's Ethereum account. */
  readonly address: string
  /** CAIP-2 chain of that account, e.g. "eip155:1". */
  readonly chainId: string
  /** When the session ends unless extended (ms since epoch). */
  readonly expiresAt: number
}

export type WalletConnectStatus =
  | { readonly state: 'idle' }
  | {
      readonly state: 'pairing'
      /**
       * The `wc:` pairing URI, shown as a QR code and as copyable text. It is a SECRET for its lifetime
       * (it holds the symmetric key of the pairing): never log it, never put it in an error.
       */
      readonly uri: string
      /** A PNG data URL of the QR code for an <img>. */
      readonly qrDataUrl: string
      /** When this QR code stops working; a new one replaces it automatically (ms since epoch). */
      readonly expiresAt: number
    }
  | { readonly state: 'connected'; readonly session: WalletConnectSessionInfo }
  | { readonly state: 'awaiting-approval'; readonly session: WalletConnectSessionInfo; readonly expiresAt: number }
  | { readonly state: 'expired'; readonly reason: 'session-expired' | 'session-deleted' }
  | { readonly state: 'relay-unreachable'; readonly relayUrl: string }

export type WalletConnectState = WalletConnectStatus['state']

/** The kinds of signer the app knows. */
export type SignerKind = 'env' | 'ledger' | 'walletconnect'

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

import type { ErrorCatalog } from './catalog'

/** WalletConnect errors (owned by src/main/signers/walletconnect). */
export const walletConnectErrors = {} as const satisfies ErrorCatalog

/**
 * What the UI and the CLI show about WalletConnect, by the names main and the CLI use: the types of the schemas
 * in ./ipc/signers (documented there). These never hold keys or signatures; the pairing's `uri` is the one
 * sensitive value (never log it).
 */
import type { z } from 'zod'
import type { walletConnectSessionSchema, walletConnectStatusSchema } from './ipc/signers'

/** The connected wallet and account, as shown to the user. */
export type WalletConnectSessionInfo = z.infer<typeof walletConnectSessionSchema>

export type WalletConnectStatus = z.infer<typeof walletConnectStatusSchema>

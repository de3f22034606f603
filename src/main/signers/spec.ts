import { AppError } from '../../shared/errors'
import { createEnvSigner } from './env'
import type { Signer } from './types'

/** What a signer needs from its caller besides the spec string. */
export interface SignerSpecContext {
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
  /** Where signers may keep state (WalletConnect sessions). Defaults to the app's data folder. */
  readonly dataDir?: string
}

export type SignerPrompt =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'walletconnect-uri'; readonly uri: string; readonly expiresAt: number }

/**
 * Resolves a signer spec string: `env:NAME`, `ledger`, `ledger:<path>`, `walletconnect`.
 * Ledger and WalletConnect are loaded on demand so that commands that do not use them start fast.
 */
export async function resolveSigner(spec: string, context: SignerSpecContext = {}): Promise<Signer> {
  const colon = spec.indexOf(':')
  const kind = colon === -1 ? spec : spec.slice(0, colon)
  const arg = colon === -1 ? undefined : spec.slice(colon + 1)
  switch (kind) {
    case 'env':
      if (!arg) throw new AppError('SIGNER_SPEC_INVALID', { message: 'env needs a variable name: env:NAME.' })
      return createEnvSigner(arg, context.env)
    case 'ledger': {
      const { createLedgerSignerFromSpec } = await import('./ledger/spec')
      return createLedgerSignerFromSpec(arg, context)
    }
    case 'walletconnect': {
      const { createWalletConnectSignerFromSpec } = await import('./walletconnect/spec')
      return createWalletConnectSignerFromSpec(arg, context)
    }
    default:
      throw new AppError('SIGNER_SPEC_INVALID', { message: `Unknown signer "${spec}".` })
  }
}

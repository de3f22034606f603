// The signer a spec string names (`env:NAME`, `ledger[:<path>]`, `walletconnect`): how the CLI's `--signer` becomes
// a Signer.

import { AppError } from '../../shared/errors'
import { createEnvSigner } from './software-key'
import type { Signer, SignerSpecContext } from './types'

/** Ledger and WalletConnect are loaded on demand so that commands that do not use them start fast. */
export async function resolveSigner(spec: string, context: SignerSpecContext): Promise<Signer> {
  const colon = spec.indexOf(':')
  const kind = colon === -1 ? spec : spec.slice(0, colon)
  const arg = colon === -1 ? undefined : spec.slice(colon + 1)
  switch (kind) {
    case 'env':
      if (!arg) throw new AppError('SIGNER_SPEC_INVALID', { message: 'env needs a variable name: env:NAME.' })
      return createEnvSigner(arg, context.env)
    case 'ledger': {
      const { createLedgerSignerFromSpec } = await import('./ledger/from-spec')
      return createLedgerSignerFromSpec(arg, context)
    }
    case 'walletconnect': {
      const { createWalletConnectSignerFromSpec } = await import('./walletconnect/from-spec')
      return createWalletConnectSignerFromSpec(arg, context)
    }
    default:
      throw new AppError('SIGNER_SPEC_INVALID', { message: `Unknown signer "${spec}".` })
  }
}

import { AppError } from '../../../shared/errors'
import type { SignerSpecContext } from '../spec'
import type { Signer } from '../types'

/** `walletconnect` (placeholder until the WalletConnect signer lands). */
export async function createWalletConnectSignerFromSpec(_arg: string | undefined, _context: SignerSpecContext): Promise<Signer> {
  throw new AppError('SIGNER_SPEC_INVALID', { message: 'The WalletConnect signer is not available yet.' })
}

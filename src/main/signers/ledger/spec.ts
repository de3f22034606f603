import { AppError } from '../../../shared/errors'
import type { SignerSpecContext } from '../spec'
import type { Signer } from '../types'

/** `ledger` or `ledger:<path>` (placeholder until the Ledger signer lands). */
export async function createLedgerSignerFromSpec(_path: string | undefined, _context: SignerSpecContext): Promise<Signer> {
  throw new AppError('SIGNER_SPEC_INVALID', { message: 'The Ledger signer is not available yet.' })
}

import { AppError } from '../../../shared/errors'
import { ledgerLivePath, normalizeDerivationPath } from '../../../shared/ledger'
import type { SignerSpecContext } from '../spec'
import { sameAddress, toChecksumAddress } from '../signature'
import type { Signer } from '../types'
import { createLedgerDeviceManager } from './device-manager'
import { ledgerBackendFromEnv } from './transport-from-env'

/**
 * `ledger`: the account whose address is `context.expectedAddress` among the first accounts of both schemes,
 * else Ledger Live account 0. `ledger:<path>`: that path (checked against expectedAddress when given).
 * The signer owns its device manager; closing the signer releases the device.
 */
export async function createLedgerSignerFromSpec(path: string | undefined, context: SignerSpecContext): Promise<Signer> {
  const normalized = path === undefined ? undefined : normalizeDerivationPath(path)
  if (path !== undefined && !normalized) throw new AppError('LEDGER_PATH_INVALID', { detail: path.slice(0, 100) })
  const backend = await ledgerBackendFromEnv(context.env ?? process.env)
  const manager = createLedgerDeviceManager({ backend, watch: false })
  try {
    await manager.requireReady()
    const expected = context.expectedAddress ? toChecksumAddress(context.expectedAddress) : undefined
    let chosen = normalized
    if (!chosen) chosen = expected ? (await manager.discoverAccount(expected)).path : ledgerLivePath(0)
    const signer = manager.signerFor(chosen, {
      ...(context.onPrompt ? { onPrompt: context.onPrompt } : {}),
      onClose: () => manager.close(),
    })
    if (expected && normalized) {
      const address = await signer.address()
      if (!sameAddress(address, expected)) {
        throw new AppError('LEDGER_ACCOUNT_NOT_FOUND', { message: `The Ledger account at ${normalized} is ${address}, not ${expected}.` })
      }
    }
    return signer
  } catch (error) {
    await manager.close()
    throw error
  }
}

// The `ledger` signer specs. `ledger`: the account whose address is `context.expectedAddress` among the first
// accounts of both schemes, else Ledger Live account 0. `ledger:<path>`: that path (checked against expectedAddress
// when given). The signer owns its device manager; closing the signer releases the device.

import { AppError, isAppError } from '../../../shared/errors'
import { ledgerLivePath, normalizeDerivationPath } from '../../../shared/ledger'
import type { SignerSpecContext } from '../types'
import { sameAddress, toChecksumAddress } from '../signature'
import type { Signer } from '../types'
import { createLedgerDeviceManager, type LedgerDeviceManager } from './device-manager'
import type { LedgerHidBackend } from './hid'
import { ledgerBackendFor } from './transport-from-env'

/** What a Ledger signer needs of the spec context (no data folder: the device keeps no state of ours). */
export type LedgerSpecContext = Pick<SignerSpecContext, 'expectedAddress' | 'onPrompt' | 'waitForDeviceMs' | 'ledgerTransport' | 'logger'>

export async function createLedgerSignerFromSpec(path: string | undefined, context: LedgerSpecContext): Promise<Signer> {
  return createLedgerSignerOver(await ledgerBackendFor(context.ledgerTransport), path, context)
}

/** Device states a person can fix in front of the device while we wait. */
const FIXABLE_BY_PERSON = new Set(['LEDGER_NOT_FOUND', 'LEDGER_LOCKED', 'LEDGER_WRONG_APP', 'LEDGER_BUSY', 'LEDGER_DISCONNECTED'])
const DEVICE_POLL_MS = 1_000

/**
 * Waits until the Ledger is ready, up to `context.waitForDeviceMs`, telling the person what to do each time the
 * reason changes (plug in, unlock, open the Ethereum app). Without a wait it fails at once with the reason.
 */
async function waitUntilReady(manager: LedgerDeviceManager, context: LedgerSpecContext): Promise<void> {
  const deadline = Date.now() + (context.waitForDeviceMs ?? 0)
  let announced: string | null = null
  for (;;) {
    try {
      await manager.requireReady()
      return
    } catch (error) {
      if (!isAppError(error) || !FIXABLE_BY_PERSON.has(error.code) || Date.now() + DEVICE_POLL_MS > deadline) throw error
      const hint = `${error.message} ${error.action.replace(/,? then try again\.?$/, '.')}`
      if (hint !== announced) context.onPrompt?.({ kind: 'text', text: `${hint} Waiting for your Ledger…` })
      announced = hint
      await new Promise((resolve) => setTimeout(resolve, DEVICE_POLL_MS))
    }
  }
}

/** The same, over a given HID backend (tests pass an emulator they control). */
export async function createLedgerSignerOver(backend: LedgerHidBackend, path: string | undefined, context: LedgerSpecContext): Promise<Signer> {
  const normalized = path === undefined ? undefined : normalizeDerivationPath(path)
  if (path !== undefined && !normalized) throw new AppError('LEDGER_PATH_INVALID', { detail: path.slice(0, 100) })
  const manager = createLedgerDeviceManager({ backend, watch: false, ...(context.logger ? { logger: context.logger } : {}) })
  try {
    await waitUntilReady(manager, context)
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

// The Ledger device manager as the desktop's LedgerPort: the USB device, or the emulator in development and tests.

import { createLedgerDeviceManager, ledgerBackendFor, type LedgerDeviceManager } from '../../signers/ledger'
import type { LedgerPort } from '../ports'

/** The port over a given manager (tests build the manager with their own emulator and timings). */
export function ledgerPortOver(manager: LedgerDeviceManager): LedgerPort {
  void manager.refresh().catch(() => undefined)
  return {
    status: () => manager.status,
    onStatus: (listener) => manager.onStatus(listener),
    listAccounts: (count) => manager.accounts(count),
    async signer(path) {
      const signer = manager.signerFor(path)
      // Reads the address now, so a locked device or a wrong app fails here rather than at the first signature.
      await signer.address()
      return signer
    },
    close: () => manager.close(),
  }
}

/** The Ledger over node-hid, or the emulator when NUMERBAY_LEDGER_TRANSPORT (`transport`) says so (never in an installed app). */
export async function createLedgerPort(transport: string | undefined, options: { packaged?: boolean } = {}): Promise<LedgerPort> {
  return ledgerPortOver(createLedgerDeviceManager({ backend: await ledgerBackendFor(transport, options) }))
}

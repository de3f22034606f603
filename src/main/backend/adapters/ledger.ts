import { createLedgerDeviceManager, ledgerBackendFromEnv, type LedgerDeviceManager } from '../../signers/ledger'
import type { LedgerPort } from '../ports'

/** The Ledger device manager (node-hid, or the emulator when NUMERBAY_LEDGER_TRANSPORT says so) as a port. */
export async function createLedgerPort(env: NodeJS.ProcessEnv): Promise<LedgerPort> {
  const manager: LedgerDeviceManager = createLedgerDeviceManager({ backend: await ledgerBackendFromEnv(env) })
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

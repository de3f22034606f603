// Settings → Diagnostics: the doctor's checks (src/main/diagnostics) run against the app as it is, with the
// Ledger connection the app already holds and the signed-in session for the next sync's size.

import type { Settings } from '../../../shared/ipc/settings'
import { runAppDiagnostics } from '../../diagnostics'
import type { Environment } from '../../config/environment'
import type { NumerBayClient } from '../../numerbay/client'
import type { KnownKeys } from '../../numerbay/mappers'
import type { Handlers } from '../dispatcher'
import type { Services } from '../services'

export type DiagnosticsHandlers = Pick<Handlers, 'runDiagnostics'>

export interface DiagnosticsDeps {
  readonly dataDir: string
  readonly settings: () => Settings
  readonly environment?: Partial<Pick<Environment, 'walletConnectRelayUrl' | 'ledgerTransport' | 'keyPath'>>
  readonly services: Services
  /** The signed-in client and the keys known now, or null when signed out. */
  readonly signedIn: () => Promise<{ client: NumerBayClient; keys: KnownKeys } | null>
}

export function diagnosticsHandlers(deps: DiagnosticsDeps): DiagnosticsHandlers {
  const environment = deps.environment ?? {}
  return {
    runDiagnostics: () =>
      runAppDiagnostics({
        dataDir: deps.dataDir,
        settings: deps.settings(),
        ...(environment.walletConnectRelayUrl ? { walletConnectRelayUrl: environment.walletConnectRelayUrl } : {}),
        ...(environment.ledgerTransport ? { ledgerTransport: environment.ledgerTransport } : {}),
        ...(environment.keyPath ? { keyFilePath: environment.keyPath } : {}),
        ledgerStatus: async () => (await deps.services.existing('ledger'))?.status() ?? null,
        signedIn: deps.signedIn,
      }),
  }
}

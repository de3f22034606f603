import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { DemoServerHandle } from '../../src/demo-server'
import { createBackend, type Backend, type CreateBackendOptions } from '../../src/main/desktop/backend'
import { createDefaultServices } from '../../src/main/desktop/services'
import { ScriptedDialogs } from '../../src/main/preview/dialogs'
import { DEMO_WALLET_KEY } from './demo-server'

/**
 * The desktop backend as the preview runs it, on `dir/data`, pointed at a demo server whose demo wallet is the
 * signer `useDemoSigner` picks. Dialogs answer what the test scripts. Close the backend in afterEach.
 */
export async function startTestBackend(
  dir: string,
  demo: DemoServerHandle,
  options: Pick<CreateBackendOptions, 'watchIntervalMs'> = {},
): Promise<{ backend: Backend; dialogs: ScriptedDialogs }> {
  const dataDir = join(dir, 'data')
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const dialogs = new ScriptedDialogs()
  const backend = await createBackend({
    dataDir,
    dialogs,
    shell: { openExternal: async () => undefined, openPath: async () => undefined },
    info: { name: 't', version: '0', platform: 'linux', shell: 'preview' },
    services: createDefaultServices({ dataDir }),
    settingsForThisRun: { apiUrl: demo.apiUrl },
    demoWallet: { apiUrl: demo.apiUrl, privateKey: DEMO_WALLET_KEY },
    ...options,
  })
  return { backend, dialogs }
}

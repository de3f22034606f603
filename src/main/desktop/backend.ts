// The desktop app's main-process side, shared by Electron's IPC (src/main/app) and the browser preview
// (src/main/preview): the settings, the services built on first use, one domain per area of the window
// (system, signers, account, key, downloads, decrypt), each translating the IPC contract into workflow calls,
// and one dispatcher in front of them. Plain Node: everything here runs without Electron.

import type { AppInfo } from '../../shared/ipc'
import type { Settings } from '../../shared/ipc/settings'
import type { Environment } from '../config/environment'
import type { NumerBayClient } from '../numerbay/client'
import { SettingsStore } from '../settings/store'
import { createDispatcher, type Dispatch, type Handlers } from './dispatcher'
import { AccountDomain } from './domains/account'
import { DecryptDomain } from './domains/decrypt'
import { diagnosticsHandlers } from './domains/diagnostics'
import { DownloadsDomain } from './domains/downloads'
import { KeyDomain } from './domains/key'
import { SignersDomain } from './domains/signers'
import { SystemDomain, type DemoWallet } from './domains/system'
import { WatchDomain } from './domains/watch'
import { DecryptPool } from '../workers/decrypt-pool'
import type { CycleWorkers } from '../workflows/watch'
import { EventHub } from './event-hub'
import type { DialogPort, ShellPort } from './ports'
import { Services, type ServiceFactories } from './services'

export interface CreateBackendOptions {
  /** The app's data folder (settings, sessions, keyring). Created owner-only by the caller. */
  readonly dataDir: string
  readonly dialogs: DialogPort
  readonly shell: ShellPort
  readonly info: Omit<AppInfo, 'dataDir'>
  /** The services; createDefaultServices (./services.ts) builds the real ones. */
  readonly services: ServiceFactories
  /**
   * What the environment sets (src/main/config): NUMERBAY_API_URL and NUMERBAY_WC_PROJECT_ID win over the file;
   * the rest is what Settings → Diagnostics reports on.
   */
  readonly environment?: Partial<Pick<Environment, 'apiUrl' | 'walletConnectProjectId' | 'walletConnectRelayUrl' | 'ledgerTransport' | 'keyPath'>>
  /** Settings for this run only, never saved (the browser preview's demo server URL). */
  readonly settingsForThisRun?: Partial<Settings>
  /** The demo server's wallet, when the API is a demo server started outside the backend (preview, tests). */
  readonly demoWallet?: DemoWallet
  readonly createClient?: (baseUrl: string) => NumerBayClient
  /** Each watch cycle's worker pool (default: a DecryptPool, closed when the cycle ends). */
  readonly makeWatchWorkers?: () => CycleWorkers
  /** The interval between watch checks (default 2 minutes; tests use less). */
  readonly watchIntervalMs?: number
  /** Failures by channel name and code (never arguments or values); `internal` only for INTERNAL. */
  readonly onFailure?: (name: string, code: string, internal: unknown) => void
}

export interface Backend {
  readonly dispatch: Dispatch
  readonly events: EventHub
  readonly settings: SettingsStore
  /** Downloads paused and flushed, decryptions stopped, devices and sessions closed, keys wiped. */
  close(): Promise<void>
}

export async function createBackend(options: CreateBackendOptions): Promise<Backend> {
  const settings = new SettingsStore({
    dataDir: options.dataDir,
    ...(options.environment ? { environment: { apiUrl: options.environment.apiUrl, walletConnectProjectId: options.environment.walletConnectProjectId } } : {}),
  })
  await settings.load()
  if (options.settingsForThisRun) settings.useForThisSession(options.settingsForThisRun)
  const events = new EventHub((name, paths) => options.onFailure?.(`event:${name}`, 'INTERNAL', new Error(`payload off contract at ${paths}`)))
  const services = new Services(options.services, { settings: () => settings.get() })

  // Domains reach each other through closures, called only once every domain below exists.
  const system = new SystemDomain({
    settings,
    dialogs: options.dialogs,
    shell: options.shell,
    info: { ...options.info, dataDir: options.dataDir },
    events,
    services,
    ...(options.demoWallet ? { demoWallet: options.demoWallet } : {}),
    async onSettingsChanged(before, after) {
      if (after.walletConnectProjectId !== before.walletConnectProjectId) {
        await signers.onWalletConnectRebuilt()
        await services.rebuild('walletConnect')
      }
      if (after.autoLockMinutes !== before.autoLockMinutes) await key.setAutoLockMinutes(after.autoLockMinutes)
      if (after.apiUrl !== before.apiUrl) {
        await signers.onApiUrlChanged()
        await account.reset()
      }
    },
  })
  const signers = new SignersDomain({
    services,
    events,
    dialogs: options.dialogs,
    demoWallet: () => system.demoWallet(),
    accountAddress: () => account.user()?.publicAddress ?? null,
    onKeyFile: () => key.emitKeyState(),
  })
  const account: AccountDomain = new AccountDomain({
    apiUrl: () => settings.get().apiUrl,
    events,
    signingSigner: () => signers.signingSigner(),
    vault: (build) => key.vault(build),
    knownKeys: () => key.knownKeys(),
    onAccountChanged: () => key.emitKeyState(),
    ...(options.createClient ? { createClient: options.createClient } : {}),
  })
  const key: KeyDomain = new KeyDomain({
    services,
    events,
    dialogs: options.dialogs,
    user: () => account.user(),
    signedInClient: () => account.signedInClient(),
    signingSigner: () => signers.signingSigner(),
    optionalSigner: () => signers.optionalSigner(),
  })
  const downloads = new DownloadsDomain({
    services,
    events,
    signedInClient: () => account.signedInClient(),
    keys: () => key.keySource(),
    unlock: () => key.unlock(),
    permitFolder: (path) => system.permitFolder(path),
    downloadDir: () => settings.get().downloadDir,
    concurrency: () => settings.get().concurrency,
    recordWritten: (path) => system.recordWritten(path),
  })
  const decrypt = new DecryptDomain({
    services,
    events,
    dialogs: options.dialogs,
    keys: async () => (services.has('vault') ? key.keySource() : null),
    connectKeyFile: () => signers.keyFile(),
    permitFolder: (path) => system.permitFolder(path),
    recordWritten: (path) => system.recordWritten(path),
  })

  services.wire({
    ledger: (port) => port.onStatus((status) => events.emit('ledgerStatus', status)),
    walletConnect: (port) =>
      port.onStatus((status) => {
        events.emit('walletConnectStatus', status)
        signers.onWalletConnectStatus(port)
      }),
    vault: (port) => port.onStatus(() => key.emitKeyState()),
  })

  const diagnostics = diagnosticsHandlers({
    dataDir: options.dataDir,
    settings: () => settings.get(),
    ...(options.environment ? { environment: options.environment } : {}),
    services,
    signedIn: async () => {
      if (!account.user()) return null
      return { client: account.signedInClient(), keys: await key.knownKeys() }
    },
  })

  const watch: WatchDomain = new WatchDomain({
    events,
    session: () => account.longSession(),
    keys: () => key.keySource(),
    keyUnlocked: async () => (await key.keyState()).state === 'unlocked',
    holdKeyUnlocked: async (hold) => key.holdUnlocked(hold, settings.get().autoLockMinutes),
    destination: () => {
      const folder = settings.get().downloadDir
      return folder ? system.permitFolder(folder) : null
    },
    concurrency: () => settings.get().concurrency,
    makeWorkers: options.makeWatchWorkers ?? (() => new DecryptPool({ size: 2 })),
    recordWritten: (path) => system.recordWritten(path),
    ...(options.watchIntervalMs !== undefined ? { intervalMs: options.watchIntervalMs } : {}),
  })

  const handlers: Handlers = { ...system.handlers, ...signers.handlers, ...account.handlers, ...key.handlers, ...downloads.handlers, ...decrypt.handlers, ...diagnostics, ...watch.handlers }
  const dispatch = createDispatcher(handlers, options.onFailure ? { onFailure: options.onFailure } : {})

  let closing: Promise<void> | null = null
  const close = async (): Promise<void> => {
    decrypt.close()
    await watch.close().catch(() => undefined)
    await downloads.shutdown().catch(() => undefined)
    await signers.close()
    await services.closeAll(['vault', 'workers', 'ledger', 'walletConnect', 'demoServer'])
    account.close()
  }
  return { dispatch, events, settings, close: () => (closing ??= close()) }
}

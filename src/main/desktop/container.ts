import type { AppInfo } from '../../shared/ipc'
import type { NumerBayClient } from '../numerbay/client'
import { SettingsStore } from '../settings/store'
import type { Settings } from '../../shared/ipc/settings'
import { BackendContext, type ServiceFactories } from './context'
import { createDispatcher, type Dispatch } from './dispatcher'
import { EventHub } from './event-hub'
import { createHandlers } from './handlers'
import type { DialogPort, ShellPort } from './ports'

export interface CreateBackendOptions {
  /** The app's data folder (settings, sessions, keyring). Created owner-only by the caller. */
  readonly dataDir: string
  readonly dialogs: DialogPort
  readonly shell: ShellPort
  readonly info: Omit<AppInfo, 'dataDir'>
  /** The services; see ./services.ts for the real ones. */
  readonly services: ServiceFactories
  /** Values that replace the defaults where the settings file says nothing (e.g. the preview's demo URL). */
  readonly settingsOverrides?: Partial<Settings>
  readonly createClient?: (baseUrl: string) => NumerBayClient
  /** Failures by channel name and code (never arguments or values); `internal` only for INTERNAL. */
  readonly onFailure?: (name: string, code: string, internal: unknown) => void
}

export interface Backend {
  readonly dispatch: Dispatch
  readonly events: EventHub
  readonly context: BackendContext
  /** Downloads paused and flushed, devices closed, keys wiped. */
  close(): Promise<void>
}

/**
 * The service container: settings loaded once, services built on first use with constructor injection, and
 * the contract's handlers behind one dispatcher. Plain Node: Electron's IPC and the preview bridge both sit
 * on top of it.
 */
export async function createBackend(options: CreateBackendOptions): Promise<Backend> {
  const settings = new SettingsStore({ dataDir: options.dataDir, ...(options.settingsOverrides ? { overrides: options.settingsOverrides } : {}) })
  await settings.load()
  const events = new EventHub((name, paths) => options.onFailure?.(`event:${name}`, 'INTERNAL', new Error(`payload off contract at ${paths}`)))
  const context = new BackendContext({
    settings,
    dialogs: options.dialogs,
    shell: options.shell,
    info: { ...options.info, dataDir: options.dataDir },
    services: options.services,
    events,
    ...(options.createClient ? { createClient: options.createClient } : {}),
  })
  const dispatch = createDispatcher(createHandlers(context), options.onFailure ? { onFailure: options.onFailure } : {})
  let closing: Promise<void> | null = null
  return {
    dispatch,
    events,
    context,
    close: () => (closing ??= context.close()),
  }
}

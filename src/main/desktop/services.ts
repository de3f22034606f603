// The desktop app's services, each built on first use (node-hid, the WalletConnect SDK and worker threads
// start only when a screen needs them) and rebuilt when a setting they were built from changes.

import type { Settings } from '../../shared/ipc/settings'
import { AppError } from '../../shared/errors'
import type { Environment } from '../config/environment'
import type { WalletConnectSources } from '../signers/walletconnect/config'
import type { StorageCodec } from '../signers/walletconnect/file-storage'
import { DecryptPool } from '../workers/decrypt-pool'
import { createDemoServerPort } from './adapters/demo-server'
import { createLedgerPort } from './adapters/ledger'
import { createVaultPort } from './adapters/vault'
import { createWalletConnectPort } from './adapters/walletconnect'
import type { DemoServerPort, LedgerPort, VaultPort, WalletConnectPort, WorkersPort } from './ports'

export interface ServicePorts {
  readonly ledger: LedgerPort
  readonly walletConnect: WalletConnectPort
  readonly vault: VaultPort
  /** The decrypt worker pool, shared by downloads and offline decryption. */
  readonly workers: WorkersPort
  readonly demoServer: DemoServerPort
}

export type ServiceName = keyof ServicePorts

/** What a factory may read: the settings now (they change while the app runs). */
export interface FactoryContext {
  readonly settings: () => Settings
}

/** How each service is built. An absent factory means "not in this build": its channels say NOT_AVAILABLE. */
export type ServiceFactories = { readonly [K in ServiceName]?: (context: FactoryContext) => ServicePorts[K] | Promise<ServicePorts[K]> }

/** Per service, what to wire once it is built (its status streams); each returns how to unwire it. */
export type ServiceWiring = { readonly [K in ServiceName]?: (port: ServicePorts[K]) => () => void }

export class Services {
  readonly #factories: ServiceFactories
  readonly #context: FactoryContext
  readonly #built = new Map<ServiceName, Promise<ServicePorts[ServiceName]>>()
  readonly #unwire: Array<() => void> = []
  #wiring: ServiceWiring = {}

  constructor(factories: ServiceFactories, context: FactoryContext) {
    this.#factories = factories
    this.#context = context
  }

  /** Set once by the backend, after the domains that listen to services exist. */
  wire(wiring: ServiceWiring): void {
    this.#wiring = wiring
  }

  has(name: ServiceName): boolean {
    return this.#factories[name] !== undefined
  }

  /** The service, built on first use; NOT_AVAILABLE when this build has none. A failed build is tried again next time. */
  get<K extends ServiceName>(name: K): Promise<ServicePorts[K]> {
    const factory = this.#factories[name] as ((context: FactoryContext) => ServicePorts[K] | Promise<ServicePorts[K]>) | undefined
    if (!factory) return Promise.reject(new AppError('NOT_AVAILABLE'))
    let built = this.#built.get(name) as Promise<ServicePorts[K]> | undefined
    if (!built) {
      built = Promise.resolve()
        .then(() => factory(this.#context))
        .then((port) => {
          const wire = this.#wiring[name] as ((port: ServicePorts[K]) => () => void) | undefined
          if (wire) this.#unwire.push(wire(port))
          return port
        })
      this.#built.set(name, built)
      built.catch(() => {
        if (this.#built.get(name) === built) this.#built.delete(name)
      })
    }
    return built
  }

  /** The service if it was built already (state queries and shutdown must not build one). */
  async existing<K extends ServiceName>(name: K): Promise<ServicePorts[K] | null> {
    const built = this.#built.get(name) as Promise<ServicePorts[K]> | undefined
    return built ? built.catch(() => null) : null
  }

  /** Closes a built service so the next use builds it from the current settings (a new WalletConnect project id). */
  async rebuild(name: ServiceName): Promise<void> {
    const existing = await this.existing(name)
    this.#built.delete(name)
    await existing?.close().catch(() => undefined)
  }

  /** Closes every built service, in the order given first (downloads' workers after the vault, and so on). */
  async closeAll(order: readonly ServiceName[]): Promise<void> {
    for (const name of order) {
      const existing = await this.existing(name)
      await existing?.close().catch(() => undefined)
    }
    for (const unwire of this.#unwire.splice(0)) unwire()
    this.#built.clear()
  }
}

export interface DefaultServicesOptions {
  readonly dataDir: string
  /** NUMERBAY_LEDGER_TRANSPORT's value (src/main/config): the USB device unless it names the emulator. */
  readonly ledgerTransport?: string
  /** The relay and its timeout; the project id comes from the settings when the service is built. */
  readonly walletConnect?: Omit<WalletConnectSources, 'projectId'>
  /** An installed app (app.isPackaged): test code such as the Ledger emulator is refused. */
  readonly packaged?: boolean
  /** At-rest encryption of the WalletConnect keychain (the Electron app's safeStorage); none: a plain 0600 file. */
  readonly walletConnectCodec?: () => Promise<StorageCodec | undefined>
}

/** What the environment says about the services (src/main/config): the Ledger transport, the WalletConnect relay. */
export function serviceOptionsFrom(environment: Environment): Pick<DefaultServicesOptions, 'ledgerTransport' | 'walletConnect'> {
  return {
    ...(environment.ledgerTransport ? { ledgerTransport: environment.ledgerTransport } : {}),
    walletConnect: {
      ...(environment.walletConnectRelayUrl ? { relayUrl: environment.walletConnectRelayUrl } : {}),
      ...(environment.walletConnectRelayTimeoutMs ? { relayTimeoutMs: environment.walletConnectRelayTimeoutMs } : {}),
    },
  }
}

/** The real services. */
export function createDefaultServices(options: DefaultServicesOptions): ServiceFactories {
  return {
    ledger: () => createLedgerPort(options.ledgerTransport, { packaged: options.packaged ?? false }),
    walletConnect: async ({ settings }) =>
      createWalletConnectPort(
        { ...options.walletConnect, ...(settings().walletConnectProjectId ? { projectId: settings().walletConnectProjectId! } : {}) },
        options.dataDir,
        await options.walletConnectCodec?.(),
      ),
    vault: ({ settings }) => createVaultPort(options.dataDir, () => settings().autoLockMinutes),
    workers: () => new DecryptPool(),
    demoServer: () => createDemoServerPort(),
  }
}

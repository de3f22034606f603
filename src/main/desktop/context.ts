import type { EventName, EventPayload, Session } from '../../shared/ipc'
import { AppError } from '../../shared/errors'
import type { UserSummary } from '../../shared/numerbay'
import { createNumerBayClient, type NumerBayClient } from '../numerbay/client'
import { toUserSummary } from '../numerbay/mappers'
import type { ApiUser } from '../numerbay/schemas'
import type { SettingsStore } from '../settings/store'
import type { Settings } from '../../shared/ipc/settings'
import type { Signer } from '../signers/types'
import { announcingSigner } from '../signers/signing-notice'
import type { EventHub } from './event-hub'
import type {
  DecryptPort,
  DialogPort,
  DownloadsPort,
  LedgerPort,
  DemoServerPort,
  ShellPort,
  VaultPort,
  WalletConnectPort,
} from './ports'
import type { AppInfo, SignerSummary } from '../../shared/ipc'

/** What a service factory may use: the settings now, and the vault (downloads and decryption need keys). */
export interface FactoryContext {
  /** The settings now (read it when needed: settings change while the app runs). */
  readonly settings: () => Settings
  readonly vault: () => Promise<VaultPort>
}

type Factory<T> = (context: FactoryContext) => T | Promise<T>

/** Builds each service on first use. An absent factory means "not in this build": its channels say NOT_AVAILABLE. */
export interface ServiceFactories {
  readonly ledger?: Factory<LedgerPort>
  readonly walletConnect?: Factory<WalletConnectPort>
  readonly vault?: Factory<VaultPort>
  readonly downloads?: Factory<DownloadsPort>
  readonly decrypt?: Factory<DecryptPort>
  readonly demo?: Factory<DemoServerPort>
}

export interface BackendOptions {
  readonly settings: SettingsStore
  readonly dialogs: DialogPort
  readonly shell: ShellPort
  readonly info: AppInfo
  readonly services: ServiceFactories
  readonly events: EventHub
  /** The API client for a base URL (tests inject fetch through this). */
  readonly createClient?: (baseUrl: string) => NumerBayClient
}

/** The live WalletConnect session as a signer, or null when none is connected. */
function walletConnectSigner(port: WalletConnectPort): CurrentSigner | null {
  const status = port.status()
  const signer = port.signer()
  if (status.state !== 'connected' || !signer) return null
  return { signer, summary: { kind: 'walletconnect', address: status.session.address, label: status.session.walletName } }
}

interface CurrentSigner {
  readonly signer: Signer
  readonly summary: NonNullable<SignerSummary>
}

type Lazy<T> = { value?: Promise<T> }

interface ServicePorts {
  ledger: LedgerPort
  walletConnect: WalletConnectPort
  vault: VaultPort
  downloads: DownloadsPort
  decrypt: DecryptPort
  demo: DemoServerPort
}

/**
 * The backend's state: the current signer, the NumerBay session, the in-app demo server, and the services
 * (built once, on first use). Main-process memory only; nothing here is sent to the renderer except through
 * the contract's schemas.
 */
export class BackendContext {
  readonly settings: SettingsStore
  readonly dialogs: DialogPort
  readonly shell: ShellPort
  readonly info: AppInfo
  readonly events: EventHub
  readonly #factories: ServiceFactories
  readonly #createClient: (baseUrl: string) => NumerBayClient
  readonly #lazy = {
    ledger: {} as Lazy<LedgerPort>,
    walletConnect: {} as Lazy<WalletConnectPort>,
    vault: {} as Lazy<VaultPort>,
    downloads: {} as Lazy<DownloadsPort>,
    decrypt: {} as Lazy<DecryptPort>,
    demo: {} as Lazy<DemoServerPort>,
  }
  readonly #unsubscribe: Array<() => void> = []
  #client: NumerBayClient
  #user: UserSummary | null = null
  #method: 'wallet' | 'password' | null = null
  #signer: CurrentSigner | null = null
  /** Set while the in-app demo server is the API: its URL and the demo wallet key (public test data). */
  demo: { apiUrl: string; demoPrivateKey: string | null } | null = null
  /** Folders the app wrote to, which openFolder may open. */
  readonly openableFolders = new Set<string>()
  readonly decryptRuns = new Map<string, AbortController>()
  /** A numerbay.json chosen for offline work (the path only: the key is read per run and wiped). */
  offlineKeyFile: { path: string; publicKey: string } | null = null

  constructor(options: BackendOptions) {
    this.settings = options.settings
    this.dialogs = options.dialogs
    this.shell = options.shell
    this.info = options.info
    this.events = options.events
    this.#factories = options.services
    this.#createClient = options.createClient ?? ((baseUrl) => createNumerBayClient({ baseUrl }))
    this.#client = this.#createClient(this.settings.get().apiUrl)
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    this.events.emit(name, payload)
  }

  has(service: keyof ServiceFactories): boolean {
    return this.#factories[service] !== undefined
  }

  /** The service, built on first use; NOT_AVAILABLE when this build has none. */
  ledger = (): Promise<LedgerPort> =>
    this.#service('ledger', this.#factories.ledger, (port) => port.onStatus((status) => this.emit('ledgerStatus', status)))
  walletConnect = (): Promise<WalletConnectPort> =>
    this.#service(
      'walletConnect',
      this.#factories.walletConnect,
      (port) =>
        port.onStatus((status) => {
          this.emit('walletConnectStatus', status)
          this.#onWalletConnectStatus(port)
        }),
    )
  vault = (): Promise<VaultPort> =>
    this.#service('vault', this.#factories.vault, (port) => port.onStatus(() => this.emitKeyState()))
  downloads = (): Promise<DownloadsPort> =>
    this.#service('downloads', this.#factories.downloads, (port) => port.onSnapshot((snapshot) => this.emit('downloads', snapshot)))
  decrypt = (): Promise<DecryptPort> => this.#service('decrypt', this.#factories.decrypt)
  demoServer = (): Promise<DemoServerPort> => this.#service('demo', this.#factories.demo)

  /** The service if it was already built (shutdown and state queries must not build one). */
  async existing<K extends keyof ServicePorts>(name: K): Promise<ServicePorts[K] | null> {
    const lazy = this.#lazy[name] as Lazy<ServicePorts[K]>
    if (!lazy.value) return null
    return lazy.value.catch(() => null)
  }

  /** Closes a built service so the next use builds it again from the current settings (e.g. a new project id). */
  async rebuild<K extends keyof ServicePorts>(name: K): Promise<void> {
    const existing = await this.existing(name)
    ;(this.#lazy[name] as Lazy<ServicePorts[K]>).value = undefined
    if (existing && 'close' in existing) await existing.close().catch(() => undefined)
  }

  #service<K extends keyof ServicePorts>(
    name: K,
    factory: Factory<ServicePorts[K]> | undefined,
    wire?: (port: ServicePorts[K]) => () => void,
  ): Promise<ServicePorts[K]> {
    if (!factory) return Promise.reject(new AppError('NOT_AVAILABLE'))
    const lazy = this.#lazy[name] as Lazy<ServicePorts[K]>
    lazy.value ??= Promise.resolve()
      .then(() => factory({ settings: () => this.settings.get(), vault: this.vault }))
      .then((port) => {
        if (wire) this.#unsubscribe.push(wire(port))
        return port
      })
    // A failed construction (no project id, HID module missing) is retried on the next call.
    lazy.value.catch(() => {
      lazy.value = undefined
    })
    return lazy.value
  }

  // ---- API client and session ---------------------------------------------------------------------

  get client(): NumerBayClient {
    return this.#client
  }

  get user(): UserSummary | null {
    return this.#user
  }

  /** The signed-in client, or NOT_SIGNED_IN. */
  signedInClient(): NumerBayClient {
    if (!this.#user || !this.#client.signedIn) throw new AppError('NOT_SIGNED_IN')
    return this.#client
  }

  async setSession(user: ApiUser | null, method: 'wallet' | 'password' | null): Promise<void> {
    this.#user = user ? toUserSummary(user) : null
    this.#method = user ? method : null
    if (!user) this.#client.signOut()
    const vault = await this.existing('vault')
    if (vault) await vault.setAccount(user)
    else if (user && this.has('vault')) await (await this.vault()).setAccount(user)
    this.emit('session', this.session())
    this.emitKeyState()
  }

  /** A new API URL: a new client, and the session ends. */
  async resetClient(): Promise<void> {
    this.#client.signOut()
    this.#client = this.#createClient(this.settings.get().apiUrl)
    await this.setSession(null, null)
  }

  session(): Session {
    return { account: this.#user, apiUrl: this.#client.baseUrl, method: this.#method }
  }

  // ---- The current signer -------------------------------------------------------------------------

  get currentSigner(): CurrentSigner | null {
    return this.#signer
  }

  /** A signer that can sign (not a key file), or NO_SIGNER / SIGNER_CANNOT_SIGN. */
  signingSigner(): Signer {
    if (!this.#signer) throw new AppError('NO_SIGNER')
    if (this.#signer.summary.kind === 'key-file') throw new AppError('SIGNER_CANNOT_SIGN')
    return announcingSigner(this.#signer.signer, (message) => this.emit('signingMessage', message))
  }

  async setSigner(next: CurrentSigner | null): Promise<void> {
    const previous = this.#signer
    this.#signer = next
    // Ledger and demo signers own resources; a WalletConnect signer is a view of the session, kept by the service.
    if (previous && previous.signer !== next?.signer && previous.summary.kind !== 'walletconnect') {
      await previous.signer.close?.().catch(() => undefined)
    }
    this.emit('signer', this.signerSummary())
  }

  signerSummary(): SignerSummary {
    return this.#signer?.summary ?? null
  }

  /** Makes the paired phone wallet the current signer; WC_NOT_CONNECTED when no session is live. */
  async useWalletConnectSigner(port: WalletConnectPort): Promise<SignerSummary> {
    const next = walletConnectSigner(port)
    if (!next) throw new AppError('WC_NOT_CONNECTED')
    await this.setSigner(next)
    return next.summary
  }

  #onWalletConnectStatus(port: WalletConnectPort): void {
    const status = port.status()
    // A wallet paired while nothing else signs becomes the signer; otherwise the person chooses (useWalletConnectSigner).
    if (status.state === 'connected' && this.#signer === null) {
      const next = walletConnectSigner(port)
      if (next) void this.setSigner(next)
    }
    if ((status.state === 'expired' || status.state === 'idle') && this.#signer?.summary.kind === 'walletconnect') void this.setSigner(null)
  }

  // ---- Key state ----------------------------------------------------------------------------------

  emitKeyState(): void {
    void this.keyState().then((state) => this.emit('keyState', state))
  }

  async keyState(): Promise<EventPayload<'keyState'>> {
    const vault = await this.existing('vault')
    if (vault) {
      const status = vault.status()
      if (!this.#user && status.state !== 'unlocked') return { ...status, state: 'signed-out' }
      return status
    }
    const user = this.#user
    if (!user) return { state: 'signed-out', publicKey: null, autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false }
    const state = user.keyKind === 'v2' ? 'locked' : user.keyKind
    return { state, publicKey: user.publicKeyV2 ?? user.publicKeyLegacy, autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false }
  }

  // ---- Shutdown -----------------------------------------------------------------------------------

  /** Downloads paused and the manifest flushed, devices and sessions closed, keys wiped. */
  async close(): Promise<void> {
    for (const controller of this.decryptRuns.values()) controller.abort()
    const steps: Array<Promise<unknown>> = []
    const downloads = await this.existing('downloads')
    if (downloads) steps.push(downloads.shutdown())
    await Promise.allSettled(steps)
    const rest: Array<Promise<unknown>> = []
    const vault = await this.existing('vault')
    if (vault) rest.push(vault.close())
    const decrypt = await this.existing('decrypt')
    if (decrypt) rest.push(decrypt.close())
    if (this.#signer) rest.push(Promise.resolve(this.#signer.signer.close?.()))
    const ledger = await this.existing('ledger')
    if (ledger) rest.push(ledger.close())
    const walletConnect = await this.existing('walletConnect')
    if (walletConnect) rest.push(walletConnect.close())
    const demo = await this.existing('demo')
    if (demo) rest.push(demo.close())
    await Promise.allSettled(rest)
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
    this.#client.signOut()
    this.#signer = null
    this.#user = null
  }
}

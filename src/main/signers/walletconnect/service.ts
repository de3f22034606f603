/**
 * The app's one WalletConnect v2 client, dapp side: pairing by QR, sessions kept in a private folder and
 * restored at start, personal_sign with every answer checked against the session's account.
 *
 * - `new WalletConnectService({ projectId, relayUrl, storageDir, metadata?, timeouts?, clock?, storageCodec?,
 *   onStorageError? })`, one per process: the SDK shares one Core per storage prefix, so a second live service
 *   would silently get the first one's folder and relay (refused in start()).
 * - `start()` restores the saved session; `status()` and `onStatus(listener) → unsubscribe` give the
 *   WalletConnectStatus of src/shared/walletconnect.ts (idle, pairing {uri, qrDataUrl, expiresAt}, connected,
 *   awaiting-approval, expired, relay-unreachable); then `connect({ signal })`, `personalSign(bytes,
 *   { signal, timeoutMs })`, `cancel()`, `disconnect()`, `close()`.
 * - `createWalletConnectSigner(service, { onApprovalNeeded?, signal?, timeoutMs?, closeService? })` (signer.ts)
 *   is the Signer over the live session; `walletConnectConfig(sources)` and `walletConnectStorageDir(dataDir)`
 *   (config.ts) pick the relay, the project id and the folder from what src/main/config resolved;
 *   `createWalletConnectService` (from-spec.ts) does all three for the app and the CLI.
 * - `storageCodec` lets the Electron glue encrypt the session store at rest (e.g. with safeStorage); without it
 *   the store relies on its owner-only folder, as the SDK's own files would.
 * - The relay is reached within `timeouts.relayMs` (12 s) or not at all: the SDK alone retries for 75 s.
 * - The SDK logs nothing (`logger: 'silent'`: its traces can hold payloads), telemetry is off, and in Node the
 *   dapp side makes no Verify calls, so the relay is the only network peer.
 *
 * User guide: docs/user/walletconnect.md. Test relay and wallet: test/fixtures/walletconnect.
 */
import { SignClient } from '@walletconnect/sign-client'
import type { IKeyValueStorage } from '@walletconnect/keyvaluestorage'
import type { SessionTypes, SignClientTypes } from '@walletconnect/types'
import QRCode from 'qrcode'
import { AppError, isAppError } from '../../../shared/errors'
import type { WalletConnectSessionInfo, WalletConnectStatus } from '../../../shared/walletconnect'
import { toChecksumAddress } from '../signature'
import { APP_METADATA } from './config'
import { FileKeyValueStorage, type StorageCodec } from './file-storage'
import { personalSignRequest, verifyWalletSignature } from './personal-sign'
import { probeRelay } from './relay-probe'

type Client = Awaited<ReturnType<typeof SignClient.init>>

export const WALLETCONNECT_CHAIN = 'eip155:1'
export const PERSONAL_SIGN = 'personal_sign'
/** Stable: it names the SDK's storage keys, so changing it forgets saved sessions. */
export const STORAGE_PREFIX = 'numerbay-desktop'

export interface WalletConnectClock {
  now(): number
}

export interface WalletConnectTimeouts {
  /** Bound on reaching the relay (the SDK alone retries for 75 s). */
  readonly relayMs: number
  /** How long one QR code is offered before a new one replaces it (the SDK's proposals last 5 min). */
  readonly proposalMs: number
  /** How long the wallet has to answer a signature request. */
  readonly requestMs: number
}

export const DEFAULT_TIMEOUTS: WalletConnectTimeouts = { relayMs: 12_000, proposalMs: 5 * 60_000, requestMs: 5 * 60_000 }

export interface WalletConnectServiceOptions {
  readonly projectId: string
  readonly relayUrl: string
  /** Private folder for sessions (created 0700; the store file is 0600). */
  readonly storageDir: string
  readonly metadata?: { name: string; description: string; url: string; icons: string[] }
  readonly timeouts?: Partial<WalletConnectTimeouts>
  readonly clock?: WalletConnectClock
  /** At-rest protection for the session store (e.g. Electron safeStorage). */
  readonly storageCodec?: StorageCodec
  /** Hears about session-store writes that failed (disk full, folder removed); the flow itself goes on. */
  readonly onStorageError?: (error: unknown) => void
  /** SDK log level; 'silent' by default because the SDK logs to stdout and its traces can hold payloads. */
  readonly logLevel?: string
}

export interface RequestOptions {
  readonly signal?: AbortSignal
  readonly timeoutMs?: number
}

type StatusListener = (status: WalletConnectStatus) => void

/**
 * The app's one WalletConnect client (dapp side): pairing by QR, sessions kept in a private folder and
 * restored at start, personal_sign with the answer checked against the session's account.
 */
export class WalletConnectService {
  readonly relayUrl: string
  readonly #options: WalletConnectServiceOptions
  readonly #timeouts: WalletConnectTimeouts
  readonly #clock: WalletConnectClock
  readonly #storage: FileKeyValueStorage
  readonly #listeners = new Set<StatusListener>()
  readonly #detach: Array<() => void> = []
  #client: Client | undefined
  #starting: Promise<void> | undefined
  #status: WalletConnectStatus = { state: 'idle' }
  #sessionTopic: string | undefined
  #preferredAddress: string | undefined
  #pairing: Promise<WalletConnectSessionInfo> | undefined
  /** Aborted by cancel(): ends pairing and any request in flight. */
  #cancel = new AbortController()
  /** Rejects in-flight requests when the session ends under them. */
  readonly #sessionEnded = new Set<(error: AppError) => void>()
  #closed = false

  constructor(options: WalletConnectServiceOptions) {
    this.#options = options
    this.relayUrl = options.relayUrl
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
    this.#clock = options.clock ?? { now: () => Date.now() }
    this.#storage = new FileKeyValueStorage(options.storageDir, {
      ...(options.storageCodec ? { codec: options.storageCodec } : {}),
      ...(options.onStorageError ? { onWriteError: options.onStorageError } : {}),
    })
  }

  /** Starts the SDK and restores the saved session, if any. Idempotent. */
  start(): Promise<void> {
    this.#starting ??= this.#start()
    return this.#starting
  }

  async #start(): Promise<void> {
    await this.#storage.load()
    if (globalCoreExists(STORAGE_PREFIX)) {
      // The SDK would silently hand us the other service's Core (its storage folder, its relay).
      throw new AppError('INTERNAL', { message: 'Another WalletConnect service is already running in this process; close it first.' })
    }
    const client = await SignClient.init({
      projectId: this.#options.projectId,
      relayUrl: this.#options.relayUrl,
      metadata: this.#options.metadata ?? { ...APP_METADATA, icons: [...APP_METADATA.icons] },
      storage: this.#storage as unknown as IKeyValueStorage,
      customStoragePrefix: STORAGE_PREFIX,
      telemetryEnabled: false,
      logger: this.#options.logLevel ?? 'silent',
    })
    this.#client = client
    this.#listen(client)
    const session = this.#pickSession(client.session.getAll())
    if (session) {
      this.#sessionTopic = session.topic
      this.#setStatus({ state: 'connected', session: this.#sessionInfo(session) })
    }
  }

  status(): WalletConnectStatus {
    return this.#status
  }

  /** Calls `listener` on every status change; returns the unsubscribe function. */
  onStatus(listener: StatusListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** The live session, or null. */
  session(): WalletConnectSessionInfo | null {
    const session = this.#liveSession()
    return session ? this.#sessionInfo(session) : null
  }

  /**
   * Returns the live session, or pairs a new one: the status becomes `pairing` with a QR code that is replaced
   * by a fresh one whenever it expires, until the wallet approves, rejects, or `signal` aborts.
   */
  async connect(options: { signal?: AbortSignal } = {}): Promise<WalletConnectSessionInfo> {
    await this.start()
    const live = this.session()
    if (live) return live
    this.#pairing ??= this.#pair(anySignal(options.signal, this.#cancel.signal)).finally(() => {
      this.#pairing = undefined
    })
    return this.#pairing
  }

  async #pair(signal: AbortSignal | undefined): Promise<WalletConnectSessionInfo> {
    const client = this.#requireClient()
    for (;;) {
      throwIfAborted(signal)
      await this.#checkRelay(signal)
      const proposal = await this.#bounded(
        client.connect({
          optionalNamespaces: {
            eip155: { chains: [WALLETCONNECT_CHAIN], methods: [PERSONAL_SIGN], events: ['accountsChanged', 'chainChanged'] },
          },
        }),
        signal,
      )
      if (!proposal.uri) throw new AppError('INTERNAL', { message: 'WalletConnect did not return a pairing URI.' })
      const expiresAt = Math.min(uriExpiry(proposal.uri) ?? Number.POSITIVE_INFINITY, this.#clock.now() + this.#timeouts.proposalMs)
      const approval = proposal.approval()
      const qrDataUrl = await QRCode.toDataURL(proposal.uri, { errorCorrectionLevel: 'M', margin: 2, width: 320 })
      this.#setStatus({ state: 'pairing', uri: proposal.uri, qrDataUrl, expiresAt })
      const outcome = await raceOutcome(approval, Math.max(0, expiresAt - this.#clock.now()), signal)
      if (outcome.kind === 'expired') {
        approval.catch(() => undefined)
        this.#forgetPairing(proposal.uri)
        continue
      }
      if (outcome.kind === 'aborted') {
        approval.catch(() => undefined)
        this.#forgetPairing(proposal.uri)
        this.#setStatus(this.#idleOrConnected())
        throw new AppError('CANCELLED')
      }
      if (outcome.kind === 'rejected') {
        if (isExpiry(outcome.error)) {
          this.#forgetPairing(proposal.uri)
          continue
        }
        this.#setStatus(this.#idleOrConnected())
        if (isAppError(outcome.error)) throw outcome.error
        if (isWalletAnswer(outcome.error)) throw new AppError('WC_SESSION_REJECTED', { detail: sdkErrorDetail(outcome.error) })
        throw new AppError('INTERNAL', { message: 'WalletConnect could not complete the connection.', detail: sdkErrorDetail(outcome.error) })
      }
      return this.#adopt(outcome.value)
    }
  }

  async #adopt(session: SessionTypes.Struct): Promise<WalletConnectSessionInfo> {
    if (!sessionAccount(session) || !sessionMethods(session).includes(PERSONAL_SIGN)) {
      await this.#requireClient()
        .disconnect({ topic: session.topic, reason: { code: 5100, message: 'Unsupported namespaces.' } })
        .catch(() => undefined)
      this.#setStatus({ state: 'idle' })
      throw new AppError('WC_SESSION_UNSUPPORTED')
    }
    this.#sessionTopic = session.topic
    this.#preferredAddress = undefined
    const info = this.#sessionInfo(session)
    this.#setStatus({ state: 'connected', session: info })
    return info
  }

  /**
   * personal_sign over the live session: resolves to the 65-byte signature in MetaMask form (v = 27/28), only
   * after it has been checked to recover to the session's address.
   */
  async personalSign(message: Uint8Array, options: RequestOptions = {}): Promise<Uint8Array> {
    if (message.length === 0) throw new AppError('EMPTY_MESSAGE')
    await this.start()
    const client = this.#requireClient()
    const session = this.#liveSession()
    if (!session) throw new AppError('WC_NOT_CONNECTED')
    const info = this.#sessionInfo(session)
    const timeoutMs = options.timeoutMs ?? this.#timeouts.requestMs
    const signal = anySignal(options.signal, this.#cancel.signal)
    await this.#ensureRelay(signal)
    const expiresAt = this.#clock.now() + timeoutMs
    this.#setStatus({ state: 'awaiting-approval', session: info, expiresAt })
    let endSession: ((error: AppError) => void) | undefined
    const ended = new Promise<never>((_, reject) => {
      endSession = reject
      this.#sessionEnded.add(reject)
    })
    const pending = client.request<unknown>({
      topic: session.topic,
      chainId: info.chainId,
      request: personalSignRequest(message, info.address),
      // The SDK accepts 300 s to 7 days; our own timer below enforces the shorter bound.
      expiry: Math.max(300, Math.ceil(timeoutMs / 1000)),
    })
    pending.catch(() => undefined)
    ended.catch(() => undefined)
    try {
      const outcome = await raceOutcome(Promise.race([pending, ended]), timeoutMs, signal)
      if (outcome.kind === 'aborted') throw new AppError('CANCELLED')
      if (outcome.kind === 'expired') throw new AppError('WC_REQUEST_TIMEOUT')
      if (outcome.kind === 'rejected') {
        if (isAppError(outcome.error)) throw outcome.error
        if (isExpiry(outcome.error)) throw new AppError('WC_REQUEST_TIMEOUT')
        if (isWalletAnswer(outcome.error)) {
          throw new AppError('SIGNER_REJECTED', { message: 'The signature request was rejected in your wallet.', detail: sdkErrorDetail(outcome.error) })
        }
        if (!client.core.relayer.connected) this.#relayUnreachable()
        throw new AppError('INTERNAL', { message: 'WalletConnect could not send the signature request.', detail: sdkErrorDetail(outcome.error) })
      }
      return verifyWalletSignature(message, outcome.value, info.address)
    } finally {
      if (endSession) this.#sessionEnded.delete(endSession)
      if (this.#status.state === 'awaiting-approval') this.#setStatus(this.#idleOrConnected())
    }
  }

  /** Cancels pairing and any signature request in flight (the window's Cancel button). The session stays. */
  cancel(): void {
    this.#cancel.abort()
    this.#cancel = new AbortController()
  }

  /** Ends the live session (in the wallet too, when the relay is reachable) and forgets it. */
  async disconnect(): Promise<void> {
    await this.start()
    const client = this.#requireClient()
    const topics = client.session.getAll().map((session) => session.topic)
    const reason = { code: 6000, message: 'User disconnected.' }
    // Without a relay the SDK would retry telling the wallet for 75 s: forget locally and let it expire there.
    const reachable = topics.length > 0 && (client.core.relayer.connected || (await probeRelay(this.relayUrl, this.#timeouts.relayMs)))
    for (const topic of topics) {
      const forgetLocally = async () => {
        await client.session.delete(topic, reason).catch(() => undefined)
        await client.core.crypto.deleteSymKey(topic).catch(() => undefined)
      }
      if (reachable) await this.#bounded(client.disconnect({ topic, reason })).catch(forgetLocally)
      else await forgetLocally()
    }
    this.#sessionTopic = undefined
    this.#endRequests(new AppError('WC_NOT_CONNECTED'))
    this.#setStatus({ state: 'idle' })
    await this.#storage.flush()
  }

  /** Stops the client and its timers; saved sessions stay on disk. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#starting?.catch(() => undefined)
    const client = this.#client
    for (const detach of this.#detach.splice(0)) detach()
    this.#listeners.clear()
    this.#endRequests(new AppError('CANCELLED'))
    if (!client) return
    client.core.heartbeat.stop()
    // A socket still being opened (restore starts one in the background) would open after transportClose
    // and keep the process alive: let the attempt settle first, within the relay bound.
    const attempt = (client.core.relayer as unknown as { connectPromise?: Promise<void> }).connectPromise
    if (attempt) await raceOutcome(attempt, this.#timeouts.relayMs)
    await client.core.relayer.transportClose().catch(() => undefined)
    await this.#storage.close()
    forgetGlobalCore(STORAGE_PREFIX)
  }

  // ---------- internals ----------

  /**
   * Session lifecycle events. Proposal expiry needs no handler: the pending approval rejects with
   * "Proposal expired" (or our own timer fires first) and the pairing loop shows a new QR code.
   */
  #listen(client: Client): void {
    const on = <E extends SignClientTypes.Event>(event: E, handler: (args: SignClientTypes.EventArguments[E]) => void) => {
      client.on(event, handler)
      this.#detach.push(() => client.off(event, handler))
    }
    on('session_delete', ({ topic }) => this.#onSessionGone(topic, 'session-deleted'))
    on('session_expire', ({ topic }) => this.#onSessionGone(topic, 'session-expired'))
    on('session_update', ({ topic }) => this.#refresh(topic))
    on('session_extend', ({ topic }) => this.#refresh(topic))
    on('session_event', ({ topic, params }) => {
      if (params.event.name === 'accountsChanged' && Array.isArray(params.event.data)) {
        // EIP-1193 sends bare addresses; some wallets send CAIP-10 ("eip155:1:0x…").
        const first = String(params.event.data[0] ?? '')
        this.#preferredAddress = first.split(':').pop()
      }
      this.#refresh(topic)
    })
  }

  #onSessionGone(topic: string, reason: 'session-expired' | 'session-deleted'): void {
    if (topic !== this.#sessionTopic) return
    this.#sessionTopic = undefined
    this.#endRequests(new AppError('WC_SESSION_ENDED'))
    this.#setStatus({ state: 'expired', reason })
  }

  #refresh(topic: string): void {
    if (topic !== this.#sessionTopic) return
    const session = this.#liveSession()
    if (!session) return
    if (this.#status.state === 'awaiting-approval') return
    this.#setStatus({ state: 'connected', session: this.#sessionInfo(session) })
  }

  #endRequests(error: AppError): void {
    for (const reject of this.#sessionEnded) reject(error)
    this.#sessionEnded.clear()
  }

  #liveSession(): SessionTypes.Struct | undefined {
    const client = this.#client
    if (!client) return undefined
    const topic = this.#sessionTopic
    if (!topic) return undefined
    const session = client.session.getAll().find((candidate) => candidate.topic === topic)
    if (!session || session.expiry * 1000 <= this.#clock.now()) return undefined
    return session
  }

  #pickSession(sessions: SessionTypes.Struct[]): SessionTypes.Struct | undefined {
    return sessions
      .filter((session) => session.expiry * 1000 > this.#clock.now() && sessionAccount(session) && sessionMethods(session).includes(PERSONAL_SIGN))
      .sort((a, b) => b.expiry - a.expiry)[0]
  }

  #sessionInfo(session: SessionTypes.Struct): WalletConnectSessionInfo {
    const account = sessionAccount(session, this.#preferredAddress)
    if (!account) throw new AppError('WC_SESSION_UNSUPPORTED')
    const metadata = session.peer.metadata
    return {
      walletName: metadata.name || 'Unknown wallet',
      ...(metadata.url ? { walletUrl: metadata.url } : {}),
      ...(metadata.icons?.[0] ? { walletIcon: metadata.icons[0] } : {}),
      address: account.address,
      chainId: account.chainId,
      expiresAt: session.expiry * 1000,
    }
  }

  #idleOrConnected(): WalletConnectStatus {
    const session = this.session()
    return session ? { state: 'connected', session } : { state: 'idle' }
  }

  #setStatus(status: WalletConnectStatus): void {
    this.#status = status
    for (const listener of [...this.#listeners]) {
      try {
        listener(status)
      } catch {
        // A listener's failure must not break the flow that reported the status.
      }
    }
  }

  #requireClient(): Client {
    if (this.#closed) throw new AppError('CANCELLED', { message: 'WalletConnect was closed.' })
    if (!this.#client) throw new AppError('INTERNAL', { message: 'WalletConnect has not started.' })
    return this.#client
  }

  /** Opens the relay socket (a restored session may not have one yet) within the relay bound. */
  async #ensureRelay(signal: AbortSignal | undefined): Promise<void> {
    const relayer = this.#requireClient().core.relayer
    if (relayer.connected) return
    await this.#checkRelay(signal)
    await this.#bounded(relayer.transportOpen(), signal)
  }

  /** Fails fast (within the relay bound) when the relay does not answer, before the SDK starts its retries. */
  async #checkRelay(signal: AbortSignal | undefined): Promise<void> {
    if (this.#requireClient().core.relayer.connected) return
    const reachable = await probeRelay(this.relayUrl, this.#timeouts.relayMs, signal)
    throwIfAborted(signal)
    if (!reachable) this.#relayUnreachable()
  }

  #relayUnreachable(): never {
    this.#setStatus({ state: 'relay-unreachable', relayUrl: this.relayUrl })
    throw new AppError('WC_RELAY_UNREACHABLE', {
      message: `The WalletConnect relay (${this.relayUrl}) could not be reached.`,
      detail: `no answer within ${this.#timeouts.relayMs} ms`,
    })
  }

  /**
   * Runs an SDK call that needs the relay within the relay bound. On timeout the SDK's own retries are
   * stopped (they would run for 75 s) and the status says the relay is unreachable.
   */
  async #bounded<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
    promise.catch(() => undefined)
    const outcome = await raceOutcome(promise, this.#timeouts.relayMs, signal)
    if (outcome.kind === 'value') return outcome.value
    if (outcome.kind === 'aborted') throw new AppError('CANCELLED')
    const relayDown = outcome.kind === 'expired' || !this.#requireClient().core.relayer.connected
    if (!relayDown) throw outcome.kind === 'rejected' && isAppError(outcome.error) ? outcome.error : new AppError('INTERNAL', { detail: sdkErrorDetail(outcome.kind === 'rejected' ? outcome.error : undefined) })
    await this.#requireClient().core.relayer.transportClose().catch(() => undefined)
    this.#relayUnreachable()
  }

  /**
   * Drops an unused pairing so its key does not linger in the store. Not awaited: the SDK tells the peer over
   * the relay first, which can take long when the relay is down.
   */
  #forgetPairing(uri: string): void {
    const topic = uriTopic(uri)
    if (!topic || this.#closed) return
    this.#requireClient()
      .core.pairing.disconnect({ topic })
      .catch(() => undefined)
  }
}

// ---------- helpers ----------

type Outcome<T> =
  | { kind: 'value'; value: T }
  | { kind: 'rejected'; error: unknown }
  | { kind: 'expired' }
  | { kind: 'aborted' }

/** Settles with whichever comes first: the promise, the timeout, or the abort signal. Never rejects. */
export function raceOutcome<T>(promise: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve({ kind: 'aborted' })
      return
    }
    // setTimeout fires at once for delays beyond 2^31-1 ms; clamp instead.
    const timer = setTimeout(() => finish({ kind: 'expired' }), Math.min(Math.max(0, timeoutMs), 2 ** 31 - 1))
    const onAbort = () => finish({ kind: 'aborted' })
    signal?.addEventListener('abort', onAbort, { once: true })
    function finish(outcome: Outcome<T>) {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      resolve(outcome)
    }
    promise.then(
      (value) => finish({ kind: 'value', value }),
      (error: unknown) => finish({ kind: 'rejected', error }),
    )
  })
}

function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal {
  return AbortSignal.any(signals.filter((signal): signal is AbortSignal => signal !== undefined))
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED')
}

interface SessionAccount {
  chainId: string
  address: string
}

/** The session's Ethereum account: the preferred address if the wallet announced one, else mainnet's first. */
export function sessionAccount(session: SessionTypes.Struct, preferred?: string): SessionAccount | undefined {
  const accounts = (session.namespaces.eip155?.accounts ?? [])
    .map((caip10) => {
      const parts = caip10.split(':')
      return parts.length === 3 && /^0x[0-9a-fA-F]{40}$/.test(parts[2]!) ? { chainId: `${parts[0]}:${parts[1]}`, address: parts[2]! } : undefined
    })
    .filter((account): account is SessionAccount => account !== undefined)
  const pick =
    (preferred && accounts.find((account) => account.address.toLowerCase() === preferred.toLowerCase() && account.chainId === WALLETCONNECT_CHAIN)) ||
    accounts.find((account) => account.chainId === WALLETCONNECT_CHAIN) ||
    accounts[0]
  return pick ? { chainId: pick.chainId, address: toChecksumAddress(pick.address) } : undefined
}

function sessionMethods(session: SessionTypes.Struct): string[] {
  return session.namespaces.eip155?.methods ?? []
}

function uriExpiry(uri: string): number | undefined {
  const match = /[?&]expiryTimestamp=(\d+)/.exec(uri)
  return match ? Number(match[1]) * 1000 : undefined
}

function uriTopic(uri: string): string | undefined {
  return /^wc:([0-9a-f]+)@/i.exec(uri)?.[1]
}

/** A JSON-RPC error the wallet sent back (user rejected, unsupported…), as opposed to an SDK failure. */
function isWalletAnswer(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number'
}

function isExpiry(error: unknown): boolean {
  const message = (error as { message?: unknown } | undefined)?.message
  return typeof message === 'string' && /expired/i.test(message)
}

/** A short, secret-free description of an SDK error: its code and message (never a payload or URI). */
function sdkErrorDetail(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, message } = error as { code?: unknown; message?: unknown }
  const text = typeof message === 'string' ? message.replace(/wc:[^\s"']+/g, 'wc:…').slice(0, 200) : ''
  return [code === undefined ? '' : `code ${String(code)}`, text].filter(Boolean).join(': ') || undefined
}

/**
 * The SDK keeps one Core per storage prefix on globalThis and silently hands it to the next SignClient.init
 * (with its closed relayer). Forgetting it on close lets a later service in the same process start afresh.
 */
function globalCoreExists(prefix: string): boolean {
  return (globalThis as Record<string, unknown>)[`_walletConnectCore_${prefix}`] !== undefined
}

function forgetGlobalCore(prefix: string): void {
  const key = `_walletConnectCore_${prefix}`
  const registry = globalThis as Record<string, unknown>
  delete registry[key]
  delete registry[`${key}_count`]
}

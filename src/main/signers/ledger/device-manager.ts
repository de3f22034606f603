// "The Ledger" for the app and the CLI: finds the device, follows its state (absent, locked, wrong app, ready)
// across USB re-enumeration, reads accounts and hands out signers that follow the device.

import { AppError, isAppError } from '../../../shared/errors'
import { ledgerUnavailableAction } from '../../../shared/errors/ledger'
import {
  LEDGER_DASHBOARD_APP_NAME,
  LEDGER_ETHEREUM_APP_NAME,
  legacyPath,
  ledgerLivePath,
  normalizeDerivationPath,
  type LedgerAccount,
  type LedgerStatus,
} from '../../../shared/ledger'
import type { SignerPrompt } from '../types'
import type { Logger } from '../../log'
import { sameAddress, toChecksumAddress } from '../signature'
import { LedgerConnection, type LedgerTimeouts } from './connection'
import type { LedgerHidBackend, LedgerHotplugEvent } from './hid'
import { defaultTimers, type Timers } from '../../../shared/time-limit'
import { createSignerOverConnection, type LedgerSigner } from './signer'

export interface LedgerDeviceManagerOptions {
  readonly backend: LedgerHidBackend
  /** Listen for hotplug and poll the status in the background (the app). The CLI probes on demand. Default true. */
  readonly watch?: boolean
  /**
   * How long a device that vanished may take to come back before it counts as disconnected. Opening or closing
   * an app makes a Ledger re-enumerate on USB (gone, then back, maybe under a new path). Default 5 s.
   */
  readonly graceMs?: number
  /** Status poll interval while ready (default 5 s) and while waiting for the person to unlock or open the app (1 s). */
  readonly pollReadyMs?: number
  readonly pollWaitingMs?: number
  readonly timeouts?: Partial<LedgerTimeouts>
  readonly timers?: Timers
  /** Each status change at info (the state, model and app version; nothing the device signs). */
  readonly logger?: Logger
}

export interface LedgerSignerForOptions {
  readonly onPrompt?: (prompt: SignerPrompt) => void
  /** What the signer's close() does besides forgetting the signer (the spec signer closes the manager). */
  readonly onClose?: () => Promise<void>
}

/** Status, accounts and signers; each method is described in ./index.ts. */
export interface LedgerDeviceManager {
  readonly status: LedgerStatus
  /** Called with every new status; returns the unsubscribe function. */
  onStatus(listener: (status: LedgerStatus) => void): () => void
  /** Enumerates and probes the device now. */
  refresh(): Promise<LedgerStatus>
  /** Refreshes and throws the matching error unless the Ethereum app is open and ready. */
  requireReady(): Promise<void>
  /** Addresses of the first `count` accounts of both schemes (Ledger Live first, then legacy), read silently. */
  accounts(count?: number): Promise<LedgerAccount[]>
  /** A signer for one path; it follows the device across re-enumeration. */
  signerFor(path: string, options?: LedgerSignerForOptions): LedgerSigner
  /** Finds which of the first `count` accounts of both schemes has `address` (LEDGER_ACCOUNT_NOT_FOUND if none). */
  discoverAccount(address: string, options?: { count?: number }): Promise<LedgerAccount>
  close(): Promise<void>
}

export const DEFAULT_DISCOVERY_COUNT = 5

/** Errors that mean the device state changed, and the status each one would show (null: re-read in any case). */
const DEVICE_STATE_ERRORS = new Map<string, LedgerStatus['state'] | null>([
  ['LEDGER_LOCKED', 'locked'],
  ['LEDGER_WRONG_APP', 'needs-app'],
  ['LEDGER_BUSY', 'busy'],
  ['LEDGER_DISCONNECTED', 'disconnected'],
  ['LEDGER_TIMEOUT', 'locked'],
  ['SIGNATURE_INVALID', null],
])

interface OpenDevice {
  readonly path: string
  readonly connection: LedgerConnection
  readonly stopListening: () => void
}

interface Grace {
  readonly timer: unknown
  readonly done: Promise<void>
  readonly resolve: () => void
  readonly reject: (error: AppError) => void
}

export function createLedgerDeviceManager(options: LedgerDeviceManagerOptions): LedgerDeviceManager {
  return new DeviceManager(options)
}

class DeviceManager implements LedgerDeviceManager {
  private readonly backend: LedgerHidBackend
  private readonly watch: boolean
  private readonly graceMs: number
  private readonly pollReadyMs: number
  private readonly pollWaitingMs: number
  private readonly timeouts: Partial<LedgerTimeouts> | undefined
  private readonly timers: Timers
  private readonly listeners = new Set<(status: LedgerStatus) => void>()
  private current: OpenDevice | undefined
  private statusValue: LedgerStatus = { state: 'no-device' }
  private lastReady: LedgerStatus | undefined
  private grace: Grace | undefined
  private refreshing: Promise<LedgerStatus> | undefined
  private pollTimer: unknown
  private signing = 0
  private closed = false
  private readonly stopHotplug: (() => void) | undefined
  private readonly log: Logger | undefined

  constructor(options: LedgerDeviceManagerOptions) {
    this.backend = options.backend
    this.watch = options.watch ?? true
    this.graceMs = options.graceMs ?? 5_000
    this.pollReadyMs = options.pollReadyMs ?? 5_000
    this.pollWaitingMs = options.pollWaitingMs ?? 1_000
    this.timeouts = options.timeouts
    this.timers = options.timers ?? defaultTimers
    this.log = options.logger?.child({ component: 'ledger' })
    if (this.watch) {
      try {
        this.stopHotplug = this.backend.listen?.((event) => this.onHotplug(event))
      } catch (error) {
        // No hotplug (the USB module failed to load): the status says why, and polling still runs.
        this.setStatus(statusForError(error))
      }
      void this.refresh()
    }
  }

  get status(): LedgerStatus {
    return this.statusValue
  }

  onStatus(listener: (status: LedgerStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  refresh(): Promise<LedgerStatus> {
    if (this.closed) return Promise.resolve(this.statusValue)
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined
      this.schedulePoll()
    })
    return this.refreshing
  }

  async requireReady(): Promise<void> {
    if (this.grace) await this.grace.done
    const status = await this.refresh()
    if (status.state === 'ready') return
    if (this.grace) {
      await this.grace.done
      if ((await this.refresh()).state === 'ready') return
    }
    throw errorForStatus(this.statusValue)
  }

  async accounts(count = DEFAULT_DISCOVERY_COUNT): Promise<LedgerAccount[]> {
    checkCount(count)
    return this.reporting(() => this.readAccounts(count))
  }

  private async readAccounts(count: number): Promise<LedgerAccount[]> {
    const connection = await this.acquireReady()
    const accounts: LedgerAccount[] = []
    for (const scheme of ['ledger-live', 'legacy'] as const) {
      for (let index = 0; index < count; index++) {
        const path = scheme === 'ledger-live' ? ledgerLivePath(index) : legacyPath(index)
        accounts.push({ scheme, index, path, address: await connection.getAddress(path) })
      }
    }
    return accounts
  }

  async discoverAccount(address: string, options: { count?: number } = {}): Promise<LedgerAccount> {
    const wanted = toChecksumAddress(address)
    const count = options.count ?? DEFAULT_DISCOVERY_COUNT
    checkCount(count)
    return this.reporting(() => this.findAccount(wanted, count))
  }

  private async findAccount(wanted: string, count: number): Promise<LedgerAccount> {
    const connection = await this.acquireReady()
    // Interleaved, so the usual accounts (index 0 of either scheme) are found after one or two reads.
    for (let index = 0; index < count; index++) {
      for (const scheme of ['ledger-live', 'legacy'] as const) {
        const path = scheme === 'ledger-live' ? ledgerLivePath(index) : legacyPath(index)
        const found = await connection.getAddress(path)
        if (sameAddress(found, wanted)) return { scheme, index, path, address: found }
      }
    }
    throw new AppError('LEDGER_ACCOUNT_NOT_FOUND', {
      message: `None of the first ${count} Ledger Live and ${count} legacy accounts on this Ledger is ${wanted}.`,
    })
  }

  signerFor(path: string, options: LedgerSignerForOptions = {}): LedgerSigner {
    const normalized = normalizeDerivationPath(path)
    if (!normalized) throw new AppError('LEDGER_PATH_INVALID', { detail: path.slice(0, 100) })
    return createSignerOverConnection(() => this.acquireReady(), normalized, {
      ...(options.onPrompt ? { onPrompt: options.onPrompt } : {}),
      ...(options.onClose ? { onClose: options.onClose } : {}),
      onSigning: (phase) => this.onSigning(phase),
      onError: (error) => this.onOperationError(error),
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.stopHotplug?.()
    if (this.pollTimer !== undefined) this.timers.clearTimeout(this.pollTimer)
    this.endGrace(new AppError('LEDGER_DISCONNECTED', { message: 'The Ledger connection was closed.' }))
    await this.dropCurrent()
    this.listeners.clear()
  }

  private async reporting<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation()
    } catch (error) {
      this.onOperationError(error)
      throw error
    }
  }

  /** A device error says the status changed (locked, app closed, unplugged): read it again now, not at the next poll. */
  private onOperationError(error: unknown): void {
    if (this.closed || !isAppError(error)) return
    const state = DEVICE_STATE_ERRORS.get(error.code)
    // Skip when the status already says so (the error came from the probe itself).
    if (state !== undefined && state !== this.statusValue.state) void this.refresh()
  }

  /** The open connection, once the device is known to run the Ethereum app. */
  private async acquireReady(): Promise<LedgerConnection> {
    if (this.closed) throw new AppError('LEDGER_DISCONNECTED', { message: 'The Ledger connection was closed.' })
    if (this.grace) await this.grace.done
    if (!this.current || this.current.connection.broken || this.statusValue.state !== 'ready') await this.requireReady()
    if (!this.current) throw errorForStatus(this.statusValue)
    return this.current.connection
  }

  private async doRefresh(): Promise<LedgerStatus> {
    let devices
    try {
      devices = await this.backend.list()
    } catch (error) {
      return this.setStatus(statusForError(error))
    }
    if (this.closed) return this.statusValue
    if (this.current && !devices.some((device) => device.path === this.current!.path)) this.beginGrace()
    if (this.current && (this.current.connection.broken || this.current.connection.disconnected)) await this.dropCurrent()
    if (!this.current) {
      const device = devices[0]
      if (!device) {
        if (this.grace || this.statusValue.state === 'disconnected') return this.statusValue
        return this.setStatus({ state: 'no-device' })
      }
      try {
        await this.openDevice(device.path)
      } catch (error) {
        return this.setStatus(statusForError(error))
      }
    }
    const status = await this.probe(this.current!.connection)
    if (this.closed) return this.statusValue
    return this.setStatus(status)
  }

  private async openDevice(path: string): Promise<void> {
    const transport = await this.backend.open(path)
    if (this.closed) {
      await transport.close().catch(() => undefined)
      throw new AppError('LEDGER_DISCONNECTED', { message: 'The Ledger connection was closed.' })
    }
    const connection = new LedgerConnection(transport, {
      ...(this.timeouts ? { timeouts: this.timeouts } : {}),
      timers: this.timers,
    })
    const stopListening = connection.onDisconnect(() => {
      if (this.current?.connection === connection) this.beginGrace()
    })
    this.current = { path, connection, stopListening }
    this.endGrace()
  }

  /** Which app is open, asked with B0 01 rather than guessed from one status word. */
  private async probe(connection: LedgerConnection): Promise<LedgerStatus> {
    const model = connection.model
    const withModel = <T extends object>(status: T) => (model ? { ...status, model } : status)
    try {
      const app = await connection.getAppAndVersion()
      if (app.name === LEDGER_ETHEREUM_APP_NAME) return withModel({ state: 'ready' as const, appVersion: app.version })
      return withModel({ state: 'needs-app' as const, openApp: app.name, onDashboard: app.name === LEDGER_DASHBOARD_APP_NAME })
    } catch (error) {
      const code = isAppError(error) ? error.code : undefined
      switch (code) {
        case 'LEDGER_LOCKED':
        case 'LEDGER_TIMEOUT': // a locked device may simply never answer
          return withModel({ state: 'locked' as const })
        case 'LEDGER_BUSY':
          return withModel({ state: 'busy' as const })
        case 'LEDGER_WRONG_APP':
          return this.probeWithoutAppAndVersion(connection, withModel)
        case 'LEDGER_DISCONNECTED':
          this.beginGrace()
          return this.statusValue
        default:
          return statusForError(error)
      }
    }
  }

  /** Older firmware without B0 01: ask the Ethereum app itself (E0 06). */
  private async probeWithoutAppAndVersion(connection: LedgerConnection, withModel: <T extends object>(status: T) => T): Promise<LedgerStatus> {
    try {
      const { version } = await connection.getAppConfiguration()
      return withModel({ state: 'ready' as const, appVersion: version })
    } catch (error) {
      if (isAppError(error) && error.code === 'LEDGER_WRONG_APP') return withModel({ state: 'needs-app' as const, openApp: 'another app', onDashboard: false })
      return statusForError(error)
    }
  }

  private onHotplug(event: LedgerHotplugEvent): void {
    if (this.closed) return
    if (event.type === 'remove') {
      if (this.current && this.current.path === event.path) this.beginGrace()
      return
    }
    if (!this.current || this.grace) void this.refresh()
  }

  /** The device vanished: its handle is dead, but it may be back in a moment (an app opening). */
  private beginGrace(): void {
    void this.dropCurrent()
    if (this.grace || this.closed) return
    let resolve!: () => void
    let reject!: (error: AppError) => void
    const done = new Promise<void>((res, rej) => {
      resolve = res
      reject = rej
    })
    done.catch(() => undefined)
    const timer = this.timers.setTimeout(() => {
      this.endGrace(new AppError('LEDGER_DISCONNECTED'))
      this.setStatus({ state: 'disconnected' })
    }, this.graceMs)
    this.grace = { timer, done, resolve, reject }
  }

  private endGrace(error?: AppError): void {
    const grace = this.grace
    if (!grace) return
    this.grace = undefined
    this.timers.clearTimeout(grace.timer)
    if (error) grace.reject(error)
    else grace.resolve()
  }

  private async dropCurrent(): Promise<void> {
    const current = this.current
    if (!current) return
    this.current = undefined
    current.stopListening()
    await current.connection.close().catch(() => undefined)
  }

  private onSigning(phase: 'start' | 'end'): void {
    if (phase === 'start') {
      this.signing++
      const model = this.statusValue.state === 'ready' ? this.statusValue.model : undefined
      this.setStatus(model ? { state: 'awaiting-confirmation', model } : { state: 'awaiting-confirmation' })
      return
    }
    this.signing--
    if (this.signing === 0 && this.statusValue.state === 'awaiting-confirmation') {
      if (this.lastReady) this.setStatus(this.lastReady)
      void this.refresh()
    }
  }

  private schedulePoll(): void {
    if (!this.watch || this.closed) return
    if (this.pollTimer !== undefined) this.timers.clearTimeout(this.pollTimer)
    const delay = this.statusValue.state === 'ready' || this.statusValue.state === 'awaiting-confirmation' ? this.pollReadyMs : this.pollWaitingMs
    this.pollTimer = this.timers.setTimeout(() => {
      this.pollTimer = undefined
      // Never probe while the person is reading the message on the device: it would queue behind the signature.
      if (this.signing > 0) this.schedulePoll()
      else void this.refresh()
    }, delay)
  }

  private setStatus(status: LedgerStatus): LedgerStatus {
    if (status.state === 'ready') this.lastReady = status
    if (JSON.stringify(status) === JSON.stringify(this.statusValue)) return this.statusValue
    this.statusValue = status
    this.log?.info({ event: 'ledger-status', ...status }, 'Ledger status')
    for (const listener of [...this.listeners]) listener(status)
    return status
  }
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new AppError('INVALID_ARGUMENT', { message: 'The account count must be between 1 and 100.' })
}

function statusForError(error: unknown): LedgerStatus {
  if (isAppError(error)) {
    switch (error.code) {
      case 'LEDGER_PERMISSION_DENIED':
        return { state: 'permission-denied' }
      case 'LEDGER_NOT_FOUND':
        return { state: 'no-device' }
      case 'LEDGER_DISCONNECTED':
        return { state: 'disconnected' }
      case 'LEDGER_LOCKED':
        return { state: 'locked' }
      case 'LEDGER_BUSY':
        return { state: 'busy' }
      case 'LEDGER_UNAVAILABLE':
        // The status line is all the device panel shows: it must carry the fix (install libusb…).
        return { state: 'error', code: error.code, message: `${error.message} ${error.action}` }
      default:
        return { state: 'error', code: error.code, message: error.message }
    }
  }
  return { state: 'error', code: 'LEDGER_DEVICE_ERROR', message: 'The Ledger answered with an error.' }
}

/** The error to throw when an operation needs the Ethereum app and the status says otherwise. */
export function errorForStatus(status: LedgerStatus): AppError {
  switch (status.state) {
    case 'ready':
    case 'awaiting-confirmation':
      return new AppError('LEDGER_BUSY')
    case 'no-device':
      return new AppError('LEDGER_NOT_FOUND')
    case 'permission-denied':
      return new AppError('LEDGER_PERMISSION_DENIED')
    case 'locked':
      return new AppError('LEDGER_LOCKED')
    case 'busy':
      return new AppError('LEDGER_BUSY')
    case 'disconnected':
      return new AppError('LEDGER_DISCONNECTED')
    case 'needs-app':
      return new AppError('LEDGER_WRONG_APP', {
        message: status.onDashboard
          ? 'Your Ledger is on its dashboard: the Ethereum app is not open.'
          : `The ${status.openApp} app is open on your Ledger, not the Ethereum app.`,
      })
    case 'error':
      if (status.code === 'LEDGER_UNAVAILABLE') return new AppError('LEDGER_UNAVAILABLE', { action: ledgerUnavailableAction(process.platform) })
      if (status.code === 'LEDGER_IN_USE') return new AppError('LEDGER_IN_USE')
      return new AppError('LEDGER_DEVICE_ERROR', { message: status.message })
  }
}

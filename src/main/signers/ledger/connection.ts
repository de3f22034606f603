// Talking to an open Ledger: the Ethereum app's exchanges (app and version, address, personal_sign) through one
// queue per transport, each with a timeout and back as a typed error, and freeing a device whose exchange hangs.

import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { AppError } from '../../../shared/errors'
import { LEDGER_DASHBOARD_APP_NAME, LEDGER_ETHEREUM_APP_NAME, LEDGER_MAX_MESSAGE_BYTES, normalizeDerivationPath } from '../../../shared/ledger'
import { normalizeV, SIGNATURE_BYTES, toChecksumAddress } from '../signature'
import { hex4, isWrongAppError, statusWordOf, toLedgerAppError } from './errors'
import { loadEthApp, type EthAppInstance, type LedgerTransport } from './ledgerhq'
import { defaultTimers, withTimeout, type Timers } from '../../../shared/time-limit'
import { SerialQueue } from './queue'

/** How long to wait for the device. Probes are short because a locked device may never answer. */
export interface LedgerTimeouts {
  /** get app and version (B0 01), app configuration (E0 06). */
  readonly probeMs: number
  /** A silent address read (E0 02, P1 00). */
  readonly addressMs: number
  /** A personal_sign, including the time the person takes to read and confirm on the device. */
  readonly signMs: number
}

export const DEFAULT_LEDGER_TIMEOUTS: LedgerTimeouts = { probeMs: 2_000, addressMs: 5_000, signMs: 300_000 }

export interface AppAndVersion {
  readonly name: string
  readonly version: string
}

export interface LedgerConnectionOptions {
  readonly timeouts?: Partial<LedgerTimeouts>
  readonly timers?: Timers
}

/**
 * One open Ledger transport. After a timeout the transport is stuck (its exchange never settles), so the
 * connection is marked broken and whoever owns it must reopen the device.
 */
export class LedgerConnection {
  readonly transport: LedgerTransport
  readonly timeouts: LedgerTimeouts
  private readonly timers: Timers
  private readonly queue = new SerialQueue()
  private eth: EthAppInstance | undefined
  private brokenFlag = false
  private disconnectedFlag = false
  private readonly disconnectListeners = new Set<() => void>()

  constructor(transport: LedgerTransport, options: LedgerConnectionOptions = {}) {
    this.transport = transport
    this.timeouts = { ...DEFAULT_LEDGER_TIMEOUTS, ...options.timeouts }
    this.timers = options.timers ?? defaultTimers
    transport.on('disconnect', () => {
      this.disconnectedFlag = true
      for (const listener of this.disconnectListeners) listener()
    })
  }

  /** An exchange timed out: the transport will not take another one. */
  get broken(): boolean {
    return this.brokenFlag
  }

  get disconnected(): boolean {
    return this.disconnectedFlag
  }

  /** The product name node-hid reported ("Nano S Plus"), if any. */
  get model(): string | undefined {
    const model = (this.transport as { deviceModel?: { productName?: string } | null }).deviceModel
    return model?.productName
  }

  onDisconnect(listener: () => void): () => void {
    this.disconnectListeners.add(listener)
    return () => this.disconnectListeners.delete(listener)
  }

  /** Which app is open (B0 01): "Ethereum", "BOLOS" on the dashboard, or another app's name. */
  getAppAndVersion(): Promise<AppAndVersion> {
    return this.queue.run(() => this.exchangeAppAndVersion())
  }

  /** The Ethereum app's version (E0 06). */
  getAppConfiguration(): Promise<{ version: string }> {
    return this.queue.run(() =>
      this.guard(async () => {
        const config = await this.ethApp().getAppConfiguration()
        return { version: config.version }
      }, this.timeouts.probeMs),
    )
  }

  /** The EIP-55 address at `path`, read silently (nothing is shown on the device). */
  async getAddress(path: string): Promise<string> {
    const normalized = requirePath(path)
    return this.queue.run(() =>
      this.guard(async () => {
        const result = await this.ethApp().getAddress(normalized, false, false)
        return toChecksumAddress(result.address)
      }, this.timeouts.addressMs),
    )
  }

  /**
   * personal_sign over the exact bytes (the app shows them and signs EIP-191). Resolves to 65 bytes in
   * MetaMask form (v = 27/28, as the app returns it: never 27 subtracted).
   */
  async signPersonalMessage(path: string, message: Uint8Array, onAwaitingConfirmation?: () => void): Promise<Uint8Array> {
    const normalized = requirePath(path)
    if (message.length === 0) throw new AppError('EMPTY_MESSAGE')
    if (message.length > LEDGER_MAX_MESSAGE_BYTES) throw new AppError('LEDGER_MESSAGE_TOO_LONG', { detail: `${message.length} bytes` })
    return this.queue.run(() =>
      this.guard(async () => {
        onAwaitingConfirmation?.()
        const { v, r, s } = await this.ethApp().signPersonalMessage(normalized, bytesToHex(message))
        const signature = new Uint8Array(SIGNATURE_BYTES)
        signature.set(hexToBytes(r.padStart(64, '0')), 0)
        signature.set(hexToBytes(s.padStart(64, '0')), 32)
        signature[64] = v
        return normalizeV(signature)
      }, this.timeouts.signMs),
    )
  }

  /**
   * Releases the device. A stuck exchange would make the transport's own close() wait forever, so a broken
   * connection closes the HID handle underneath it, which ends the pending read.
   */
  async close(): Promise<void> {
    if (this.brokenFlag) {
      forceCloseDevice(this.transport)
      return
    }
    await withTimeout(this.transport.close(), this.timeouts.probeMs, () => new Error('close timed out'), this.timers).catch(() => {
      forceCloseDevice(this.transport)
    })
  }

  private ethApp(): EthAppInstance {
    if (!this.eth) {
      const Eth = loadEthApp()
      this.eth = new Eth(this.transport)
    }
    return this.eth
  }

  private async exchangeAppAndVersion(): Promise<AppAndVersion> {
    return this.guard(async () => {
      const response = await this.transport.send(0xb0, 0x01, 0x00, 0x00)
      return parseAppAndVersion(response)
    }, this.timeouts.probeMs)
  }

  /** Runs one exchange with a timeout and maps its errors; a wrong-app answer is confirmed with B0 01. */
  private async guard<T>(exchange: () => Promise<T>, ms: number): Promise<T> {
    if (this.brokenFlag) throw new AppError('LEDGER_TIMEOUT', { message: 'The Ledger stopped answering; reconnect it.' })
    try {
      return await withTimeout(exchange(), ms, () => new AppError('LEDGER_TIMEOUT'), this.timers)
    } catch (error) {
      if (error instanceof AppError && error.code === 'LEDGER_TIMEOUT') this.brokenFlag = true
      if (isWrongAppError(error)) throw await this.wrongAppError(error)
      throw toLedgerAppError(error)
    }
  }

  private async wrongAppError(cause: unknown): Promise<AppError> {
    const detail = `status word ${hex4(statusWordOf(cause) ?? 0)}`
    try {
      const app = await withTimeout(
        this.transport.send(0xb0, 0x01, 0x00, 0x00).then(parseAppAndVersion),
        this.timeouts.probeMs,
        () => new AppError('LEDGER_TIMEOUT'),
        this.timers,
      )
      if (app.name === LEDGER_ETHEREUM_APP_NAME) {
        // The Ethereum app is open but refused the instruction: an app too old for it.
        return new AppError('LEDGER_DEVICE_ERROR', {
          message: `The Ethereum app ${app.version} on your Ledger does not support this request.`,
          detail,
          cause,
        })
      }
      if (app.name === LEDGER_DASHBOARD_APP_NAME) {
        return new AppError('LEDGER_WRONG_APP', { message: 'Your Ledger is on its dashboard: the Ethereum app is not open.', detail, cause })
      }
      return new AppError('LEDGER_WRONG_APP', { message: `The ${app.name} app is open on your Ledger, not the Ethereum app.`, detail, cause })
    } catch (error) {
      if (error instanceof AppError && error.code === 'LEDGER_TIMEOUT') this.brokenFlag = true
      return new AppError('LEDGER_WRONG_APP', { detail, cause })
    }
  }
}

/** B0 01 answer: format(1) | nameLength | name | versionLength | version | flagsLength | flags | SW. */
export function parseAppAndVersion(response: Uint8Array): AppAndVersion {
  const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes)
  if (response.length < 4 || response[0] !== 0x01) {
    throw new AppError('LEDGER_DEVICE_ERROR', { message: 'The Ledger gave an unexpected answer to "get app and version".' })
  }
  let offset = 1
  const nameLength = response[offset++]!
  const name = ascii(response.subarray(offset, offset + nameLength))
  offset += nameLength
  const versionLength = response[offset++] ?? 0
  const version = ascii(response.subarray(offset, offset + versionLength))
  return { name, version }
}

function requirePath(path: string): string {
  const normalized = normalizeDerivationPath(path)
  if (!normalized) throw new AppError('LEDGER_PATH_INVALID', { detail: path.slice(0, 100) })
  return normalized
}

/**
 * Frees the node-hid handle under a TransportNodeHid whose exchange hangs (its own close() would wait for it).
 * node-hid 3 refuses close() while a read is running ("read is still running"), so the read is interrupted
 * first with pause() (the read then fails, which ends the stuck exchange) and close() is retried until the
 * read has let go.
 */
export function forceCloseDevice(transport: LedgerTransport): void {
  const device = (transport as { device?: { close?: () => void; pause?: () => void } }).device
  if (!device?.close) {
    void transport.close().catch(() => undefined)
    return
  }
  try {
    device.pause?.()
  } catch {
    // No read running, or the handle is already gone.
  }
  const attempt = (attemptsLeft: number): void => {
    try {
      device.close!()
    } catch {
      if (attemptsLeft > 0) setTimeout(() => attempt(attemptsLeft - 1), 100).unref()
    }
  }
  attempt(20)
}


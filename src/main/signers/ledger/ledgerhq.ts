// Ledger's libraries, loaded through require on first use, so commands that never touch a Ledger stay fast.

import { createRequire } from 'node:module'
import type Transport from '@ledgerhq/hw-transport'
import type EthApp from '@ledgerhq/hw-app-eth'

/**
 * Ledger's packages publish an ESM build (`lib-es`) whose imports lack file extensions, so Node's ESM loader
 * cannot import them (ERR_MODULE_NOT_FOUND) from the bundled CLI or the main process. Their CommonJS build
 * works: load it with require (named requireCommonJs: a top-level `require` binding would clash with the
 * ESM shim electron-vite adds to the main bundle).
 */
const requireCommonJs = createRequire(import.meta.url)

export type LedgerTransport = Transport
export type EthAppInstance = EthApp

type EthConstructor = new (transport: Transport) => EthApp

function defaultExport<T>(module: unknown): T {
  const value = module as { default?: T; __esModule?: boolean }
  return (value && value.__esModule && value.default !== undefined ? value.default : module) as T
}

let ethConstructor: EthConstructor | undefined

export function loadEthApp(): EthConstructor {
  ethConstructor ??= defaultExport<EthConstructor>(requireCommonJs('@ledgerhq/hw-app-eth'))
  return ethConstructor
}

/** The node-hid transport class (static list/open/listen; constructor takes a node-hid device). */
export interface TransportNodeHidClass {
  new (device: unknown): Transport
  list(): Promise<string[]>
  open(path: string): Promise<Transport>
  listen(observer: {
    next(event: { type: 'add' | 'remove'; descriptor: string; device?: { product?: string } }): void
    error(error: unknown): void
    complete(): void
  }): { unsubscribe(): void }
}

let transportNodeHid: TransportNodeHidClass | undefined

/** Loads @ledgerhq/hw-transport-node-hid (and with it the native node-hid addon). May throw. */
export function loadTransportNodeHid(): TransportNodeHidClass {
  transportNodeHid ??= defaultExport<TransportNodeHidClass>(requireCommonJs('@ledgerhq/hw-transport-node-hid'))
  return transportNodeHid
}

/** node-hid's own device list (vendor, product name, interface, usagePage), for the device filter. */
export interface HidDeviceInfo {
  readonly path?: string
  readonly vendorId: number
  readonly productId: number
  readonly product?: string
  readonly interface?: number
  readonly usagePage?: number
}

export function loadNodeHidDevices(): (vendorId?: number, productId?: number) => HidDeviceInfo[] {
  const nodeHid = requireCommonJs('node-hid') as { devices: (vendorId?: number, productId?: number) => HidDeviceInfo[] }
  return nodeHid.devices.bind(nodeHid)
}

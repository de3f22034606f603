// The USB side of the Ledger: listing, opening and watching devices through node-hid, and what to say when the
// native module cannot load.

import { accessSync, constants } from 'node:fs'
import { AppError, isAppError } from '../../../shared/errors'
import { ledgerUnavailableAction } from '../../../shared/errors/ledger'
import { isPermissionError, toLedgerAppError } from './errors'
import { loadNodeHidDevices, loadTransportNodeHid, type HidDeviceInfo, type LedgerTransport, type TransportNodeHidClass } from './ledgerhq'

/** Ledger's USB vendor id. */
export const LEDGER_USB_VENDOR_ID = 0x2c97

export interface LedgerDeviceDescriptor {
  /** The HID path (`/dev/hidraw3` on Linux hidraw) that `open` takes. */
  readonly path: string
  readonly product?: string
}

export interface LedgerHotplugEvent {
  readonly type: 'add' | 'remove'
  readonly path: string
}

/** The USB side the device manager needs: enumerate, open, and hear about plugging and unplugging. */
export interface LedgerHidBackend {
  list(): Promise<LedgerDeviceDescriptor[]>
  open(path: string): Promise<LedgerTransport>
  /** Hotplug notifications; absent when the platform has none (the manager then polls). */
  listen?(listener: (event: LedgerHotplugEvent) => void): () => void
}

export interface NodeHidBackendOptions {
  readonly platform?: NodeJS.Platform
  /** Checks read/write access to a device node (throws EACCES like fs.accessSync). */
  readonly checkAccess?: (path: string) => void
  /** node-hid's device list (default: the real module; tests simulate a missing native library). */
  readonly loadDevices?: () => (vendorId?: number, productId?: number) => HidDeviceInfo[]
  readonly loadTransport?: () => TransportNodeHidClass
}

/**
 * True when an error means the native USB module could not be loaded at all (as opposed to a device that
 * answered badly). node-hid loads its binary on first use, so this surfaces from the first list or open:
 * a missing libusb-1.0 on Linux ("libusb-1.0.so.0: cannot open shared object file"), a binary built for
 * another Node or Electron, or no prebuilt binary for this platform.
 */
export function isNativeLoadError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null
  if (e?.code === 'ERR_DLOPEN_FAILED' || e?.code === 'MODULE_NOT_FOUND') return true
  const message = typeof e?.message === 'string' ? e.message : ''
  return /shared object file|libusb|dlopen|NODE_MODULE_VERSION|compiled against a different|native (build|binding|module)|\.node\b.*(not found|invalid ELF|wrong ELF|file too short)/i.test(message)
}

/** LEDGER_UNAVAILABLE with what to do on this platform (install libusb on Linux, reinstall elsewhere). */
export function ledgerUnavailable(cause: unknown, platform: NodeJS.Platform = process.platform): AppError {
  return new AppError('LEDGER_UNAVAILABLE', {
    action: ledgerUnavailableAction(platform),
    detail: String((cause as Error)?.message ?? cause).split('\n')[0]!.slice(0, 200),
    cause,
  })
}

/**
 * Ledger's device filter (hw-transport-node-hid-noevents getDevices): interface 0 on Linux, usage page 0xffa0 on
 * Windows and macOS, where one device shows several HID interfaces.
 */
export function isLedgerHidInterface(device: HidDeviceInfo, platform: NodeJS.Platform): boolean {
  if (device.vendorId !== LEDGER_USB_VENDOR_ID || !device.path) return false
  return platform === 'win32' || platform === 'darwin' ? device.usagePage === 0xffa0 : device.interface === 0
}

/** The real USB backend: node-hid through @ledgerhq/hw-transport-node-hid, loaded on first use. */
export function createNodeHidBackend(options: NodeHidBackendOptions = {}): LedgerHidBackend {
  const platform = options.platform ?? process.platform
  const checkAccess = options.checkAccess ?? ((path: string) => accessSync(path, constants.R_OK | constants.W_OK))
  const loadDevices = options.loadDevices ?? loadNodeHidDevices
  const loadTransport = options.loadTransport ?? loadTransportNodeHid

  /** Runs a step that may be the first to touch the native module: a load failure is LEDGER_UNAVAILABLE. */
  const native = <T>(step: () => T): T => {
    try {
      return step()
    } catch (cause) {
      if (isAppError(cause)) throw cause
      if (isNativeLoadError(cause)) throw ledgerUnavailable(cause, platform)
      throw toLedgerAppError(cause)
    }
  }

  return {
    async list() {
      // The binding loads inside devices(), not when node-hid is required: both steps are guarded.
      const devices = native(() => loadDevices()(LEDGER_USB_VENDOR_ID, 0))
      return devices.filter((device) => isLedgerHidInterface(device, platform)).map((device) => ({ path: device.path!, ...(device.product ? { product: device.product } : {}) }))
    },
    async open(path) {
      const TransportNodeHid = native(loadTransport)
      try {
        return await TransportNodeHid.open(path)
      } catch (error) {
        if (isNativeLoadError(error)) throw ledgerUnavailable(error, platform)
        // node-hid reports "cannot open device with path …" without the errno: ask the OS whether it is EACCES.
        if (isPermissionError(error) || (platform === 'linux' && path.startsWith('/dev/') && lacksAccess(checkAccess, path))) {
          throw new AppError('LEDGER_PERMISSION_DENIED', { detail: path, cause: error })
        }
        // The device is listed and we may open it, yet it will not open: another program holds it (Ledger Live,
        // a browser's WebHID), which hidapi's exclusive open on macOS and Windows refuses.
        if (/cannot open device/i.test(String((error as Error)?.message ?? ''))) throw new AppError('LEDGER_IN_USE', { detail: path, cause: error })
        throw toLedgerAppError(error)
      }
    },
    listen(listener) {
      const TransportNodeHid = native(loadTransport)
      const subscription = TransportNodeHid.listen({
        next: (event) => listener({ type: event.type, path: event.descriptor }),
        error: () => undefined,
        complete: () => undefined,
      })
      return () => subscription.unsubscribe()
    },
  }
}

function lacksAccess(checkAccess: (path: string) => void, path: string): boolean {
  try {
    checkAccess(path)
    return false
  } catch (error) {
    return isPermissionError(error)
  }
}

import { accessSync, constants } from 'node:fs'
import { AppError } from '../../../shared/errors'
import { isPermissionError, toLedgerAppError } from './errors'
import { loadNodeHidDevices, loadTransportNodeHid, type HidDeviceInfo, type LedgerTransport } from './ledgerhq'

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

  const load = <T>(loader: () => T): T => {
    try {
      return loader()
    } catch (cause) {
      throw new AppError('LEDGER_UNAVAILABLE', { detail: String((cause as Error)?.message ?? cause).slice(0, 200), cause })
    }
  }

  return {
    async list() {
      const devices = load(loadNodeHidDevices)(LEDGER_USB_VENDOR_ID, 0)
      return devices.filter((device) => isLedgerHidInterface(device, platform)).map((device) => ({ path: device.path!, ...(device.product ? { product: device.product } : {}) }))
    },
    async open(path) {
      const TransportNodeHid = load(loadTransportNodeHid)
      try {
        return await TransportNodeHid.open(path)
      } catch (error) {
        // node-hid reports "cannot open device with path …" without the errno: ask the OS whether it is EACCES.
        if (isPermissionError(error) || (platform === 'linux' && path.startsWith('/dev/') && lacksAccess(checkAccess, path))) {
          throw new AppError('LEDGER_PERMISSION_DENIED', { detail: path, cause: error })
        }
        throw toLedgerAppError(error)
      }
    },
    listen(listener) {
      const TransportNodeHid = load(loadTransportNodeHid)
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

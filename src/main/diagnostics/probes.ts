/**
 * What the doctor asks of the machine, behind one interface so the checks are tested with fakes: the file
 * system (modes, udev rules, sysfs), USB (the HID module, the Ledger's state), the network (the NumerBay API
 * with its Date header, the WalletConnect relay) and the disk (free space, a write test). `realProbes()` is
 * the machine itself; every probe answers or throws, and the checks turn both into a status.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, readdir, readFile, rm, stat, statfs, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LedgerStatus } from '../../shared/ledger'
import { AppError } from '../../shared/errors'
import { createLedgerDeviceManager } from '../signers/ledger/device-manager'
import { createNodeHidBackend, LEDGER_USB_VENDOR_ID } from '../signers/ledger/hid'
import { ledgerBackendFor, parseLedgerTransportEnv } from '../signers/ledger/transport-from-env'
import { probeRelay } from '../signers/walletconnect/relay-probe'

export interface FileInfo {
  readonly mode: number
  readonly isDirectory: boolean
  readonly isFile: boolean
}

export interface HttpAnswer {
  readonly status: number
  /** The Date header, if any. */
  readonly date: string | null
  /** Local clock when the request was sent and when the answer arrived (ms). */
  readonly sentAt: number
  readonly receivedAt: number
  readonly body: string
}

export interface DiagnosticsProbes {
  /** Loads the USB HID module and lists Ledgers (throws LEDGER_UNAVAILABLE when the native library is missing). */
  usbModule(ledgerTransport: string | undefined): Promise<void>
  /** The Ledger's state as a device manager sees it after one probe (opens the device briefly). */
  ledgerStatus(ledgerTransport: string | undefined): Promise<LedgerStatus>
  /** Linux: device nodes of connected Ledgers (/dev/hidrawN, /dev/bus/usb/BBB/DDD), from sysfs. */
  ledgerDeviceNodes(): Promise<string[]>
  /** Linux: the text of every udev rules file in the standard folders, by path. */
  udevRules(): Promise<ReadonlyMap<string, string>>
  stat(path: string): Promise<FileInfo | null>
  readDir(path: string): Promise<string[]>
  /** Read and write access to a path for this user. */
  canReadWrite(path: string): Promise<boolean>
  /** Creates and removes a small file in `dir` (throws why it cannot). */
  writeTest(dir: string): Promise<void>
  freeBytes(path: string): Promise<number>
  /** GET the URL (no redirects followed beyond fetch's own, short timeout). */
  httpGet(url: string, timeoutMs: number): Promise<HttpAnswer>
  relayReachable(url: string, timeoutMs: number): Promise<boolean>
  now(): number
}

const UDEV_DIRS = ['/etc/udev/rules.d', '/run/udev/rules.d', '/lib/udev/rules.d', '/usr/lib/udev/rules.d']
const LEDGER_VENDOR_HEX = LEDGER_USB_VENDOR_ID.toString(16).padStart(4, '0')
const LEDGER_PROBE_TIMEOUT_MS = 8_000

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return null
  }
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path)
  } catch {
    return []
  }
}

/** sysfs: hidraw nodes whose HID_ID names Ledger's vendor, and USB device nodes with idVendor 2c97. */
async function linuxLedgerNodes(): Promise<string[]> {
  const nodes: string[] = []
  for (const name of await listDir('/sys/class/hidraw')) {
    const uevent = await readIfExists(join('/sys/class/hidraw', name, 'device', 'uevent'))
    if (uevent && new RegExp(`HID_ID=[0-9A-F]{4}:0000${LEDGER_VENDOR_HEX}:`, 'i').test(uevent)) nodes.push(`/dev/${name}`)
  }
  for (const name of await listDir('/sys/bus/usb/devices')) {
    const vendor = (await readIfExists(join('/sys/bus/usb/devices', name, 'idVendor')))?.trim()
    if (vendor?.toLowerCase() !== LEDGER_VENDOR_HEX) continue
    const bus = (await readIfExists(join('/sys/bus/usb/devices', name, 'busnum')))?.trim()
    const dev = (await readIfExists(join('/sys/bus/usb/devices', name, 'devnum')))?.trim()
    if (bus && dev) nodes.push(`/dev/bus/usb/${bus.padStart(3, '0')}/${dev.padStart(3, '0')}`)
  }
  return nodes
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([promise, new Promise<T>((resolve) => (timer = setTimeout(() => resolve(onTimeout()), ms)))]).finally(() => clearTimeout(timer))
}

/** The machine itself. */
export function realProbes(): DiagnosticsProbes {
  return {
    async usbModule(ledgerTransport) {
      // The emulator replaces USB entirely (development): nothing native to load.
      if (parseLedgerTransportEnv(ledgerTransport)) return
      await createNodeHidBackend().list()
    },
    async ledgerStatus(ledgerTransport) {
      const manager = createLedgerDeviceManager({ backend: await ledgerBackendFor(ledgerTransport), watch: false })
      try {
        return await withTimeout(manager.refresh(), LEDGER_PROBE_TIMEOUT_MS, () => ({ state: 'error', code: 'LEDGER_TIMEOUT', message: new AppError('LEDGER_TIMEOUT').message }))
      } finally {
        await manager.close().catch(() => undefined)
      }
    },
    ledgerDeviceNodes: linuxLedgerNodes,
    async udevRules() {
      const rules = new Map<string, string>()
      for (const dir of UDEV_DIRS) {
        for (const name of await listDir(dir)) {
          if (!name.endsWith('.rules')) continue
          const text = await readIfExists(join(dir, name))
          if (text !== null) rules.set(join(dir, name), text)
        }
      }
      return rules
    },
    async stat(path) {
      try {
        const info = await stat(path)
        return { mode: info.mode, isDirectory: info.isDirectory(), isFile: info.isFile() }
      } catch {
        return null
      }
    },
    readDir: listDir,
    async canReadWrite(path) {
      try {
        await access(path, constants.R_OK | constants.W_OK)
        return true
      } catch {
        return false
      }
    },
    async writeTest(dir) {
      const probe = join(dir, `.numerbay-doctor-${randomBytes(6).toString('hex')}`)
      await writeFile(probe, 'numerbay doctor write test\n', { flag: 'wx', mode: 0o600 })
      await rm(probe, { force: true })
    },
    async freeBytes(path) {
      const info = await statfs(path)
      return info.bavail * info.bsize
    },
    async httpGet(url, timeoutMs) {
      const sentAt = Date.now()
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) })
      const body = await response.text()
      return { status: response.status, date: response.headers.get('date'), sentAt, receivedAt: Date.now(), body }
    },
    relayReachable: (url, timeoutMs) => probeRelay(url, timeoutMs),
    now: () => Date.now(),
  }
}

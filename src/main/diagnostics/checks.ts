/**
 * The doctor's checks, in the order a person fixes things: versions; USB and the Ledger; WalletConnect; the
 * NumerBay API and the clock; the data folder and key files; the download folder and free space. Each check
 * is a function of the inputs and the probes (see probes.ts), returns one DiagnosticCheck and never throws:
 * a probe that throws is itself the finding. `runChecks(input, probes)` runs them all (network and USB at the
 * same time) and returns the report.
 *
 * What each check means and its fix are documented for users in docs/user/troubleshooting.md.
 */
import { WALLETCONNECT_DASHBOARD_URL } from '../../shared/links'
import { dirname, join } from 'node:path'
import {
  CHECK_IDS,
  type CheckId,
  type CheckStatus,
  type DiagnosticCheck,
  type DiagnosticsReport,
  type DiagnosticVersions,
} from '../../shared/diagnostics'
import { errorCatalog, isAppError } from '../../shared/errors'
import { LEDGER_UDEV_INSTALL_COMMAND, ledgerUnavailableAction } from '../../shared/errors/ledger'
import type { LedgerStatus } from '../../shared/ledger'
import { formatBytes } from '../../shared/format-bytes'
import { ALTERNATE_PUBLIC_RELAY_URL, isPublicRelay, PUBLIC_RELAY_URL } from '../signers/walletconnect/config'
import type { DiagnosticsProbes } from './probes'

export const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
  versions: 'Versions',
  'usb-module': 'USB access (node-hid)',
  'udev-rule': 'Ledger udev rule',
  'hid-access': 'Permission to open the Ledger',
  ledger: 'Ledger',
  'ethereum-app': 'Ethereum app',
  'walletconnect-project': 'WalletConnect project id',
  'walletconnect-relay': 'WalletConnect relay',
  api: 'NumerBay API',
  clock: 'Clock',
  'data-folder': 'Data folder',
  'key-files': 'Key files',
  'download-folder': 'Download folder',
  'free-space': 'Free space',
}

/** The bytes the next sync would fetch, or why that cannot be known (not signed in). */
export type NextSync = { readonly bytes: number; readonly files: number } | { readonly unknown: string }

export interface DiagnosticsInput {
  /** NUMERBAY_LEDGER_TRANSPORT's value (src/main/config): the emulator stands in for USB when it names it. */
  readonly ledgerTransport?: string | undefined
  readonly platform: NodeJS.Platform
  readonly versions: DiagnosticVersions
  readonly dataDir: string
  readonly apiUrl: string
  /** As src/main/config resolved them (environment, then settings). */
  readonly walletConnect: { readonly projectId?: string | undefined; readonly relayUrl?: string | undefined }
  /** Where sync writes (the app's setting, `doctor --out`), or null when none was chosen. */
  readonly downloadDir: string | null
  /** A key file outside the data folder to check (NUMERBAY_KEY_PATH), when it exists. */
  readonly keyFilePath?: string | null
  /** The Ledger as the running app sees it; absent or null (no connection yet): the doctor opens the device itself. */
  readonly ledgerStatus?: () => Promise<LedgerStatus | null>
  /** What the next sync would fetch into downloadDir. */
  readonly nextSync: () => Promise<NextSync>
  /** Network timeouts (default 8 s). */
  readonly timeoutMs?: number
}

type Check = Omit<DiagnosticCheck, 'title'>

const ok = (id: CheckId, summary: string): Check => ({ id, status: 'ok', summary })
const warning = (id: CheckId, summary: string, fix: string): Check => ({ id, status: 'warning', summary, fix })
const failed = (id: CheckId, summary: string, fix: string): Check => ({ id, status: 'failed', summary, fix })
const skipped = (id: CheckId, summary: string): Check => ({ id, status: 'skipped', summary })

function reason(error: unknown): string {
  if (isAppError(error)) return error.message
  const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | null
  const code = typeof e?.cause?.code === 'string' ? e.cause.code : typeof e?.code === 'string' ? e.code : null
  const message = typeof e?.message === 'string' ? e.message : String(error)
  return code && !message.includes(code) ? `${message} (${code})` : message
}

function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(3, '0')
}

// ---- USB and the Ledger ------------------------------------------------------------------------------------

async function usbModule(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<Check> {
  try {
    await probes.usbModule(input.ledgerTransport)
    if (input.ledgerTransport?.startsWith('emulator:')) return ok('usb-module', 'The Ledger emulator stands in for USB (NUMERBAY_LEDGER_TRANSPORT).')
    return ok('usb-module', 'The USB HID module loads.')
  } catch (error) {
    return failed('usb-module', `The USB HID module cannot be loaded: ${isAppError(error) && error.detail ? error.detail : reason(error)}.`, ledgerUnavailableAction(input.platform))
  }
}

function ledgerChecks(status: LedgerStatus | null, input: DiagnosticsInput, usb: Check): [Check, Check] {
  const appSkipped = (why: string): Check => skipped('ethereum-app', why)
  if (usb.status === 'failed') return [skipped('ledger', 'USB access is not available (see above).'), appSkipped('USB access is not available.')]
  if (!status) return [skipped('ledger', 'The Ledger could not be asked.'), appSkipped('The Ledger could not be asked.')]
  const model = 'model' in status && status.model ? ` (${status.model})` : ''
  switch (status.state) {
    case 'no-device':
      return [
        warning('ledger', 'No Ledger is connected.', 'Connect your Ledger with its USB cable and unlock it; ignore this if you sign with a phone wallet.'),
        appSkipped('No Ledger is connected.'),
      ]
    case 'permission-denied':
      return [
        failed('ledger', 'A Ledger is connected but this user may not open it (permission denied).', `Install the udev rule, then unplug and replug the Ledger: ${LEDGER_UDEV_INSTALL_COMMAND}`),
        appSkipped('The Ledger cannot be opened.'),
      ]
    case 'locked':
      return [ok('ledger', `A Ledger is connected${model}.`), warning('ethereum-app', 'The Ledger is locked.', 'Enter your PIN on the Ledger, then open the Ethereum app.')]
    case 'busy':
      return [ok('ledger', `A Ledger is connected${model}.`), warning('ethereum-app', 'The Ledger is showing another screen.', 'Finish or cancel what the Ledger shows, then open the Ethereum app.')]
    case 'needs-app':
      return [
        ok('ledger', `A Ledger is connected${model}.`),
        warning(
          'ethereum-app',
          status.onDashboard ? 'The Ledger is on its dashboard: the Ethereum app is not open.' : `The ${status.openApp} app is open, not the Ethereum app.`,
          'Open the Ethereum app on the Ledger.',
        ),
      ]
    case 'ready':
      return [ok('ledger', `A Ledger is connected${model}.`), ok('ethereum-app', `The Ethereum app ${status.appVersion} is open.`)]
    case 'awaiting-confirmation':
      return [ok('ledger', `A Ledger is connected${model} and waiting for you to confirm.`), ok('ethereum-app', 'The Ethereum app is open.')]
    case 'disconnected':
      return [warning('ledger', 'The Ledger was disconnected.', 'Reconnect the Ledger and unlock it.'), appSkipped('The Ledger was disconnected.')]
    case 'error':
      if (status.code === 'LEDGER_IN_USE') {
        return [failed('ledger', 'A Ledger is connected but another program is using it.', errorCatalog.LEDGER_IN_USE.action), appSkipped('The Ledger is held by another program.')]
      }
      if (status.code === 'LEDGER_UNAVAILABLE') return [skipped('ledger', 'USB access is not available (see above).'), appSkipped('USB access is not available.')]
      return [failed('ledger', `The Ledger gave an error: ${status.message}`, 'Unplug and replug the Ledger, unlock it and open the Ethereum app, then run the check again.'), appSkipped('The Ledger gave an error.')]
  }
}

async function udevRule(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<Check> {
  if (input.platform !== 'linux') return skipped('udev-rule', 'Only Linux needs a udev rule.')
  const rules = await probes.udevRules()
  const ledgerRule = [...rules].find(([, text]) => text.split('\n').some((line) => !line.trim().startsWith('#') && /idVendor}?\s*==\s*"?2c97"?/i.test(line)))
  if (ledgerRule) return ok('udev-rule', `Ledger's rule (vendor 2c97) is installed: ${ledgerRule[0]}.`)
  return warning('udev-rule', 'No udev rule for Ledger devices (vendor 2c97) is installed, so only root may open a Ledger.', `Install it, then replug the Ledger: ${LEDGER_UDEV_INSTALL_COMMAND}`)
}

async function hidAccess(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<Check> {
  if (input.platform !== 'linux') return skipped('hid-access', 'Only Linux restricts device nodes per user.')
  const nodes = await probes.ledgerDeviceNodes()
  if (nodes.length === 0) return skipped('hid-access', 'No Ledger is connected: plug it in to check.')
  const denied: string[] = []
  for (const node of nodes) if (!(await probes.canReadWrite(node))) denied.push(node)
  if (denied.length === 0) return ok('hid-access', `This user can open the Ledger (${nodes.join(', ')}).`)
  return failed('hid-access', `This user may not open ${denied.join(', ')}.`, `Install the udev rule, then unplug and replug the Ledger: ${LEDGER_UDEV_INSTALL_COMMAND}`)
}

// ---- WalletConnect -----------------------------------------------------------------------------------------

function relayUrlOf(input: DiagnosticsInput): string {
  return input.walletConnect.relayUrl?.trim() || PUBLIC_RELAY_URL
}

function walletConnectProject(input: DiagnosticsInput): Check {
  const relay = relayUrlOf(input)
  if (!isPublicRelay(relay)) return ok('walletconnect-project', `Not needed: the relay ${relay} is not the public one.`)
  const projectId = input.walletConnect.projectId?.trim()
  if (projectId) return ok('walletconnect-project', 'A project id is set.')
  return warning(
    'walletconnect-project',
    'No WalletConnect project id is set, so phone wallets cannot connect.',
    `Create a free project id at ${WALLETCONNECT_DASHBOARD_URL} and enter it in Settings (or set NUMERBAY_WC_PROJECT_ID); ignore this if you sign with a Ledger.`,
  )
}

async function walletConnectRelay(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<Check> {
  const relay = relayUrlOf(input)
  const timeout = input.timeoutMs ?? 8_000
  const reachable = await probes.relayReachable(relay, timeout).catch(() => false)
  if (reachable) return ok('walletconnect-relay', `The relay ${relay} answers.`)
  if (isPublicRelay(relay)) {
    // The SDK works with either public host; some networks block one of them.
    const alternate = relay.replace(/\/+$/, '') === ALTERNATE_PUBLIC_RELAY_URL ? PUBLIC_RELAY_URL : ALTERNATE_PUBLIC_RELAY_URL
    if (await probes.relayReachable(alternate, timeout).catch(() => false)) {
      return warning('walletconnect-relay', `The relay ${relay} does not answer from this network, but ${alternate} does.`, `Use the other relay: set NUMERBAY_WC_RELAY_URL=${alternate} (or the relay setting), then reconnect your phone wallet.`)
    }
    return failed('walletconnect-relay', `Neither ${relay} nor ${alternate} answers.`, 'Check the internet connection, and that a firewall or proxy allows WebSocket (wss) connections to them.')
  }
  return failed('walletconnect-relay', `The relay ${relay} does not answer.`, 'Start that relay, or unset NUMERBAY_WC_RELAY_URL to use the public one.')
}

// ---- NumerBay API and clock --------------------------------------------------------------------------------

interface ApiOutcome {
  readonly check: Check
  readonly clock: Check
}

const CLOCK_OK_MS = 60_000
const CLOCK_FAIL_MS = 10 * 60_000

async function apiAndClock(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<ApiOutcome> {
  const url = `${input.apiUrl.replace(/\/+$/, '')}/globals/`
  let answer
  try {
    answer = await probes.httpGet(url, input.timeoutMs ?? 8_000)
  } catch (error) {
    return {
      check: failed('api', `${input.apiUrl} cannot be reached: ${reason(error)}.`, 'Check the internet connection, and the API address (Settings, NUMERBAY_API_URL or --api).'),
      clock: skipped('clock', 'The NumerBay API could not be reached to compare clocks.'),
    }
  }
  let round: number | null = null
  try {
    const parsed = JSON.parse(answer.body) as { selling_round?: unknown }
    if (typeof parsed.selling_round === 'number') round = parsed.selling_round
  } catch {
    // not JSON: judged below
  }
  const ms = answer.receivedAt - answer.sentAt
  const check =
    answer.status === 200 && round !== null
      ? ok('api', `${input.apiUrl} answers (selling round ${round}, ${ms} ms).`)
      : failed('api', `${input.apiUrl} answered HTTP ${answer.status}${round === null ? ' without NumerBay data' : ''}.`, 'Check the API address (Settings, NUMERBAY_API_URL or --api); the default is https://numerbay.ai/backend-api/v1.')
  const serverTime = answer.date ? Date.parse(answer.date) : Number.NaN
  if (Number.isNaN(serverTime)) return { check, clock: skipped('clock', 'The server sent no Date header to compare with.') }
  // The Date header has one-second resolution and was stamped somewhere during the round trip.
  const skew = Math.round(((answer.sentAt + answer.receivedAt) / 2 - serverTime) / 1000)
  const words = `${Math.abs(skew)} s ${skew >= 0 ? 'ahead of' : 'behind'} the server`
  const fix = 'Turn on automatic date and time (network time) in your system settings.'
  if (Math.abs(skew) * 1000 <= CLOCK_OK_MS) return { check, clock: ok('clock', `This computer's clock is ${words}.`) }
  if (Math.abs(skew) * 1000 < CLOCK_FAIL_MS) return { check, clock: warning('clock', `This computer's clock is ${words}.`, fix) }
  return { check, clock: failed('clock', `This computer's clock is ${words}: secure connections and sign-in can fail.`, fix) }
}

// ---- Folders and files -------------------------------------------------------------------------------------

async function dataFolder(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<Check> {
  const info = await probes.stat(input.dataDir)
  if (!info) return ok('data-folder', `${input.dataDir} does not exist yet; it is created private on first use.`)
  if (!info.isDirectory) return failed('data-folder', `${input.dataDir} is not a folder.`, 'Move that file away, or point NUMERBAY_DATA_DIR at a folder.')
  if (input.platform === 'win32') return ok('data-folder', `${input.dataDir} exists (Windows keeps it private to your account).`)
  if ((info.mode & 0o077) !== 0) return failed('data-folder', `${input.dataDir} is readable by other users (mode ${octal(info.mode)}).`, `Make it private: chmod 700 "${input.dataDir}"`)
  return ok('data-folder', `${input.dataDir} is private (mode 700).`)
}

/** Files under the data folder that hold keys or sessions (the keyring, WalletConnect), and the key file. */
async function secretFiles(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<string[]> {
  const files: string[] = []
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const name of await probes.readDir(dir)) {
      const path = join(dir, name)
      const info = await probes.stat(path)
      if (info?.isFile) files.push(path)
      else if (info?.isDirectory && depth < 3) await walk(path, depth + 1)
    }
  }
  for (const folder of ['keyring', 'walletconnect']) await walk(join(input.dataDir, folder), 0)
  if (input.keyFilePath && (await probes.stat(input.keyFilePath))?.isFile) files.push(input.keyFilePath)
  return files
}

async function keyFiles(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<Check> {
  if (input.platform === 'win32') return skipped('key-files', 'File modes are not used on Windows.')
  const files = await secretFiles(input, probes)
  if (files.length === 0) return ok('key-files', 'No key or session files yet.')
  const open: string[] = []
  for (const file of files) {
    const info = await probes.stat(file)
    if (info && (info.mode & 0o077) !== 0) open.push(`${file} (${octal(info.mode)})`)
  }
  if (open.length === 0) return ok('key-files', `${files.length} key and session file(s), all readable by you only (0600).`)
  return failed('key-files', `Readable by other users: ${open.join(', ')}.`, `Make them private: chmod 600 ${open.map((entry) => `"${entry.replace(/ \(\d+\)$/, '')}"`).join(' ')}`)
}

/** The folder itself, or the nearest parent that exists (sync creates the rest). */
async function existingAncestor(path: string, probes: DiagnosticsProbes): Promise<string | null> {
  for (let current = path; ; current = dirname(current)) {
    if (await probes.stat(current)) return current
    if (dirname(current) === current) return null
  }
}

async function downloadFolder(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<{ check: Check; where: string | null }> {
  const dir = input.downloadDir
  if (!dir) return { check: skipped('download-folder', 'No download folder is chosen yet (Purchases in the app, --out on the command line).'), where: null }
  const where = await existingAncestor(dir, probes)
  if (!where) return { check: failed('download-folder', `Neither ${dir} nor any folder above it exists.`, 'Choose a download folder on a disk that is mounted.'), where: null }
  const info = await probes.stat(where)
  if (!info?.isDirectory) return { check: failed('download-folder', `${where} is a file, not a folder.`, 'Choose another download folder.'), where: null }
  try {
    await probes.writeTest(where)
  } catch (error) {
    return { check: failed('download-folder', `${where} cannot be written: ${reason(error)}.`, 'Choose a folder you can write to, or fix its permissions.'), where }
  }
  return { check: ok('download-folder', where === dir ? `${dir} can be written.` : `${dir} will be created in ${where}, which can be written.`), where }
}

async function freeSpace(input: DiagnosticsInput, probes: DiagnosticsProbes, where: string | null): Promise<Check> {
  if (!where) return skipped('free-space', 'There is no usable download folder to check.')
  let free: number
  try {
    free = await probes.freeBytes(where)
  } catch (error) {
    return skipped('free-space', `The free space of ${where} cannot be read: ${reason(error)}.`)
  }
  let next: NextSync
  try {
    next = await input.nextSync()
  } catch (error) {
    next = { unknown: `the next sync could not be planned: ${reason(error)}` }
  }
  if ('unknown' in next) return skipped('free-space', `${formatBytes(free)} free in ${where}; ${next.unknown}.`)
  // Room for a file being decrypted next to its download, and for the rest of the disk's users.
  const margin = Math.max(100 * 1024 * 1024, next.bytes * 0.1)
  const summary = `The next sync fetches ${formatBytes(next.bytes)} (${next.files} file(s)); ${formatBytes(free)} is free.`
  if (free < next.bytes) return failed('free-space', summary, `Free up ${formatBytes(next.bytes - free)} or more, or choose a download folder on another disk.`)
  if (free < next.bytes + margin) return warning('free-space', summary, 'Free up some space first: the disk would be nearly full after the sync.')
  return ok('free-space', summary)
}

// ---- The report --------------------------------------------------------------------------------------------

function versionsCheck(versions: DiagnosticVersions): Check {
  const runtime = versions.runtime === 'electron' ? `Electron ${versions.electron ?? '?'} (Node ${versions.node})` : `Node ${versions.node}`
  return ok('versions', `NumerBay Desktop ${versions.app}, ${runtime}, ${versions.os}.`)
}

async function settle<T>(promise: Promise<T>, fallback: (error: unknown) => T): Promise<T> {
  try {
    return await promise
  } catch (error) {
    return fallback(error)
  }
}

/** Runs every check and returns the report, checks in CHECK_IDS order. Never throws. */
export async function runChecks(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<DiagnosticsReport> {
  const internal = (id: CheckId) => (error: unknown): Check => failed(id, `The check itself failed: ${reason(error)}.`, 'Run the check again; if it keeps failing, send the support bundle (doctor --bundle FILE).')
  // Network and USB probes wait on the outside world: run them together.
  const [usb, udev, hid, relay, api, data, keys, download] = await Promise.all([
    settle(usbModule(input, probes), internal('usb-module')),
    settle(udevRule(input, probes), internal('udev-rule')),
    settle(hidAccess(input, probes), internal('hid-access')),
    settle(walletConnectRelay(input, probes), internal('walletconnect-relay')),
    settle(apiAndClock(input, probes), (error) => ({ check: internal('api')(error), clock: skipped('clock', 'The NumerBay API check failed.') })),
    settle(dataFolder(input, probes), internal('data-folder')),
    settle(keyFiles(input, probes), internal('key-files')),
    settle(downloadFolder(input, probes), (error) => ({ check: internal('download-folder')(error), where: null })),
  ])
  // The app asks its own connection (opening the device twice would look like another program holding it); when
  // it has none yet, nobody holds the device and the doctor opens it itself.
  const status = usb.status === 'failed' ? null : await settle((async () => (await input.ledgerStatus?.()) ?? (await probes.ledgerStatus(input.ledgerTransport)))(), () => null)
  const [ledger, app] = ledgerChecks(status, input, usb)
  const space = await settle(freeSpace(input, probes, download.where), internal('free-space'))
  const byId = new Map<CheckId, Check>(
    [versionsCheck(input.versions), usb, udev, hid, ledger, app, walletConnectProject(input), relay, api.check, api.clock, data, keys, download.check, space].map((check) => [check.id, check]),
  )
  const checks = CHECK_IDS.map((id) => ({ ...byId.get(id)!, title: CHECK_TITLES[id] }))
  const counts: Record<CheckStatus, number> = { ok: 0, warning: 0, failed: 0, skipped: 0 }
  for (const check of checks) counts[check.status]++
  return { generatedAt: new Date(probes.now()).toISOString(), versions: input.versions, checks, counts }
}

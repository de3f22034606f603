// The doctor's checks against fake probes: every status each check can give, and the fix it names.
import { describe, expect, it } from 'vitest'
import { runChecks, type DiagnosticsInput, type DiagnosticsProbes } from '../../../src/main/diagnostics'
import type { FileInfo, HttpAnswer } from '../../../src/main/diagnostics/probes'
import { CHECK_IDS, type CheckId, type DiagnosticsReport } from '../../../src/shared/diagnostics'
import { AppError } from '../../../src/shared/errors'
import type { LedgerStatus } from '../../../src/shared/ledger'

const NOW = Date.parse('2026-06-01T12:00:00Z')
const DIR = 0o040000
const FILE = 0o100000

interface Machine {
  files: Record<string, FileInfo>
  rules: Record<string, string>
  nodes: string[]
  denied: string[]
  ledger: LedgerStatus
  usbError: unknown
  relays: Record<string, boolean>
  api: HttpAnswer | Error
  free: number
  writeError: Error | null
}

function machine(overrides: Partial<Machine> = {}): Machine {
  return {
    files: { '/data': { mode: DIR | 0o700, isDirectory: true, isFile: false }, '/dl': { mode: DIR | 0o755, isDirectory: true, isFile: false } },
    rules: { '/etc/udev/rules.d/20-hw1.rules': 'SUBSYSTEMS=="usb", ATTRS{idVendor}=="2c97", MODE="0660", TAG+="uaccess"\n' },
    nodes: [],
    denied: [],
    ledger: { state: 'no-device' },
    usbError: null,
    relays: { 'wss://relay.walletconnect.org': true, 'wss://relay.walletconnect.com': true },
    api: { status: 200, date: new Date(NOW).toUTCString(), sentAt: NOW - 50, receivedAt: NOW + 50, body: '{"selling_round":812}' },
    free: 50 * 1024 ** 3,
    writeError: null,
    ...overrides,
  }
}

function probes(m: Machine): DiagnosticsProbes {
  return {
    usbModule: async () => {
      if (m.usbError) throw m.usbError
    },
    ledgerStatus: async () => m.ledger,
    ledgerDeviceNodes: async () => m.nodes,
    udevRules: async () => new Map(Object.entries(m.rules)),
    stat: async (path) => m.files[path] ?? null,
    readDir: async (path) => Object.keys(m.files).filter((file) => file.startsWith(`${path}/`) && !file.slice(path.length + 1).includes('/')).map((file) => file.slice(path.length + 1)),
    canReadWrite: async (path) => !m.denied.includes(path),
    writeTest: async () => {
      if (m.writeError) throw m.writeError
    },
    freeBytes: async () => m.free,
    httpGet: async () => {
      if (m.api instanceof Error) throw m.api
      return m.api
    },
    relayReachable: async (url) => m.relays[url] ?? false,
    now: () => NOW,
  }
}

function input(overrides: Partial<DiagnosticsInput> = {}): DiagnosticsInput {
  return {
    platform: 'linux',
    versions: { app: '0.1.0', runtime: 'node', node: '20.20.2', os: 'Linux 6.1.0 x64' },
    dataDir: '/data',
    apiUrl: 'https://numerbay.ai/backend-api/v1',
    walletConnect: { projectId: 'abc123' },
    downloadDir: '/dl',
    nextSync: async () => ({ bytes: 2 * 1024 ** 3, files: 4 }),
    ...overrides,
  }
}

async function run(m: Partial<Machine> = {}, i: Partial<DiagnosticsInput> = {}): Promise<DiagnosticsReport> {
  return runChecks(input(i), probes(machine(m)))
}

function check(report: DiagnosticsReport, id: CheckId) {
  return report.checks.find((entry) => entry.id === id)!
}

describe('the doctor report', () => {
  it('lists every check once, in order, with counts that add up, and a fix for every warning and failure', async () => {
    const report = await run({ usbError: new Error('x'), api: new Error('fetch failed') })
    expect(report.checks.map((entry) => entry.id)).toEqual([...CHECK_IDS])
    expect(Object.values(report.counts).reduce((a, b) => a + b, 0)).toBe(CHECK_IDS.length)
    for (const entry of report.checks) {
      expect(entry.title).not.toBe('')
      if (entry.status === 'warning' || entry.status === 'failed') expect(entry.fix, entry.id).toMatch(/\S/)
      else expect(entry.fix, entry.id).toBeUndefined()
    }
  })

  it('a healthy machine with a ready Ledger is all ok (hid access skipped only without a device node)', async () => {
    const report = await run({ ledger: { state: 'ready', appVersion: '1.19.1', model: 'Nano S Plus' }, nodes: ['/dev/hidraw3'] })
    expect(report.checks.filter((entry) => entry.status !== 'ok').map((entry) => entry.id)).toEqual([])
    expect(check(report, 'ethereum-app').summary).toContain('1.19.1')
    expect(check(report, 'versions').summary).toBe('NumerBay Desktop 0.1.0, Node 20.20.2, Linux 6.1.0 x64.')
  })
})

describe('USB and the Ledger', () => {
  it('a missing libusb fails usb-module with the platform fix, and the Ledger checks are skipped', async () => {
    const report = await run({ usbError: new AppError('LEDGER_UNAVAILABLE', { detail: 'libusb-1.0.so.0: cannot open shared object file' }) })
    expect(check(report, 'usb-module')).toMatchObject({ status: 'failed', summary: expect.stringContaining('libusb-1.0.so.0'), fix: expect.stringContaining('libusb-1.0-0') })
    expect(check(report, 'ledger').status).toBe('skipped')
    expect(check(report, 'ethereum-app').status).toBe('skipped')
    const mac = await run({ usbError: new Error('dlopen failed') }, { platform: 'darwin' })
    expect(check(mac, 'usb-module').fix).toMatch(/Reinstall/)
  })

  it('tells a Ledger held by another program from no Ledger at all', async () => {
    const held = await run({ ledger: { state: 'error', code: 'LEDGER_IN_USE', message: 'in use' } })
    expect(check(held, 'ledger')).toMatchObject({ status: 'failed', summary: expect.stringMatching(/another program/), fix: expect.stringContaining('Ledger Live') })
    const none = await run({ ledger: { state: 'no-device' } })
    expect(check(none, 'ledger')).toMatchObject({ status: 'warning', summary: 'No Ledger is connected.' })
    expect(check(none, 'ethereum-app').status).toBe('skipped')
  })

  it('permission denied fails with the udev command; locked and other apps are warnings on the Ethereum app', async () => {
    expect(check(await run({ ledger: { state: 'permission-denied' } }), 'ledger')).toMatchObject({ status: 'failed', fix: expect.stringContaining('udevadm') })
    const locked = await run({ ledger: { state: 'locked' } })
    expect(check(locked, 'ledger').status).toBe('ok')
    expect(check(locked, 'ethereum-app')).toMatchObject({ status: 'warning', fix: expect.stringContaining('PIN') })
    const bitcoin = await run({ ledger: { state: 'needs-app', openApp: 'Bitcoin', onDashboard: false } })
    expect(check(bitcoin, 'ethereum-app')).toMatchObject({ status: 'warning', summary: expect.stringContaining('Bitcoin'), fix: 'Open the Ethereum app on the Ledger.' })
  })

  it('in the app, the Ledger the app already holds is asked through it, not reopened', async () => {
    const report = await run({ ledger: { state: 'error', code: 'LEDGER_IN_USE', message: 'x' } }, { ledgerStatus: async () => ({ state: 'ready', appVersion: '1.10.0' }) })
    expect(check(report, 'ethereum-app')).toMatchObject({ status: 'ok', summary: 'The Ethereum app 1.10.0 is open.' })
    // Before the app has opened the Ledger, nobody holds it: the doctor asks the device itself.
    const notYet = await run({ ledger: { state: 'locked' } }, { ledgerStatus: async () => null })
    expect(check(notYet, 'ethereum-app')).toMatchObject({ status: 'warning', summary: 'The Ledger is locked.' })
  })

  it('udev: the rule found by vendor 2c97, a commented-out rule does not count, other systems skip', async () => {
    expect(check(await run(), 'udev-rule')).toMatchObject({ status: 'ok', summary: expect.stringContaining('/etc/udev/rules.d/20-hw1.rules') })
    const commented = await run({ rules: { '/etc/udev/rules.d/x.rules': '# ATTRS{idVendor}=="2c97"\nSUBSYSTEM=="usb", ATTRS{idVendor}=="1234"\n' } })
    expect(check(commented, 'udev-rule')).toMatchObject({ status: 'warning', fix: expect.stringContaining('20-hw1.rules') })
    expect(check(await run({}, { platform: 'darwin' }), 'udev-rule').status).toBe('skipped')
  })

  it('hidraw access: ok when the user may open every Ledger node, failed naming the ones it may not', async () => {
    expect(check(await run({ nodes: ['/dev/hidraw3'] }), 'hid-access').status).toBe('ok')
    expect(check(await run({ nodes: ['/dev/hidraw3', '/dev/bus/usb/001/007'], denied: ['/dev/hidraw3'] }), 'hid-access')).toMatchObject({
      status: 'failed',
      summary: 'This user may not open /dev/hidraw3.',
    })
    expect(check(await run({ nodes: [] }), 'hid-access').status).toBe('skipped')
  })
})

describe('WalletConnect', () => {
  it('needs a project id for the public relay only', async () => {
    expect(check(await run({}, { walletConnect: {} }), 'walletconnect-project')).toMatchObject({ status: 'warning', fix: expect.stringContaining('dashboard.reown.com') })
    // The project id and relay as src/main/config resolved them (NUMERBAY_WC_PROJECT_ID, NUMERBAY_WC_RELAY_URL).
    expect(check(await run({}, { walletConnect: { projectId: 'p' } }), 'walletconnect-project').status).toBe('ok')
    expect(check(await run({}, { walletConnect: { relayUrl: 'ws://127.0.0.1:9000' } }), 'walletconnect-project').status).toBe('ok')
  })

  it('the default relay blocked but the other public host answering is a warning naming it', async () => {
    const report = await run({ relays: { 'wss://relay.walletconnect.org': false, 'wss://relay.walletconnect.com': true } })
    expect(check(report, 'walletconnect-relay')).toMatchObject({ status: 'warning', fix: expect.stringContaining('NUMERBAY_WC_RELAY_URL=wss://relay.walletconnect.com') })
    expect(check(await run({ relays: {} }), 'walletconnect-relay').status).toBe('failed')
    expect(check(await run(), 'walletconnect-relay').status).toBe('ok')
  })
})

describe('NumerBay API and clock', () => {
  const answer = (skewMs: number, extra: Partial<HttpAnswer> = {}): HttpAnswer => ({
    status: 200,
    date: new Date(NOW - skewMs).toUTCString(),
    sentAt: NOW - 40,
    receivedAt: NOW + 40,
    body: '{"selling_round":812}',
    ...extra,
  })

  it('reachable with the selling round; unreachable or not NumerBay fails', async () => {
    expect(check(await run({ api: answer(0) }), 'api')).toMatchObject({ status: 'ok', summary: expect.stringContaining('selling round 812') })
    expect(check(await run({ api: new Error('fetch failed') }), 'api')).toMatchObject({ status: 'failed', fix: expect.stringContaining('NUMERBAY_API_URL') })
    expect(check(await run({ api: answer(0, { status: 404, body: 'Not Found' }) }), 'api').status).toBe('failed')
  })

  it('clock skew against the Date header: ok within a minute, warning within ten, failed beyond', async () => {
    expect(check(await run({ api: answer(20_000) }), 'clock')).toMatchObject({ status: 'ok', summary: expect.stringContaining('20 s ahead of the server') })
    expect(check(await run({ api: answer(-5 * 60_000) }), 'clock')).toMatchObject({ status: 'warning', summary: expect.stringContaining('300 s behind the server') })
    expect(check(await run({ api: answer(2 * 3600_000) }), 'clock')).toMatchObject({ status: 'failed', fix: expect.stringContaining('automatic date and time') })
    expect(check(await run({ api: answer(0, { date: null }) }), 'clock').status).toBe('skipped')
    expect(check(await run({ api: new Error('down') }), 'clock').status).toBe('skipped')
  })
})

describe('folders, files and space', () => {
  it('data folder: private is ok, readable by others fails with chmod 700', async () => {
    expect(check(await run(), 'data-folder').status).toBe('ok')
    const open = await run({ files: { ...machine().files, '/data': { mode: DIR | 0o755, isDirectory: true, isFile: false } } })
    expect(check(open, 'data-folder')).toMatchObject({ status: 'failed', summary: expect.stringContaining('755'), fix: 'Make it private: chmod 700 "/data"' })
    expect(check(await run({ files: {} }), 'data-folder').status).toBe('ok')
  })

  it('key files: the keyring, WalletConnect sessions and $NUMERBAY_KEY_PATH must be 0600', async () => {
    const files = {
      ...machine().files,
      '/data/keyring': { mode: DIR | 0o700, isDirectory: true, isFile: false },
      '/data/keyring/0xabc.json': { mode: FILE | 0o600, isDirectory: false, isFile: true },
      '/data/walletconnect': { mode: DIR | 0o700, isDirectory: true, isFile: false },
      '/data/walletconnect/wc@2:core.json': { mode: FILE | 0o644, isDirectory: false, isFile: true },
      '/home/me/numerbay.json': { mode: FILE | 0o640, isDirectory: false, isFile: true },
    }
    const report = await run({ files }, { keyFilePath: '/home/me/numerbay.json' })
    expect(check(report, 'key-files')).toMatchObject({ status: 'failed', fix: 'Make them private: chmod 600 "/data/walletconnect/wc@2:core.json" "/home/me/numerbay.json"' })
    const fixed = { ...files, '/data/walletconnect/wc@2:core.json': { ...files['/data/walletconnect/wc@2:core.json'], mode: FILE | 0o600 } }
    expect(check(await run({ files: fixed }), 'key-files')).toMatchObject({ status: 'ok', summary: expect.stringContaining('2 key and session file(s)') })
  })

  it('download folder: writable, created under an existing parent, not writable, or not chosen', async () => {
    expect(check(await run(), 'download-folder').summary).toBe('/dl can be written.')
    expect(check(await run({}, { downloadDir: '/dl/numerbay/purchases' }), 'download-folder').summary).toContain('will be created in /dl')
    const readOnly = await run({ writeError: Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }) })
    expect(check(readOnly, 'download-folder')).toMatchObject({ status: 'failed', summary: expect.stringContaining('EACCES') })
    const none = await run({}, { downloadDir: null })
    expect(check(none, 'download-folder').status).toBe('skipped')
    expect(check(none, 'free-space').status).toBe('skipped')
  })

  it('free space against the next sync: ok, nearly full, not enough, or skipped with the reason when not signed in', async () => {
    const GiB = 1024 ** 3
    expect(check(await run({ free: 50 * GiB }), 'free-space')).toMatchObject({ status: 'ok', summary: expect.stringContaining('2.00 GiB (4 file(s))') })
    expect(check(await run({ free: 2.1 * GiB }), 'free-space').status).toBe('warning')
    expect(check(await run({ free: 1 * GiB }), 'free-space')).toMatchObject({ status: 'failed', fix: expect.stringContaining('Free up 1.00 GiB') })
    const unknown = await run({}, { nextSync: async () => ({ unknown: 'not signed in' }) })
    expect(check(unknown, 'free-space')).toMatchObject({ status: 'skipped', summary: expect.stringContaining('not signed in') })
    const signInFailed = await run({}, { nextSync: async () => Promise.reject(new AppError('API_SIGN_IN_FAILED')) })
    expect(check(signInFailed, 'free-space')).toMatchObject({ status: 'skipped', summary: expect.stringContaining('could not be planned') })
  })
})

describe('robustness', () => {
  it('a probe that throws unexpectedly fails only its own check', async () => {
    const broken = probes(machine())
    broken.udevRules = async () => {
      throw new Error('EIO')
    }
    const report = await runChecks(input(), broken)
    expect(check(report, 'udev-rule')).toMatchObject({ status: 'failed', summary: expect.stringContaining('EIO') })
    expect(check(report, 'api').status).toBe('ok')
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { createLedgerDeviceManager, type LedgerDeviceManager, type LedgerHidBackend } from '../../../src/main/signers/ledger'
import type { Timers } from '../../../src/shared/time-limit'
import { AppError } from '../../../src/shared/errors'
import type { LedgerStatus } from '../../../src/shared/ledger'
import { createEmulatorBackend } from '../../fixtures/ledger-emulator'
import { codeOf, emulator, hex, HARDHAT_ADDRESS, LEDGER_LIVE_0, softwareWallet } from './support'

/** A clock the test moves by hand: the manager's grace period and polls run on it. */
class ManualTimers implements Timers {
  private now = 0
  private next = 1
  private readonly pending = new Map<number, { at: number; callback: () => void }>()
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++
    this.pending.set(id, { at: this.now + ms, callback })
    return id
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number)
  }
  advance(ms: number): void {
    this.now += ms
    for (const [id, timer] of [...this.pending].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= this.now && this.pending.delete(id)) timer.callback()
    }
  }
}

const managers: LedgerDeviceManager[] = []
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.close()))
})

function manage(backend: LedgerHidBackend, options: { watch?: boolean; timers?: Timers; probeMs?: number } = {}) {
  const manager = createLedgerDeviceManager({
    backend,
    watch: options.watch ?? false,
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.probeMs ? { timeouts: { probeMs: options.probeMs } } : {}),
  })
  managers.push(manager)
  return manager
}

const utf8 = (text: string) => new TextEncoder().encode(text)
const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

describe('device status', () => {
  it('ready: the Ethereum app is open (found with B0 01), with its version and the device model', async () => {
    const manager = manage(createEmulatorBackend(emulator()))
    const status = await manager.refresh()
    expect(status).toMatchObject({ state: 'ready', appVersion: '1.19.1' })
    expect(status.state === 'ready' && status.model).toMatch(/Nano S/)
  })

  const cases: [string, Parameters<typeof emulator>[0], Partial<LedgerStatus>][] = [
    ['locked', { mode: 'locked' }, { state: 'locked' }],
    ['dashboard', { mode: 'dashboard' }, { state: 'needs-app', openApp: 'BOLOS', onDashboard: true }],
    ['another app', { mode: 'other-app', otherAppName: 'Bitcoin' }, { state: 'needs-app', openApp: 'Bitcoin', onDashboard: false }],
    ['busy', { mode: 'busy' }, { state: 'busy' }],
  ]
  for (const [name, options, expected] of cases) {
    it(`${name}`, async () => {
      const manager = manage(createEmulatorBackend(emulator(options)))
      expect(await manager.refresh()).toMatchObject(expected)
    })
  }

  it('a locked device that never answers counts as locked after a short probe timeout', async () => {
    const manager = manage(createEmulatorBackend(emulator({ mode: 'frozen' })), { probeMs: 100 })
    expect(await manager.refresh()).toMatchObject({ state: 'locked' })
    // The stuck handle is replaced on the next refresh: once unlocked, the device is found ready.
    const ledger = emulator({ mode: 'frozen' })
    const second = manage(createEmulatorBackend(ledger), { probeMs: 100 })
    await second.refresh()
    ledger.setMode('ready')
    expect(await second.refresh()).toMatchObject({ state: 'ready' })
  })

  it('releases every device handle on close, even after probes that timed out', async () => {
    const ledger = emulator({ mode: 'frozen' })
    const manager = manage(createEmulatorBackend(ledger), { probeMs: 100 })
    expect(await codeOf(manager.signerFor(LEDGER_LIVE_0).address())).toBe('LEDGER_LOCKED')
    await manager.close()
    await settle()
    expect(ledger.openHandles).toBe(0)
  })

  it('no device', async () => {
    const ledger = emulator()
    ledger.unplug()
    const manager = manage(createEmulatorBackend(ledger))
    expect(await manager.refresh()).toEqual({ state: 'no-device' })
    expect(await codeOf(manager.requireReady())).toBe('LEDGER_NOT_FOUND')
  })

  it('permission denied: a status, and an error whose action is the udev rule', async () => {
    const backend: LedgerHidBackend = {
      list: async () => [{ path: '/dev/hidraw3' }],
      open: async () => {
        throw new AppError('LEDGER_PERMISSION_DENIED', { detail: '/dev/hidraw3' })
      },
    }
    const manager = manage(backend)
    expect(await manager.refresh()).toEqual({ state: 'permission-denied' })
    const error = (await manager.requireReady().catch((e: unknown) => e)) as AppError
    expect(error.code).toBe('LEDGER_PERMISSION_DENIED')
    expect(error.action).toContain('sudo cp resources/udev/20-hw1.rules /etc/udev/rules.d/ && sudo udevadm control --reload-rules && sudo udevadm trigger')
  })

  it('operations explain what to do when the device is not ready', async () => {
    expect(await codeOf(manage(createEmulatorBackend(emulator({ mode: 'locked' }))).accounts(1))).toBe('LEDGER_LOCKED')
    const wrongApp = (await manage(createEmulatorBackend(emulator({ mode: 'other-app', otherAppName: 'Solana' })))
      .signerFor(LEDGER_LIVE_0)
      .signPersonalMessage(utf8('x'))
      .catch((e: unknown) => e)) as AppError
    expect(wrongApp.code).toBe('LEDGER_WRONG_APP')
    expect(wrongApp.message).toMatch(/Solana/)
  })

  it('an operation failing on a device state (it was locked meanwhile) updates the status at once', async () => {
    const ledger = emulator()
    const manager = manage(createEmulatorBackend(ledger))
    const signer = manager.signerFor(LEDGER_LIVE_0)
    await signer.address()
    expect(manager.status.state).toBe('ready')
    ledger.setMode('locked')
    expect(await codeOf(signer.signPersonalMessage(utf8('x')))).toBe('LEDGER_LOCKED')
    await settle()
    expect(manager.status.state).toBe('locked')
  })

  it('awaiting-confirmation while the person reads the message, then ready again', async () => {
    const manager = manage(createEmulatorBackend(emulator({ confirmDelayMs: 100 })))
    await manager.refresh()
    const seen: string[] = []
    manager.onStatus((status) => seen.push(status.state))
    const signer = manager.signerFor(LEDGER_LIVE_0)
    await signer.signPersonalMessage(utf8('read me'))
    await settle()
    expect(seen).toEqual(['awaiting-confirmation', 'ready'])
  })
})

describe('accounts and discovery', () => {
  it('lists both schemes, read silently, matching a software wallet', async () => {
    const manager = manage(createEmulatorBackend(emulator()))
    const accounts = await manager.accounts(2)
    expect(accounts.map((a) => [a.scheme, a.index, a.path])).toEqual([
      ['ledger-live', 0, "44'/60'/0'/0/0"],
      ['ledger-live', 1, "44'/60'/1'/0/0"],
      ['legacy', 0, "44'/60'/0'/0"],
      ['legacy', 1, "44'/60'/0'/1"],
    ])
    for (const account of accounts) expect(account.address).toBe(softwareWallet(account.path).address)
    expect(accounts[0]!.address).toBe(HARDHAT_ADDRESS)
  })

  it('discovers the account holding an address in either scheme (any case)', async () => {
    const manager = manage(createEmulatorBackend(emulator()))
    const legacy2 = softwareWallet("44'/60'/0'/2").address
    expect(await manager.discoverAccount(legacy2.toLowerCase())).toEqual({ scheme: 'legacy', index: 2, path: "44'/60'/0'/2", address: legacy2 })
    const live3 = softwareWallet("44'/60'/3'/0/0").address
    expect(await manager.discoverAccount(live3)).toMatchObject({ scheme: 'ledger-live', index: 3 })
  })

  it('says clearly when none of the scanned accounts matches, naming the address', async () => {
    const manager = manage(createEmulatorBackend(emulator()))
    const stranger = '0x000000000000000000000000000000000000dEaD'
    const error = (await manager.discoverAccount(stranger, { count: 2 }).catch((e: unknown) => e)) as AppError
    expect(error.code).toBe('LEDGER_ACCOUNT_NOT_FOUND')
    expect(error.message).toContain('0x000000000000000000000000000000000000dEaD')
    expect(error.message).toContain('first 2 Ledger Live and 2 legacy')
  })
})

describe('hotplug', () => {
  it('opening the Ethereum app re-enumerates the device: within the grace period the signer survives', async () => {
    const timers = new ManualTimers()
    const ledger = emulator({ mode: 'dashboard' })
    const manager = manage(createEmulatorBackend(ledger), { watch: true, timers })
    expect(await manager.refresh()).toMatchObject({ state: 'needs-app', onDashboard: true })
    const seen: string[] = []
    manager.onStatus((status) => seen.push(status.state))
    const signer = manager.signerFor(LEDGER_LIVE_0)

    ledger.unplug() // the person opens the app: the device leaves the bus…
    ledger.setMode('ready')
    timers.advance(4_000)
    const signing = signer.signPersonalMessage(utf8('after the app opened'))
    await settle()
    expect(manager.status.state).toBe('needs-app') // not "disconnected": still in the grace period
    ledger.plug() // …and comes back under a new path
    const signature = await signing
    expect(hex(signature)).toBe(await softwareWallet(LEDGER_LIVE_0).signMessage(utf8('after the app opened')))
    expect(manager.status.state).toBe('ready')
    expect(seen).not.toContain('disconnected')
  })

  it('follows the person opening the app on a connected device, driven by hotplug alone (real time)', async () => {
    const ledger = emulator({ mode: 'dashboard', reenumerateMs: 50 })
    const manager = createLedgerDeviceManager({ backend: createEmulatorBackend(ledger), pollWaitingMs: 60_000, pollReadyMs: 60_000 })
    managers.push(manager)
    await manager.refresh()
    expect(manager.status.state).toBe('needs-app')
    const firstPath = ledger.path
    const ready = new Promise<LedgerStatus>((resolve) => manager.onStatus((status) => status.state === 'ready' && resolve(status)))
    await ledger.openApp('Ethereum')
    expect(await ready).toMatchObject({ state: 'ready', appVersion: '1.19.1' })
    expect(ledger.path).not.toBe(firstPath)
    const message = utf8('opened while connected')
    expect(hex(await manager.signerFor(LEDGER_LIVE_0).signPersonalMessage(message))).toBe(await softwareWallet(LEDGER_LIVE_0).signMessage(message))
  })

  it('a device gone longer than the grace period is disconnected, and waiting operations fail', async () => {
    const timers = new ManualTimers()
    const ledger = emulator()
    const manager = manage(createEmulatorBackend(ledger), { watch: true, timers })
    await manager.refresh()
    const signer = manager.signerFor(LEDGER_LIVE_0)
    ledger.unplug()
    const waiting = signer.signPersonalMessage(utf8('nobody home'))
    timers.advance(5_001)
    expect(await codeOf(waiting)).toBe('LEDGER_DISCONNECTED')
    expect(manager.status).toEqual({ state: 'disconnected' })
    ledger.plug()
    await settle()
    await manager.refresh()
    expect(manager.status.state).toBe('ready')
  })

  it('polls while waiting for the person to unlock', async () => {
    const timers = new ManualTimers()
    const ledger = emulator({ mode: 'locked' })
    const manager = manage(createEmulatorBackend(ledger), { watch: true, timers })
    await manager.refresh()
    expect(manager.status.state).toBe('locked')
    ledger.setMode('ready')
    timers.advance(1_000)
    await settle()
    expect(manager.status.state).toBe('ready')
  })

  it('close() stops listening and releases the device', async () => {
    const ledger = emulator()
    const manager = manage(createEmulatorBackend(ledger), { watch: true, timers: new ManualTimers() })
    await manager.refresh()
    await manager.close()
    expect(await codeOf(manager.signerFor(LEDGER_LIVE_0).address())).toBe('LEDGER_DISCONNECTED')
  })
})

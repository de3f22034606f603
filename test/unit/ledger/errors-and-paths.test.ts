import { describe, expect, it } from 'vitest'
import { isLedgerHidInterface, parseLedgerTransportEnv, toLedgerAppError } from '../../../src/main/signers/ledger'
import { resolveEmulatorEntry } from '../../../src/main/signers/ledger/transport-from-env'
import {
  classifyDerivationPath,
  describeLedgerStatus,
  legacyPath,
  ledgerLivePath,
  normalizeDerivationPath,
  parseDerivationPath,
} from '../../../src/shared/ledger'

describe('Ledger library errors become codes, matched on name / id / statusCode (never instanceof)', () => {
  // Plain objects shaped like the duplicated error classes of @ledgerhq/errors and hw-transport's bundled copy.
  const cases: [string, object, string][] = [
    ['TransportStatusError 0x6985', { name: 'TransportStatusError', statusCode: 0x6985 }, 'SIGNER_REJECTED'],
    ['LockedDeviceError 0x5515', { name: 'LockedDeviceError', statusCode: 0x5515 }, 'LEDGER_LOCKED'],
    ['0x6982', { name: 'TransportStatusError', statusCode: 0x6982 }, 'LEDGER_LOCKED'],
    ['0x6e00', { name: 'TransportStatusError', statusCode: 0x6e00 }, 'LEDGER_WRONG_APP'],
    ['0x6d00', { name: 'TransportStatusError', statusCode: 0x6d00 }, 'LEDGER_WRONG_APP'],
    ['0x6e01', { name: 'TransportStatusError', statusCode: 0x6e01 }, 'LEDGER_WRONG_APP'],
    ['0x6511', { name: 'TransportStatusError', statusCode: 0x6511 }, 'LEDGER_WRONG_APP'],
    ['0x6901', { name: 'TransportStatusError', statusCode: 0x6901 }, 'LEDGER_BUSY'],
    ['TransportLocked', { name: 'TransportError', id: 'TransportLocked' }, 'LEDGER_BUSY'],
    ['TransportRaceCondition', { name: 'TransportRaceCondition' }, 'LEDGER_BUSY'],
    ['DisconnectedDevice', { name: 'DisconnectedDevice' }, 'LEDGER_DISCONNECTED'],
    ['DisconnectedDeviceDuringOperation', { name: 'DisconnectedDeviceDuringOperation' }, 'LEDGER_DISCONNECTED'],
    ['NoDevice', { name: 'TransportError', id: 'NoDevice' }, 'LEDGER_NOT_FOUND'],
    ['EACCES', { code: 'EACCES', message: 'open /dev/hidraw0' }, 'LEDGER_PERMISSION_DENIED'],
    ['unknown', { message: 'something odd' }, 'LEDGER_DEVICE_ERROR'],
  ]
  for (const [name, error, code] of cases) {
    it(`${name} → ${code}`, () => expect(toLedgerAppError(error).code).toBe(code))
  }

  it('keeps the status word as detail, not in the words the user reads', () => {
    const error = toLedgerAppError({ statusCode: 0x6a84 })
    expect(error.detail).toBe('status word 0x6a84')
    expect(error.expected).toBe(false)
  })
})

describe('node-hid backend', () => {
  it('selects interface 0 on Linux and usage page 0xffa0 on macOS and Windows, vendor 0x2c97 only', () => {
    const device = { path: '/dev/hidraw1', vendorId: 0x2c97, productId: 0x5011, interface: 0, usagePage: 0xffa0 }
    expect(isLedgerHidInterface(device, 'linux')).toBe(true)
    expect(isLedgerHidInterface({ ...device, interface: 1 }, 'linux')).toBe(false)
    expect(isLedgerHidInterface({ ...device, usagePage: 0xf1d0 }, 'darwin')).toBe(false)
    expect(isLedgerHidInterface({ ...device, vendorId: 0x1234 }, 'win32')).toBe(false)
  })

})

describe('derivation paths', () => {
  it('builds both schemes', () => {
    expect(ledgerLivePath(3)).toBe("44'/60'/3'/0/0")
    expect(legacyPath(3)).toBe("44'/60'/0'/3")
    expect(() => ledgerLivePath(-1)).toThrow()
  })

  it('normalises and validates custom paths', () => {
    expect(normalizeDerivationPath("m/44'/60'/0'/0/0")).toBe("44'/60'/0'/0/0")
    expect(normalizeDerivationPath('44h/60H/1h/0/7')).toBe("44'/60'/1'/0/7")
    expect(parseDerivationPath("44'/60'")).toEqual([0x8000002c, 0x8000003c])
    for (const bad of ['', 'm/', "44'/x", "44''/60'", '1/2/3/4/5/6/7/8/9/10/11', '2147483648', "44'/-1", '44 /60']) {
      expect(normalizeDerivationPath(bad)).toBeNull()
    }
  })

  it('classifies paths by scheme', () => {
    expect(classifyDerivationPath("44'/60'/2'/0/0")).toEqual({ scheme: 'ledger-live', index: 2 })
    expect(classifyDerivationPath("44'/60'/0'/4")).toEqual({ scheme: 'legacy', index: 4 })
    expect(classifyDerivationPath("44'/60'/0'/0/1")).toEqual({ scheme: 'custom' })
  })

  it('describes every status in one line', () => {
    expect(describeLedgerStatus({ state: 'needs-app', openApp: 'Bitcoin', onDashboard: false })).toMatch(/Bitcoin app is open/)
    expect(describeLedgerStatus({ state: 'awaiting-confirmation' })).toBe('Confirm on your Ledger…')
  })
})

describe('NUMERBAY_LEDGER_TRANSPORT', () => {
  const words = 'test test test test test test test test test test test junk'
  it('is the real USB backend when unset, empty or "hid"', () => {
    for (const value of [undefined, '', 'hid']) expect(parseLedgerTransportEnv(value)).toBeNull()
  })

  it('parses the emulator, its mode, delay and app name', () => {
    expect(parseLedgerTransportEnv(`emulator:${words}`)).toEqual({ mnemonic: words, mode: 'ready' })
    expect(parseLedgerTransportEnv(`emulator:  ${words.replace(/ /g, '  ')} ;mode=other-app;app=Solana;delay=250`)).toEqual({
      mnemonic: words,
      mode: 'other-app',
      otherAppName: 'Solana',
      confirmDelayMs: 250,
    })
  })

  it('refuses anything else', () => {
    for (const value of ['usb', 'emulator:', 'emulator:one two three', `emulator:${words};mode=sleepy`, `emulator:${words};colour=red`]) {
      expect(() => parseLedgerTransportEnv(value)).toThrow(expect.objectContaining({ code: 'LEDGER_EMULATOR_INVALID' }))
    }
  })

  it('finds the emulator fixture from the source tree', () => {
    expect(resolveEmulatorEntry()).toMatch(/test\/fixtures\/ledger-emulator\/index\.ts$/)
  })
})

describe('where the emulator comes from (issue 14)', () => {
  it('is the package\'s own #ledger-emulator import, never a test/ folder found above the code', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { pathToFileURL } = await import('node:url')
    // An installed app under C:\Program Files with a C:\test\... planted by another user, in miniature: the
    // package (with its package.json and no tests) sits below a folder that holds a planted emulator.
    const root = await mkdtemp(join(tmpdir(), 'emulator-plant-'))
    try {
      await mkdir(join(root, 'test', 'fixtures', 'ledger-emulator'), { recursive: true })
      await writeFile(join(root, 'test', 'fixtures', 'ledger-emulator', 'index.ts'), 'throw new Error("planted code ran")')
      const app = join(root, 'app', 'resources', 'app.asar')
      await mkdir(join(app, 'out', 'main'), { recursive: true })
      await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'numerbay-desktop', imports: { '#ledger-emulator': './test/fixtures/ledger-emulator/index.ts' } }))
      expect(resolveEmulatorEntry(pathToFileURL(join(app, 'out', 'main', 'index.js')).href)).toBeNull()
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('is refused in an installed app before anything is loaded', async () => {
    const { ledgerBackendFor } = await import('../../../src/main/signers/ledger/transport-from-env')
    const transport = 'emulator:test test test test test test test test test test test junk'
    await expect(ledgerBackendFor(transport, { packaged: true })).rejects.toMatchObject({ code: 'LEDGER_EMULATOR_INVALID', message: expect.stringContaining('installed app') })
  })
})

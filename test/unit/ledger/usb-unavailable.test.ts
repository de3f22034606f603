// A machine without libusb-1.0 (or with a broken native module): node-hid's binary fails to load on the first
// list or open, and the person must read LEDGER_UNAVAILABLE with the fix for their platform, never
// "The Ledger answered with an error".
import { describe, expect, it } from 'vitest'
import { createLedgerDeviceManager, createNodeHidBackend, isNativeLoadError } from '../../../src/main/signers/ledger'
import type { TransportNodeHidClass } from '../../../src/main/signers/ledger/ledgerhq'

/** What Node throws when the prebuilt binary's libusb dependency is missing (process.dlopen). */
function libusbMissing(): Error {
  return Object.assign(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' })
}

/** node-hid as it really behaves: require() succeeds, the binding loads (and fails) inside devices(). */
const nodeHidWithoutLibusb = () => () => {
  throw libusbMissing()
}

/** The transport class loads fine; opening a device loads the binding and fails the same way. */
const transportWithoutLibusb = () =>
  ({
    open: async () => {
      throw libusbMissing()
    },
  }) as unknown as TransportNodeHidClass

describe('USB access without libusb', () => {
  it('listing devices is LEDGER_UNAVAILABLE with the Linux fix', async () => {
    const backend = createNodeHidBackend({ platform: 'linux', loadDevices: nodeHidWithoutLibusb })
    const error = await backend.list().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'LEDGER_UNAVAILABLE' })
    expect((error as { action: string }).action).toContain('libusb-1.0-0')
    expect((error as { detail: string }).detail).toContain('libusb-1.0.so.0')
  })

  it('opening a device is LEDGER_UNAVAILABLE too, not a device error', async () => {
    const backend = createNodeHidBackend({ platform: 'linux', loadTransport: transportWithoutLibusb, checkAccess: () => undefined })
    await expect(backend.open('/dev/hidraw0')).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' })
  })

  it('says to reinstall on macOS and Windows, where the module ships with the app', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const error = await createNodeHidBackend({ platform, loadDevices: nodeHidWithoutLibusb }).list().catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'LEDGER_UNAVAILABLE' })
      expect((error as { action: string }).action).toMatch(/Reinstall NumerBay Desktop/)
    }
  })

  it('a module that cannot even be required is LEDGER_UNAVAILABLE', async () => {
    const backend = createNodeHidBackend({
      platform: 'linux',
      loadDevices: () => {
        throw Object.assign(new Error("Cannot find module 'node-hid'"), { code: 'MODULE_NOT_FOUND' })
      },
    })
    await expect(backend.list()).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' })
  })

  it('the device manager shows the state with the fix, and operations fail with LEDGER_UNAVAILABLE', async () => {
    const manager = createLedgerDeviceManager({ backend: createNodeHidBackend({ platform: 'linux', loadDevices: nodeHidWithoutLibusb }), watch: false })
    try {
      const status = await manager.refresh()
      expect(status).toMatchObject({ state: 'error', code: 'LEDGER_UNAVAILABLE' })
      expect((status as { message: string }).message).toContain('libusb-1.0-0')
      await expect(manager.requireReady()).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' })
    } finally {
      await manager.close()
    }
  })

  it('tells a load failure from a device that answered badly', () => {
    expect(isNativeLoadError(libusbMissing())).toBe(true)
    expect(isNativeLoadError(new Error('/x/node_modules/node-hid/prebuilds/HID_hidraw-linux-x64/node-napi-v4.node: invalid ELF header'))).toBe(true)
    expect(isNativeLoadError(Object.assign(new Error('Ledger device: UNKNOWN_ERROR (0x6a84)'), { statusCode: 0x6a84 }))).toBe(false)
    expect(isNativeLoadError(new Error('cannot open device with path /dev/hidraw0'))).toBe(false)
  })

  it('a Ledger that will not open although access is allowed is LEDGER_IN_USE (another program holds it)', async () => {
    const held = createNodeHidBackend({
      platform: 'darwin',
      loadTransport: () =>
        ({
          open: async () => {
            throw new Error('cannot open device with path DevSrvsID:4295117243')
          },
        }) as unknown as TransportNodeHidClass,
    })
    const error = await held.open('DevSrvsID:4295117243').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'LEDGER_IN_USE' })
    expect((error as { action: string }).action).toContain('Ledger Live')
  })
})

import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  eventChannel,
  eventContract,
  eventListenerName,
  eventNames,
  invokeChannel,
  invokeContract,
  invokeNames,
  settingsPatchSchema,
  settingsSchema,
  defaultSettings,
  type NumerBayApi,
  type Orders,
  type LedgerStatusView,
} from '../../../src/shared/ipc'
import type { Result } from '../../../src/shared/errors'

describe('IPC contract', () => {
  it('gives every invoke and event a distinct channel', () => {
    const channels = [...invokeNames.map(invokeChannel), ...eventNames.map(eventChannel)]
    expect(new Set(channels).size).toBe(channels.length)
    expect(invokeNames.length).toBeGreaterThan(40)
    expect(eventListenerName('ledgerStatus')).toBe('onLedgerStatus')
  })

  it('refuses unknown or malformed arguments', () => {
    expect(invokeContract.getSettings.args.safeParse(undefined).success).toBe(true)
    expect(invokeContract.getSettings.args.safeParse({}).success).toBe(false)
    expect(invokeContract.connectLedger.args.safeParse({ path: "44'/60'/0'/0/0" }).success).toBe(true)
    expect(invokeContract.connectLedger.args.safeParse({ path: '../etc' }).success).toBe(false)
    expect(eventContract.walletConnectStatus.safeParse({ state: 'pairing', uri: 'https://x', qrDataUrl: 'data:image/png;base64,', expiresAt: 1 }).success).toBe(false)
    expect(invokeContract.updateSettings.args.safeParse({ concurrency: 99 }).success).toBe(false)
    expect(invokeContract.updateSettings.args.safeParse({ evil: 1 }).success).toBe(false)
    expect(invokeContract.decryptFiles.args.safeParse({ inputs: ['relative/x'], outputDir: '/tmp' }).success).toBe(false)
    expect(invokeContract.openExternal.args.safeParse({ url: 'javascript:alert(1)' }).success).toBe(false)
    expect(invokeContract.replaceKey.args.safeParse({ confirm: false }).success).toBe(false)
  })

  it('strips undeclared fields from results and events (nothing extra crosses)', () => {
    const parsed = eventContract.keyState.parse({
      state: 'unlocked',
      publicKey: 'pk',
      autoLockAt: null,
      keyringPublicKeys: [],
      keyringUnlocked: true,
      privateKey: 'secret',
    })
    expect(parsed).not.toHaveProperty('privateKey')
  })

  it('has valid default settings', () => {
    expect(settingsSchema.parse(defaultSettings)).toEqual(defaultSettings)
    expect(settingsPatchSchema.parse({ theme: 'dark' })).toEqual({ theme: 'dark' })
  })

  it('derives the renderer API type from the contract', () => {
    expectTypeOf<NumerBayApi['listOrders']>().returns.resolves.toEqualTypeOf<Result<Orders>>()
    expectTypeOf<NumerBayApi['onLedgerStatus']>().parameter(0).parameter(0).toEqualTypeOf<LedgerStatusView>()
    expectTypeOf<NumerBayApi['getSettings']>().parameters.toEqualTypeOf<[args?: undefined]>()
  })
})

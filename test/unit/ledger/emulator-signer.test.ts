import { afterEach, describe, expect, it } from 'vitest'
import { createLedgerSigner, type LedgerSigner } from '../../../src/main/signers/ledger'
import { loadEthApp } from '../../../src/main/signers/ledger/ledgerhq'
import { LEDGER_MAX_MESSAGE_BYTES } from '../../../src/shared/ledger'
import { recoverPersonalSigner } from '../../../src/main/signers/signature'
import { AppError } from '../../../src/shared/errors'
import { createEmulatedTransport } from '../../fixtures/ledger-emulator'
import { codeOf, emulator, hex, HARDHAT_ADDRESS, HARDHAT_MNEMONIC, LEDGER_LIVE_0, openEmulatedTransport, softwareWallet } from './support'

const signers: LedgerSigner[] = []
afterEach(async () => {
  await Promise.all(signers.splice(0).map((signer) => signer.close?.()))
})

function signerOn(ledger = emulator(), path = LEDGER_LIVE_0, timeouts?: { probeMs?: number; addressMs?: number; signMs?: number }) {
  const transport = openEmulatedTransport(ledger)
  const signer = createLedgerSigner({ transport, path, ...(timeouts ? { timeouts } : {}) })
  signers.push(signer)
  return { signer, ledger, transport }
}

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('Ledger signer over the HID emulator', () => {
  it('reads the Hardhat account 0 address at the first Ledger Live path', async () => {
    const { signer } = signerOn()
    expect(await signer.address()).toBe(HARDHAT_ADDRESS)
    expect(signer.path).toBe(LEDGER_LIVE_0)
  })

  const cases: [string, Uint8Array, number][] = [
    ['a short ASCII message', utf8('hello NumerBay'), 1],
    ['125 bytes (the last size that fits one APDU)', new Uint8Array(125).fill(0x61), 1],
    ['126 bytes (the first size that needs two)', new Uint8Array(126).fill(0x61), 2],
    ['2000 bytes (14 APDUs, multi-frame HID both ways)', Uint8Array.from({ length: 2000 }, (_, i) => (i * 7) & 0xff), 14],
    ['UTF-8 with emoji and accents', utf8('Signé ✓ 🔐 — ünïcödé\nSalt:abc'), 1],
    ['binary bytes including 0x00 and 0xff', Uint8Array.from([0, 255, 1, 254, 0x19, 0x0a, 0, 0]), 1],
  ]

  for (const [name, message, apdus] of cases) {
    it(`signs ${name} exactly like a software wallet on the same key`, async () => {
      const { signer, ledger } = signerOn()
      await signer.address()
      ledger.apduLog.length = 0
      const signature = await signer.signPersonalMessage(message)
      expect(hex(signature)).toBe(await softwareWallet(LEDGER_LIVE_0).signMessage(message))
      expect([27, 28]).toContain(signature[64])
      expect(ledger.apduLog.filter((apdu) => apdu.startsWith('e008'))).toHaveLength(apdus)
      expect(recoverPersonalSigner(message, signature)).toBe(HARDHAT_ADDRESS)
    })
  }

  it('signs deterministically (RFC 6979): the same message twice gives the same bytes', async () => {
    const { signer } = signerOn()
    const message = utf8('Sign this to retrieve your encryption key.\n\nSalt:abc=')
    expect(hex(await signer.signPersonalMessage(message))).toBe(hex(await signer.signPersonalMessage(message)))
  })

  it('signs with the legacy-scheme key at 44\'/60\'/0\'/3', async () => {
    const { signer } = signerOn(emulator(), "m/44'/60'/0'/3")
    const message = utf8('legacy path')
    expect(await signer.address()).toBe(softwareWallet("44'/60'/0'/3").address)
    expect(hex(await signer.signPersonalMessage(message))).toBe(await softwareWallet("44'/60'/0'/3").signMessage(message))
  })

  it('refuses an empty message before talking to the device', async () => {
    const { signer, ledger } = signerOn()
    expect(await codeOf(signer.signPersonalMessage(new Uint8Array()))).toBe('EMPTY_MESSAGE')
    expect(ledger.apduLog).toHaveLength(0)
  })

  it('refuses a message over the app limit (32766 bytes) and signs one at the limit', async () => {
    const { signer } = signerOn()
    expect(await codeOf(signer.signPersonalMessage(new Uint8Array(LEDGER_MAX_MESSAGE_BYTES + 1)))).toBe('LEDGER_MESSAGE_TOO_LONG')
    const atLimit = new Uint8Array(LEDGER_MAX_MESSAGE_BYTES).fill(0x41)
    expect(hex(await signer.signPersonalMessage(atLimit))).toBe(await softwareWallet(LEDGER_LIVE_0).signMessage(atLimit))
  })

  it('refuses an invalid custom path', () => {
    const transport = openEmulatedTransport(emulator())
    expect(() => createLedgerSigner({ transport, path: "44'/60'/x" })).toThrowError(AppError)
    void transport.close()
  })
})

describe('Ledger signer errors, from the emulator modes', () => {
  it('rejected on the device: SIGNER_REJECTED, expected, and the signer keeps working', async () => {
    const { signer, ledger } = signerOn()
    await signer.address()
    ledger.setMode('reject')
    const error = await signer.signPersonalMessage(utf8('no')).catch((e: AppError) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('SIGNER_REJECTED')
    expect((error as AppError).expected).toBe(true)
    ledger.setMode('ready')
    expect(recoverPersonalSigner(utf8('yes'), await signer.signPersonalMessage(utf8('yes')))).toBe(HARDHAT_ADDRESS)
  })

  it('locked (0x5515): LEDGER_LOCKED', async () => {
    const { signer } = signerOn(emulator({ mode: 'locked' }))
    expect(await codeOf(signer.address())).toBe('LEDGER_LOCKED')
  })

  it('dashboard: LEDGER_WRONG_APP, confirmed with get-app-and-version', async () => {
    const { signer, ledger } = signerOn(emulator({ mode: 'dashboard' }))
    const error = (await signer.address().catch((e: unknown) => e)) as AppError
    expect(error.code).toBe('LEDGER_WRONG_APP')
    expect(error.message).toMatch(/dashboard/)
    expect(ledger.apduLog.at(-1)).toBe('b001000000')
  })

  it('another app open: LEDGER_WRONG_APP naming that app', async () => {
    const { signer } = signerOn(emulator({ mode: 'other-app', otherAppName: 'Bitcoin' }))
    const error = (await signer.address().catch((e: unknown) => e)) as AppError
    expect(error.code).toBe('LEDGER_WRONG_APP')
    expect(error.message).toMatch(/Bitcoin app is open/)
  })

  it('busy (0x6901): LEDGER_BUSY', async () => {
    const { signer } = signerOn(emulator({ mode: 'busy' }))
    expect(await codeOf(signer.address())).toBe('LEDGER_BUSY')
  })

  it('unplugged mid-signing: LEDGER_DISCONNECTED', async () => {
    const { signer, ledger } = signerOn()
    await signer.address()
    ledger.setMode('unplug')
    expect(await codeOf(signer.signPersonalMessage(utf8('pull the cable')))).toBe('LEDGER_DISCONNECTED')
    expect(ledger.plugged).toBe(false)
  })

  it('a device that never answers: LEDGER_TIMEOUT, then the connection refuses further exchanges', async () => {
    const { signer } = signerOn(emulator({ mode: 'frozen' }), LEDGER_LIVE_0, { addressMs: 150 })
    expect(await codeOf(signer.address())).toBe('LEDGER_TIMEOUT')
    expect(await codeOf(signer.address())).toBe('LEDGER_TIMEOUT')
  })

  it('a slow person: the signature arrives after the delay', async () => {
    const { signer, ledger } = signerOn(emulator({ confirmDelayMs: 300 }))
    await signer.address()
    ledger.setMode('slow')
    const started = Date.now()
    const signature = await signer.signPersonalMessage(utf8('take your time'))
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(recoverPersonalSigner(utf8('take your time'), signature)).toBe(HARDHAT_ADDRESS)
  })

  it('a slow person past the signing timeout: LEDGER_TIMEOUT', async () => {
    const { signer, ledger } = signerOn(emulator({ confirmDelayMs: 2_000 }), LEDGER_LIVE_0, { signMs: 200 })
    await signer.address()
    ledger.setMode('slow')
    expect(await codeOf(signer.signPersonalMessage(utf8('too slow')))).toBe('LEDGER_TIMEOUT')
  })
})

describe('createEmulatedTransport', () => {
  it('gives a TransportNodeHid whose emulator switches mode at run time', async () => {
    const transport = await createEmulatedTransport({ mnemonic: HARDHAT_MNEMONIC, mode: 'locked' })
    const signer = createLedgerSigner({ transport, path: LEDGER_LIVE_0 })
    signers.push(signer)
    expect(transport.constructor.name).toBe('TransportNodeHid')
    expect(await codeOf(signer.address())).toBe('LEDGER_LOCKED')
    transport.emulator.setMode('ready')
    expect(await signer.address()).toBe(HARDHAT_ADDRESS)
  })
})

describe('one exchange at a time', () => {
  it('serialises concurrent sign calls on one signer (no TransportLocked)', async () => {
    const { signer } = signerOn(emulator({ confirmDelayMs: 20 }))
    const messages = ['one', 'two', 'three', 'four'].map(utf8)
    const signatures = await Promise.all(messages.map((message) => signer.signPersonalMessage(message)))
    const wallet = softwareWallet(LEDGER_LIVE_0)
    for (const [i, message] of messages.entries()) expect(hex(signatures[i]!)).toBe(await wallet.signMessage(message))
  })

  it('without the queue, hw-app-eth refuses the second call (what the queue prevents)', async () => {
    const transport = openEmulatedTransport(emulator({ confirmDelayMs: 50 }))
    const Eth = loadEthApp()
    const eth = new Eth(transport)
    const results = await Promise.allSettled([eth.signPersonalMessage(LEDGER_LIVE_0, '6161'), eth.signPersonalMessage(LEDGER_LIVE_0, '6262')])
    expect(results[0]!.status).toBe('fulfilled')
    expect(results[1]!.status).toBe('rejected')
    expect((results[1] as PromiseRejectedResult).reason.id).toBe('TransportLocked')
    await transport.close()
  })

  it('a rejection does not leave the queue or the transport locked', async () => {
    const { signer, ledger } = signerOn()
    ledger.setMode('reject')
    const both = await Promise.allSettled([signer.signPersonalMessage(utf8('a')), signer.signPersonalMessage(utf8('b'))])
    expect(both.map((r) => (r.status === 'rejected' ? (r.reason as AppError).code : 'ok'))).toEqual(['SIGNER_REJECTED', 'SIGNER_REJECTED'])
    ledger.setMode('ready')
    expect(recoverPersonalSigner(utf8('c'), await signer.signPersonalMessage(utf8('c')))).toBe(HARDHAT_ADDRESS)
  })
})

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { verifyMessage } from 'ethers'
import type Transport from '@ledgerhq/hw-transport'
import { createLedgerSigner, LedgerConnection } from '../../../src/main/signers/ledger'
import { loadEthApp } from '../../../src/main/signers/ledger/ledgerhq'
import { recoverPersonalSigner } from '../../../src/main/signers/signature'
import { AppError } from '../../../src/shared/errors'
import { createEmulatedLedger, openEmulatedTransport } from '../../fixtures/ledger-emulator'

// Real APDU exchanges from Ledger's own repositories (see the Source line at the top of each file), replayed
// strictly by Ledger's RecordStore: a request byte that differs from the recording fails the test.
const require = createRequire(import.meta.url)
const mocker = require('@ledgerhq/hw-transport-mocker') as {
  RecordStore: { fromString(text: string): unknown }
  openTransportReplayer(store: unknown): Promise<Transport>
}

function replay(name: string): Promise<Transport> {
  const text = readFileSync(new URL(`../../fixtures/ledger-recordings/${name}.txt`, import.meta.url), 'utf8')
  const exchanges = text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
  return mocker.openTransportReplayer(mocker.RecordStore.fromString(exchanges))
}

const SPECULOS_SEED = 'glory promote mansion idle axis finger extra february uncover one trip resource lawn turtle enact monster seven myth punch hobby comfort wild raise skin'
const SPECULOS_MESSAGES: [string, Uint8Array, string][] = [
  [
    'metamask',
    new TextEncoder().encode('Example `personal_sign` message'),
    '916099cf0d9c21911c85f0770a47a9696a8189e78c259cf099749748c507baae0d72234bc0ac2e94c5f7a5f4f9cd8610a52be4ea55515a85b9703f1bb158415c1c',
  ],
  [
    'non-ascii',
    Buffer.from('9c22ff5f21f0b81b113e63f7db6da94fedef11b2119b4088b89664fb9a3cb658', 'hex'),
    '64bdbdb6959425445d00ff2536a7018d2dce904e1f7475938fe4221c3c72500c7c9208e99b6b9266a73aae17b73472d06499746edec34fd47a9dab42f06f2e421c',
  ],
  [
    'opensea',
    new TextEncoder().encode(
      'Welcome to OpenSea!\n\nClick to sign in and accept the OpenSea Terms of Service: https://opensea.io/tos\n\nThis request will not trigger a blockchain transaction or cost any gas fees.\n\nYour authentication status will reset after 24 hours.\n\nWallet address:\n0x9858effd232b4033e47d90003d41ec34ecaeda94\n\nNonce:\n2b02c8a0-f74f-4554-9821-a28054dc9121',
    ),
    '61a68c986f087730d2f6ecf89d6d1e48ab963ac461102bb02664bc05c3db75bb5714729ef441e097673a7b29a681e97f6963d875eeed2081f26b0b6686cd2bd21c',
  ],
]

describe('replay of ledger-live hw-app-eth recordings', () => {
  it('getAppConfiguration', async () => {
    const connection = new LedgerConnection(await replay('ledger-live-get-app-configuration'))
    expect(await connection.getAppConfiguration()).toEqual({ version: '1.1.6' })
  })

  it('getAddress (silent) through the signer', async () => {
    const signer = createLedgerSigner({ transport: await replay('ledger-live-get-address'), path: "44'/60'/0'/0'/0" })
    expect(await signer.address()).toBe('0xCbA98362e199c41E1864D0923AF9646d3A648451')
  })

  it('getAddress with a chain id decodes to the EIP-55 address', async () => {
    const Eth = loadEthApp()
    const result = await new Eth(await replay('ledger-live-get-address-chain-id')).getAddress("44'/60'/0'/0/0", true, false, '17000')
    expect(result.address).toBe('0x6cBCD73CD8e8a42844662f0A0e76D7F79Afd933d')
  })

  it('signPersonalMessage("test"): MetaMask form, v kept at 27', async () => {
    const connection = new LedgerConnection(await replay('ledger-live-sign-personal-message'))
    const message = new TextEncoder().encode('test')
    const signature = await connection.signPersonalMessage("44'/60'/0'/0'/0", message)
    const hex = `0x${Buffer.from(signature).toString('hex')}`
    expect(hex).toBe('0x8beafdd56521af1213d6d668a2aed262cc840e7174b642215aec013a1c88b2bd3a407b9125f1bfc015df6983ae8b87a34d54be367b4275834c3039622a73ee001b')
    expect(recoverPersonalSigner(message, signature)).toBe('0x4EB83f1742C954aAD5f8D7330eC22f69bd5941c1')
    expect(verifyMessage(message, hex)).toBe('0x4EB83f1742C954aAD5f8D7330eC22f69bd5941c1')
  })
})

describe('replay of app-ethereum Speculos personal_sign results', () => {
  for (const [name, message, expected] of SPECULOS_MESSAGES) {
    it(`${name}: our chunking matches the recording and the signature is the device's`, async () => {
      const connection = new LedgerConnection(await replay(`app-ethereum-speculos-eip191-${name}`))
      const signature = await connection.signPersonalMessage("44'/60'/0'/0/0", message)
      expect(Buffer.from(signature).toString('hex')).toBe(expected)
    })

    it(`${name}: the emulator on the Speculos seed produces the same bytes as the real app on Speculos`, async () => {
      const ledger = createEmulatedLedger({ mnemonic: SPECULOS_SEED })
      const signer = createLedgerSigner({ transport: openEmulatedTransport(ledger), path: "44'/60'/0'/0/0" })
      const signature = await signer.signPersonalMessage(message)
      expect(Buffer.from(signature).toString('hex')).toBe(expected)
      expect(recoverPersonalSigner(message, signature)).toBe(await signer.address())
      await signer.close?.()
    })
  }
})

describe('status words replayed through the signer', () => {
  const cases: [string, string, string][] = [
    ['rejected', '6985', 'SIGNER_REJECTED'],
    ['locked', '5515', 'LEDGER_LOCKED'],
    ['locked (older firmware)', '6982', 'LEDGER_LOCKED'],
    ['busy', '6901', 'LEDGER_BUSY'],
    ['bad data', '6a80', 'LEDGER_DEVICE_ERROR'],
  ]
  for (const [name, sw, code] of cases) {
    it(`${name} (${sw}) → ${code}`, async () => {
      const { RecordStore, openTransportReplayer } = mocker
      const transport = await openTransportReplayer(
        RecordStore.fromString(`=> e00800001d058000002c8000003c8000000080000000000000000000000474657374\n<= ${sw}`),
      )
      const connection = new LedgerConnection(transport)
      const error = await connection.signPersonalMessage("44'/60'/0'/0'/0", new TextEncoder().encode('test')).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe(code)
    })
  }

  it('wrong app (6e01) is confirmed with B0 01, which names the dashboard', async () => {
    const transport = await mocker.openTransportReplayer(
      mocker.RecordStore.fromString(
        '=> e00800001d058000002c8000003c8000000080000000000000000000000474657374\n<= 6e01\n=> b001000000\n<= 0105424f4c4f5305312e312e3201029000',
      ),
    )
    const error = (await new LedgerConnection(transport).signPersonalMessage("44'/60'/0'/0'/0", new TextEncoder().encode('test')).catch((e: unknown) => e)) as AppError
    expect(error.code).toBe('LEDGER_WRONG_APP')
    expect(error.message).toMatch(/dashboard/)
  })

  it('an Ethereum app that refuses the instruction (6d00) is reported as too old, not as the wrong app', async () => {
    const transport = await mocker.openTransportReplayer(
      mocker.RecordStore.fromString(
        '=> e00800001d058000002c8000003c8000000080000000000000000000000474657374\n<= 6d00\n=> b001000000\n<= 0108457468657265756d05312e302e3001029000',
      ),
    )
    const error = (await new LedgerConnection(transport).signPersonalMessage("44'/60'/0'/0'/0", new TextEncoder().encode('test')).catch((e: unknown) => e)) as AppError
    expect(error.code).toBe('LEDGER_DEVICE_ERROR')
    expect(error.message).toBe('The Ethereum app 1.0.0 on your Ledger does not support this request.')
  })
})

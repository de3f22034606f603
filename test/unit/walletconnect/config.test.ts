import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCAL_RELAY_PROJECT_ID, PUBLIC_RELAY_URL, walletConnectConfig, walletConnectStorageDir } from '../../../src/main/signers/walletconnect/config'
import { resolveConfig } from '../../../src/main/config/config'
import { readEnvironment } from '../../../src/main/config/environment'

/** The configuration from the environment and the app's settings, as the app and the CLI resolve it. */
function resolveWalletConnectConfig(env: NodeJS.ProcessEnv, settings: { projectId?: string } = {}) {
  const file = settings.projectId ? { walletConnectProjectId: settings.projectId } : {}
  return walletConnectConfig(resolveConfig({ environment: readEnvironment(env), file }).walletConnect)
}
import { sessionAccount } from '../../../src/main/signers/walletconnect/service'

describe('WalletConnect configuration', () => {
  it('uses the public relay with a project id from the environment, else from the settings (one precedence)', () => {
    expect(resolveWalletConnectConfig({ NUMERBAY_WC_PROJECT_ID: 'env-id' }, { projectId: 'settings-id' })).toEqual({
      projectId: 'env-id',
      relayUrl: PUBLIC_RELAY_URL,
    })
    expect(resolveWalletConnectConfig({}, { projectId: 'settings-id' })).toEqual({ projectId: 'settings-id', relayUrl: PUBLIC_RELAY_URL })
    expect(resolveWalletConnectConfig({ NUMERBAY_WC_PROJECT_ID: ' env-id ' })).toEqual({ projectId: 'env-id', relayUrl: PUBLIC_RELAY_URL })
  })

  it('refuses the public relay without a project id, and says where to get one', () => {
    expect(() => resolveWalletConnectConfig({})).toThrow(expect.objectContaining({ code: 'WC_PROJECT_ID_MISSING', action: expect.stringContaining('reown') }))
  })

  it('a custom relay (NUMERBAY_WC_RELAY_URL) needs no project id; other schemes are refused', () => {
    expect(resolveWalletConnectConfig({ NUMERBAY_WC_RELAY_URL: 'ws://127.0.0.1:9' })).toEqual({ projectId: LOCAL_RELAY_PROJECT_ID, relayUrl: 'ws://127.0.0.1:9' })
    expect(() => resolveWalletConnectConfig({ NUMERBAY_WC_RELAY_URL: 'http://x' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })

  it('keeps sessions in <data dir>/walletconnect', () => {
    expect(walletConnectStorageDir('/data')).toBe(join('/data', 'walletconnect'))
  })
})

describe('sessionAccount', () => {
  const a = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
  const b = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
  const session = (accounts: string[]) => ({ namespaces: { eip155: { accounts, methods: ['personal_sign'], events: [] } } }) as never

  it('prefers mainnet, checksums the address', () => {
    expect(sessionAccount(session([`eip155:137:${b}`, `eip155:1:${a}`]))).toEqual({ chainId: 'eip155:1', address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' })
  })

  it('follows accountsChanged to another mainnet account of the session', () => {
    expect(sessionAccount(session([`eip155:1:${a}`, `eip155:1:${b}`]), b)?.address.toLowerCase()).toBe(b)
  })

  it('has no account without an eip155 namespace or with malformed entries', () => {
    expect(sessionAccount({ namespaces: {} } as never)).toBeUndefined()
    expect(sessionAccount(session(['eip155:1:nothex']))).toBeUndefined()
  })
})

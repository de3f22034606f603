import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WalletConnectStatus } from '../../../src/shared/walletconnect'
import { createBackend, type Backend } from '../../../src/main/desktop/backend'
import type { ServiceFactories } from '../../../src/main/desktop/services'
import type { WalletConnectPort } from '../../../src/main/desktop/ports'
import { ScriptedDialogs } from '../../../src/main/preview/dialogs'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import { DEMO_WALLET_KEY } from '../../helpers/demo-server'
import { writeKeyFile } from '../../../src/main/crypto/key-file'
import { generateKeyPair } from '../../../src/main/crypto/key-pair'

let dir: string
let backend: Backend
const dialogs = new ScriptedDialogs()
const shellCalls: string[] = []
const events: Array<[string, unknown]> = []

async function start(services: ServiceFactories = {}): Promise<Backend> {
  backend = await createBackend({
    dataDir: dir,
    dialogs,
    shell: {
      openExternal: async (url) => void shellCalls.push(`external ${url}`),
      openPath: async (path) => void shellCalls.push(`folder ${path}`),
    },
    info: { name: 't', version: '0', platform: 'linux', shell: 'preview' },
    services,
  })
  backend.events.subscribe((name, payload) => events.push([name, payload]))
  return backend
}

const code = async (name: string, args?: unknown): Promise<string | null> => {
  const result = await backend.dispatch(name, args)
  return result.ok ? null : result.error.code
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'handlers-'))
  shellCalls.length = 0
  events.length = 0
})
afterEach(async () => {
  await backend?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('handlers without services', () => {
  it('answers NOT_AVAILABLE for missing services, neutral states for status queries', async () => {
    await start()
    expect(await code('connectLedger', { path: "44'/60'/0'/0/0" })).toBe('NOT_AVAILABLE')
    expect(await code('unlockKey')).toBe('NOT_SIGNED_IN')
    expect(await code('pairWalletConnect')).toBe('NOT_AVAILABLE')
    expect(await backend.dispatch('getLedgerStatus', undefined)).toMatchObject({ ok: true, value: { state: 'error', code: 'NOT_AVAILABLE' } })
    expect(await backend.dispatch('getWalletConnectStatus', undefined)).toEqual({ ok: true, value: { state: 'idle' } })
    expect(await backend.dispatch('getDownloads', undefined)).toMatchObject({ ok: true, value: { running: false, files: [] } })
    expect(await backend.dispatch('getKeyState', undefined)).toMatchObject({ ok: true, value: { state: 'signed-out' } })
  })

  it('says what is missing: a signer, a session, the demo server', async () => {
    await start()
    expect(await code('signInWithWallet')).toBe('NO_SIGNER')
    expect(await code('listOrders')).toBe('NOT_SIGNED_IN')
    expect(await code('useDemoSigner')).toBe('DEMO_SERVER_ONLY')
    expect(await code('startDownloads', { destination: '/tmp/x' })).toBe('NOT_SIGNED_IN')
  })

  it('opens only allowlisted links and folders the app wrote to', async () => {
    await start()
    expect(await code('openExternal', { url: 'https://numerbay.ai/' })).toBeNull()
    expect(await code('openExternal', { url: 'https://evil.example/' })).toBe('EXTERNAL_LINK_BLOCKED')
    expect(await code('openExternal', { url: 'file:///etc/passwd' })).toBe('INVALID_ARGUMENT')
    expect(await code('openFolder', { path: '/etc' })).toBe('FOLDER_NOT_ALLOWED')
    // The download folder is one the person picked in a dialog (the window cannot name one by itself).
    dialogs.answer('folder', dir)
    await backend.dispatch('chooseFolder', undefined)
    expect(await code('updateSettings', { downloadDir: dir })).toBeNull()
    expect(await code('openFolder')).toBeNull()
    expect(shellCalls).toEqual(['external https://numerbay.ai/', `folder ${dir}`])
  })

  it('turns a cancelled dialog into CANCELLED (expected) and a chosen one into its path', async () => {
    await start()
    dialogs.answer('folder', null)
    expect(await backend.dispatch('chooseFolder', undefined)).toMatchObject({ ok: false, error: { code: 'CANCELLED', expected: true } })
    dialogs.answer('files', ['/a', '/b'])
    expect(await backend.dispatch('chooseFiles', { purpose: 'sealed-files', multiple: true })).toEqual({ ok: true, value: { paths: ['/a', '/b'] } })
  })

  it('pushes settings changes and resets the session when the API URL changes', async () => {
    await start()
    await backend.dispatch('updateSettings', { apiUrl: 'http://127.0.0.1:9/backend-api/v1' })
    expect(events.map(([name]) => name)).toEqual(expect.arrayContaining(['settings', 'session']))
    expect(await backend.dispatch('getSession', undefined)).toMatchObject({ ok: true, value: { account: null, apiUrl: 'http://127.0.0.1:9/backend-api/v1' } })
  })
})

/** A WalletConnect port whose state the test drives, signing with the demo key once "connected". */
async function fakeWalletConnect() {
  const listeners = new Set<(status: WalletConnectStatus) => void>()
  let status: WalletConnectStatus = { state: 'idle' }
  const signer = createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY))
  const session = { walletName: 'Test Wallet', address: await signer.address(), chainId: 'eip155:1', expiresAt: 1 }
  const set = (next: WalletConnectStatus): void => {
    status = next
    for (const listener of listeners) listener(next)
  }
  const port: WalletConnectPort = {
    status: () => status,
    onStatus: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    pair: async () => {
      set({ state: 'pairing', uri: 'wc:abc@2?symKey=secret', qrDataUrl: 'data:image/png;base64,AAAA', expiresAt: 2 })
      return status
    },
    cancel: async () => set({ state: 'idle' }),
    disconnect: async () => set({ state: 'idle' }),
    signer: () => (status.state === 'connected' ? signer : null),
    close: async () => undefined,
  }
  return { port, set, session }
}

describe('WalletConnect status', () => {
  it('streams the status and makes a connected wallet the current signer', async () => {
    const { port, set, session } = await fakeWalletConnect()
    let built = 0
    let closed = 0
    await start({
      walletConnect: () => {
        built++
        return { ...port, close: async () => void closed++ }
      },
    })
    expect(await backend.dispatch('pairWalletConnect', undefined)).toMatchObject({ ok: true, value: { state: 'pairing', uri: 'wc:abc@2?symKey=secret' } })
    set({ state: 'connected', session })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await backend.dispatch('getSigner', undefined)).toEqual({ ok: true, value: { kind: 'walletconnect', address: session.address, label: 'Test Wallet' } })
    expect(await backend.dispatch('disconnectWalletConnect', undefined)).toEqual({ ok: true, value: { state: 'idle' } })
    expect(await backend.dispatch('getSigner', undefined)).toEqual({ ok: true, value: null })
    expect(events.filter(([name]) => name === 'walletConnectStatus').map(([, payload]) => (payload as WalletConnectStatus).state)).toEqual(['pairing', 'connected', 'idle'])
    // A new project id: the service is closed and built again from the new settings on next use.
    expect(built).toBe(1)
    await backend.dispatch('updateSettings', { walletConnectProjectId: 'another-project' })
    expect(closed).toBe(1)
    await backend.dispatch('pairWalletConnect', undefined)
    expect(built).toBe(2)
  })

  it('switches to the paired phone when another signer is in use, and refuses when none is paired', async () => {
    const { port, set, session } = await fakeWalletConnect()
    await start({ walletConnect: () => port })
    expect(await code('useWalletConnectSigner')).toBe('WC_NOT_CONNECTED')
    const keyPath = join(dir, 'numerbay.json')
    await writeKeyFile(keyPath, generateKeyPair())
    dialogs.answer('files', [keyPath])
    expect(await code('useKeyFile')).toBeNull()
    set({ state: 'connected', session })
    await new Promise((resolve) => setTimeout(resolve, 0))
    // A wallet paired while a key file is loaded does not silently take over.
    expect(await backend.dispatch('getSigner', undefined)).toMatchObject({ ok: true, value: { kind: 'key-file' } })
    const switched = { kind: 'walletconnect', address: session.address, label: 'Test Wallet' }
    expect(await backend.dispatch('useWalletConnectSigner', undefined)).toEqual({ ok: true, value: switched })
    expect(events.filter(([name]) => name === 'signer').at(-1)).toEqual(['signer', switched])
  })

  it('makes a phone the person pairs now the signer, in place of the one before', async () => {
    const { port, set, session } = await fakeWalletConnect()
    await start({ walletConnect: () => port })
    const keyPath = join(dir, 'numerbay.json')
    await writeKeyFile(keyPath, generateKeyPair())
    dialogs.answer('files', [keyPath])
    expect(await code('useKeyFile')).toBeNull()
    expect(await backend.dispatch('pairWalletConnect', undefined)).toMatchObject({ ok: true, value: { state: 'pairing' } })
    set({ state: 'connected', session })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await backend.dispatch('getSigner', undefined)).toEqual({ ok: true, value: { kind: 'walletconnect', address: session.address, label: 'Test Wallet' } })
  })
})

// The guard the shell promises: nothing that crosses to the renderer (a result or an event) ever holds a
// private key, a storage key, a signature or an access token. Every channel that touches keys runs here
// against the demo server with the demo wallet and the Ledger emulator, and every serialised result and event is
// scanned for the secret values (hex and base64) and for anything shaped like one. Only the key export writes
// the private key, to a file, from main.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashMessage } from 'ethers'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { parseKeyBlob, storageKeyFromSignature } from '../../../src/main/crypto/key-scheme'
import { createNumerBayClient } from '../../../src/main/numerbay/client'
import { signPersonalMessageWithKey } from '../../../src/main/signers/signature'
import { createBackend, type Backend } from '../../../src/main/desktop/backend'
import { createDefaultServices } from '../../../src/main/desktop/services'
import { ScriptedDialogs } from '../../../src/main/preview/dialogs'
import { HARDHAT_MNEMONIC } from '../../../src/main/preview/server'
import { sealTo, type DemoServerHandle } from '../../../src/demo-server'
import type { Result } from '../../../src/shared/errors'
import { DEMO_WALLET_KEY, startTestDemoServer } from '../../helpers/demo-server'

let demo: DemoServerHandle
let backend: Backend
let dir: string
const dialogs = new ScriptedDialogs()
/** Every serialised result and event that crossed to the renderer. */
const crossed: string[] = []
/** Secret values seen on the wire between main and NumerBay (tokens, login signatures). */
const wireSecrets: string[] = []

const recordingFetch: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input)
  if (url.includes('/login/access-token-web3') && typeof init?.body === 'string') {
    wireSecrets.push((JSON.parse(init.body) as { signature: string }).signature)
  }
  const response = await fetch(input, init)
  if (url.includes('/login/access-token')) {
    const body = (await response.clone().json()) as { access_token?: string }
    if (body.access_token) wireSecrets.push(body.access_token)
  }
  return response
}

async function call(name: string, args?: unknown): Promise<Result<unknown>> {
  const result = await backend.dispatch(name, args)
  crossed.push(JSON.stringify(result))
  return result
}

async function ok<T = unknown>(name: string, args?: unknown): Promise<T> {
  const result = await call(name, args)
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

/** hex (with and without 0x, both cases) and base64 (standard and url) forms of a secret. */
function forms(bytes: Uint8Array): string[] {
  const hex = bytesToHex(bytes)
  const base64 = Buffer.from(bytes).toString('base64')
  return [hex, hex.toUpperCase(), base64, base64.replace(/=+$/, ''), Buffer.from(bytes).toString('base64url')]
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'no-secrets-'))
  demo = await startTestDemoServer()
  const dataDir = join(dir, 'data')
  backend = await createBackend({
    dataDir,
    dialogs,
    shell: { openExternal: async () => undefined, openPath: async () => undefined },
    info: { name: 'test', version: '0', platform: process.platform, shell: 'preview' },
    services: createDefaultServices({ dataDir, ledgerTransport: `emulator:${HARDHAT_MNEMONIC}` }),
    settingsForThisRun: { apiUrl: demo.apiUrl },
    demoWallet: { apiUrl: demo.apiUrl, privateKey: DEMO_WALLET_KEY },
    createClient: (baseUrl) => createNumerBayClient({ baseUrl, fetch: recordingFetch }),
  })
  backend.events.subscribe((name, payload) => crossed.push(JSON.stringify({ event: name, payload })))
}, 60_000)

afterAll(async () => {
  await backend?.close()
  await demo?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('what crosses to the renderer', () => {
  it('never holds a private key, storage key, signature or token', async () => {
    // The original v2 blob: its storage key is what the wallet's signature of the salt derives.
    const user = demo.state.users.find((candidate) => candidate.username === 'demo-buyer')!
    const blob = parseKeyBlob(user.encrypted_private_key_v2!)
    const saltSignature = signPersonalMessageWithKey(hexToBytes(DEMO_WALLET_KEY.slice(2)), new TextEncoder().encode(blob.salt))
    const storageKey = storageKeyFromSignature(saltSignature)

    // Demo wallet: sign in, unlock, browse, export, plan and run downloads, decrypt offline.
    await ok('useDemoSigner')
    await ok('signInWithWallet')
    const unlocked = await ok<{ state: string; publicKey: string }>('unlockKey')
    expect(unlocked.state).toBe('unlocked')
    const orders = await ok<{ orders: Array<{ id: number }> }>('listOrders', { includeInactive: true })
    expect(orders.orders.length).toBeGreaterThan(0)
    for (const order of orders.orders) await call('listArtifacts', { orderId: order.id })

    const exportPath = join(dir, 'numerbay.json')
    dialogs.answer('save', exportPath)
    expect(await ok('exportKey')).toEqual({ path: exportPath })
    const exported = JSON.parse(await readFile(exportPath, 'utf8')) as { public_key: string; private_key: string }
    expect(exported.public_key).toBe(unlocked.publicKey)
    const privateKey = Buffer.from(exported.private_key, 'base64')

    const out = join(dir, 'downloads')
    const offlineOut = join(dir, 'offline-out')
    // Folders the app writes to come from main's dialogs (the window cannot name one by itself).
    for (const folder of [out, offlineOut]) {
      dialogs.answer('folder', folder)
      await ok('chooseFolder')
    }
    await ok('planDownloads', { destination: out })
    await ok('startDownloads', { destination: out })
    for (let i = 0; i < 400; i++) {
      const snapshot = await ok<{ running: boolean }>('getDownloads')
      if (!snapshot.running) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const finished = await ok<{ overall: { done: number; failed: number } }>('getDownloads')
    expect(finished.overall.done).toBeGreaterThan(0)

    const sealedPath = join(dir, 'offline.bin')
    await writeFile(sealedPath, sealTo(exported.public_key, new TextEncoder().encode('offline plaintext')))
    const decrypted = await ok<{ succeeded: number }>('decryptFiles', { inputs: [sealedPath], outputDir: offlineOut })
    expect(decrypted.succeeded, JSON.stringify(decrypted)).toBe(1)

    // The Ledger emulator holds the same account: sign in and unlock again through the device path.
    await ok('connectLedger', { path: "44'/60'/0'/0/0" })
    await ok('listLedgerAccounts', { count: 2 })
    await ok('signInWithWallet')
    await ok('unlockKey')

    // Replace the key: the new private key must not cross either.
    await ok('planKeyReplacement')
    const replaced = await ok<{ newPublicKey: string }>('replaceKey', { confirm: true })
    const secondExport = join(dir, 'numerbay-new.json')
    dialogs.answer('save', secondExport)
    await ok('exportKey')
    const newPrivateKey = Buffer.from((JSON.parse(await readFile(secondExport, 'utf8')) as { private_key: string }).private_key, 'base64')
    expect(replaced.newPublicKey).not.toBe(exported.public_key)
    await ok('lockKey')
    await ok('signOut')

    const secrets = [
      ...forms(hexToBytes(DEMO_WALLET_KEY.slice(2))),
      ...forms(privateKey),
      ...forms(newPrivateKey),
      ...forms(storageKey),
      ...forms(saltSignature),
      ...wireSecrets,
      ...wireSecrets.map((secret) => secret.replace(/^0x/, '')),
    ]
    expect(wireSecrets.length).toBeGreaterThanOrEqual(4)
    const everything = crossed.join('\n')
    expect(crossed.length).toBeGreaterThan(30)
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(20)
      expect(everything.includes(secret), `a secret crossed to the renderer (${secret.slice(0, 6)}…)`).toBe(false)
    }
    // The message a wallet is asked to sign crosses on purpose (the prompt shows it): only NumerBay's login
    // message and salts, and their EIP-191 hashes, never anything else.
    const signing = crossed.filter((line) => line.startsWith('{"event":"signingMessage"')).map((line) => (JSON.parse(line) as { payload: { text: string; hash: string } | null }).payload)
    expect(signing.filter(Boolean).length).toBeGreaterThanOrEqual(4)
    for (const message of signing) {
      if (!message) continue
      expect(message.text).toMatch(/^(I am signing my one-time nonce: [0-9a-f]{64}|Sign this to (retrieve your encryption key|unlock your NumerBay Desktop keyring)\.\n\nSalt:[A-Za-z0-9+/]{43}=)$/)
      expect(message.hash).toBe(hashMessage(message.text))
    }
    // Shapes too: no 32+-byte hex run (keys, storage keys, signatures) and no JWT anywhere else.
    const rest = crossed.filter((line) => !line.startsWith('{"event":"signingMessage"')).join('\n')
    expect(rest).not.toMatch(/[0-9a-fA-F]{64,}/)
    expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/)
    // The export flow did write the key: to the file, from main.
    expect(privateKey).toHaveLength(32)
  }, 120_000)
})

// The window shows what the wallet is asked to sign (issue 14): the message as the device displays it and its
// EIP-191 hash, announced through the event contract before the signature is requested.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashMessage } from 'ethers'
import { afterEach, describe, expect, it } from 'vitest'
import type { WalletConnectStatus } from '../../../src/shared/walletconnect'
import { createBackend, type Backend } from '../../../src/main/desktop/backend'
import type { WalletConnectPort } from '../../../src/main/desktop/ports'
import { createNumerBayClient } from '../../../src/main/numerbay/client'
import { ScriptedDialogs } from '../../../src/main/preview/dialogs'
import { describeSigningMessage } from '../../../src/main/signers/signing-notice'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import type { Signer } from '../../../src/main/signers/types'
import { DEMO_WALLET_KEY } from '../../helpers/demo-server'

let dir: string | null = null
let backend: Backend | null = null

afterEach(async () => {
  await backend?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
  backend = null
  dir = null
})

describe('the message being signed', () => {
  it('is described as the device shows it, with the hash the signature covers', () => {
    const salt = 'Sign this to retrieve your encryption key.\n\nSalt:SgZ5tfLNpxpyO4aLZCHRgdVQOmlXFPRq+vy4CY9WhBQ='
    expect(describeSigningMessage(new TextEncoder().encode(salt))).toEqual({ encoding: 'text', text: salt, bytes: salt.length, hash: hashMessage(salt) })
    const binary = new Uint8Array([0xde, 0xad, 0x00, 0xff])
    expect(describeSigningMessage(binary)).toEqual({ encoding: 'hex', text: '0xdead00ff', bytes: 4, hash: hashMessage(binary) })
    // Control characters (an escape sequence could hide text) are shown as hex too.
    expect(describeSigningMessage(new TextEncoder().encode('ok\u001b[2Jhidden'))?.encoding).toBe('hex')
  })

  it('reaches the window before the wallet is asked, and is cleared after', async () => {
    dir = await mkdtemp(join(tmpdir(), 'signing-message-'))
    const nonce = 'a'.repeat(64)
    const client = createNumerBayClient({
      baseUrl: 'https://nb.example/v1',
      fetch: (async (input: string | URL | Request) =>
        String(input).endsWith('/login/nonce')
          ? Response.json({ nonce })
          : Response.json({ access_token: 't', token_type: 'bearer', user: { id: 1, username: 'u', public_address: null } })) as typeof fetch,
    })
    const order: string[] = []
    const inner = createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY))
    const signer: Signer = { ...inner, signPersonalMessage: async (message) => (order.push('wallet asked'), inner.signPersonalMessage(message)) }
    let status: WalletConnectStatus = { state: 'idle' }
    const listeners = new Set<(next: WalletConnectStatus) => void>()
    const port: WalletConnectPort = {
      status: () => status,
      onStatus: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
      pair: async () => status,
      cancel: async () => undefined,
      disconnect: async () => undefined,
      signer: () => signer,
      close: async () => undefined,
    }
    backend = await createBackend({
      dataDir: dir,
      dialogs: new ScriptedDialogs(),
      shell: { openExternal: async () => undefined, openPath: async () => undefined },
      info: { name: 't', version: '0', platform: 'linux', shell: 'preview' },
      services: { walletConnect: () => port },
      createClient: () => client,
    })
    const shown: unknown[] = []
    backend.events.subscribe((name, payload) => {
      if (name !== 'signingMessage') return
      order.push(payload === null ? 'cleared' : 'shown')
      shown.push(payload)
    })
    await backend.dispatch('getWalletConnectStatus', undefined)
    status = { state: 'connected', session: { walletName: 'W', address: await inner.address(), chainId: 'eip155:1', expiresAt: 1 } }
    for (const listener of listeners) listener(status)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await backend.dispatch('signInWithWallet', undefined)).toMatchObject({ ok: true })
    const text = `I am signing my one-time nonce: ${nonce}`
    expect(shown).toEqual([{ encoding: 'text', text, bytes: text.length, hash: hashMessage(text) }, null])
    expect(order).toEqual(['shown', 'wallet asked', 'cleared'])
  })
})

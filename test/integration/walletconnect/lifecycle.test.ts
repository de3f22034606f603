import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Wallet } from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WalletConnectService } from '../../../src/main/signers/walletconnect/service'
import type { WalletConnectStatus } from '../../../src/shared/walletconnect'
import { keysV2 } from '../../helpers/vectors'
import { Harness } from './harness'

const WALLET_KEY = keysV2.wallet.private_key
const root = fileURLToPath(new URL('../../../', import.meta.url))
const tsxCli = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url))
const childScript = fileURLToPath(new URL('../../fixtures/walletconnect/restore-and-sign.ts', import.meta.url))

/** A loopback port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('WalletConnect: expiry, relay down, restore', () => {
  let harness: Harness
  beforeEach(async () => {
    harness = await Harness.start()
  })
  afterEach(async () => {
    await harness.dispose()
  })

  it('an expired QR code is replaced by a new one automatically, and the new one pairs', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service({ timeouts: { proposalMs: 2_000 } })
    const pairings: Array<Extract<WalletConnectStatus, { state: 'pairing' }>> = []
    service.onStatus((status) => {
      if (status.state !== 'pairing') return
      pairings.push(status)
      // Never scan the first QR code: it must expire and be replaced by one that works.
      if (pairings.length >= 2) void wallet.pair(status.uri).catch(() => undefined)
    })
    const session = await service.connect()
    expect(session.address).toBe(keysV2.wallet.address)
    expect(pairings.length).toBeGreaterThanOrEqual(2)
    expect(pairings[1]!.uri).not.toBe(pairings[0]!.uri)
    expect(pairings[1]!.qrDataUrl).not.toBe(pairings[0]!.qrDataUrl)
    expect(pairings[1]!.expiresAt).toBeGreaterThan(pairings[0]!.expiresAt)
  })

  it('pairing can be cancelled', async () => {
    const service = harness.service()
    const controller = new AbortController()
    service.onStatus((status) => status.state === 'pairing' && controller.abort())
    await expect(service.connect({ signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(service.status()).toEqual({ state: 'idle' })
  })

  it('an unreachable relay fails within the configured bound with a clear error', async () => {
    const relayUrl = `ws://127.0.0.1:${await deadPort()}`
    const service = harness.service({ relayUrl, timeouts: { relayMs: 1_500 } })
    const started = Date.now()
    const error = await service.connect().catch((caught: unknown) => caught)
    const elapsed = Date.now() - started
    expect(error).toMatchObject({ code: 'WC_RELAY_UNREACHABLE' })
    expect((error as Error).message).toContain(relayUrl)
    expect((error as Error).message).not.toMatch(/wc:/)
    // Bounded by our timer, far below the SDK's own 75 s.
    expect(elapsed).toBeLessThan(10_000)
    expect(service.status()).toEqual({ state: 'relay-unreachable', relayUrl })
  })

  it('a session is restored in a new process, which signs with it', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service()
    await harness.pair(service, wallet)
    await service.close()

    const message = 'signed by a restored session'
    const { stdout } = await promisify(execFile)(process.execPath, [tsxCli, childScript, harness.storageDir, harness.relay.url, message], {
      cwd: root,
      timeout: 60_000,
    })
    const result = JSON.parse(stdout) as { address: string; walletName: string; signature: string }
    expect(result.address).toBe(keysV2.wallet.address)
    expect(result.walletName).toBe('Test Wallet')
    expect(result.signature).toBe(await new Wallet(WALLET_KEY).signMessage(message))
    // Same client id (JWT iss) before and after the restart: the relay saw two clients, the app and the wallet.
    expect(harness.relay.stats.clients.size).toBe(2)
  })

  it('the wallet switches account: session_update and accountsChanged move the session to the new address', async () => {
    const other = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service()
    await harness.pair(service, wallet)
    const moved = new Promise<void>((resolve) =>
      service.onStatus((status) => status.state === 'connected' && status.session.address === new Wallet(other).address && resolve()),
    )
    await wallet.switchAccount(other)
    await moved
    const message = new TextEncoder().encode('from the new account')
    const signature = await service.personalSign(message)
    expect(`0x${Buffer.from(signature).toString('hex')}`).toBe(await new Wallet(other).signMessage(message))
  })

  it('keeps working after the relay drops every connection while idle (clients reconnect and resubscribe)', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service()
    await harness.pair(service, wallet)
    const before = harness.relay.stats.connections
    const resubscribed = harness.relay.stats.methods.irn_batchSubscribe ?? 0
    harness.relay.dropConnections()
    // Both clients come back by themselves and resubscribe their topics in one batch.
    while ((harness.relay.stats.methods.irn_batchSubscribe ?? 0) < resubscribed + 2) await new Promise((resolve) => setTimeout(resolve, 20))
    const message = new TextEncoder().encode('after a reconnect')
    const signature = await service.personalSign(message)
    expect(`0x${Buffer.from(signature).toString('hex')}`).toBe(await new Wallet(WALLET_KEY).signMessage(message))
    expect(harness.relay.stats.connections).toBeGreaterThan(before)
  })

  it('a saved session past its expiry is not restored', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const first = harness.service()
    await harness.pair(first, wallet)
    await first.close()
    const eightDaysLater = new WalletConnectService({
      projectId: 'test',
      relayUrl: harness.relay.url,
      storageDir: harness.storageDir,
      clock: { now: () => Date.now() + 8 * 24 * 3600_000 },
    })
    harness.services.push(eightDaysLater)
    await eightDaysLater.start()
    expect(eightDaysLater.session()).toBeNull()
    expect(eightDaysLater.status()).toEqual({ state: 'idle' })
  })

  it('a restored session whose relay is down fails to sign within the bound', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const first = harness.service()
    await harness.pair(first, wallet)
    await first.close()

    const restored = harness.service({ relayUrl: `ws://127.0.0.1:${await deadPort()}`, timeouts: { relayMs: 1_500 } })
    await restored.start()
    expect(restored.session()?.address).toBe(keysV2.wallet.address)
    await expect(restored.personalSign(new TextEncoder().encode('x'))).rejects.toMatchObject({ code: 'WC_RELAY_UNREACHABLE' })
  })
})

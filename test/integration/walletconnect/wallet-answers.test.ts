import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toBase64, unlockKeyBlob } from '../../../src/main/crypto'
import { createWalletConnectSigner } from '../../../src/main/signers/walletconnect/signer'
import { keysV2 } from '../../helpers/vectors'
import { Harness, states } from './harness'

const WALLET_KEY = keysV2.wallet.private_key
const message = new TextEncoder().encode('hello NumerBay')

describe('WalletConnect: what the wallet answers', () => {
  let harness: Harness
  beforeEach(async () => {
    harness = await Harness.start()
  })
  afterEach(async () => {
    await harness.dispose()
  })

  it('a wallet that rejects the connection', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY, mode: 'reject-session' })
    const service = harness.service()
    await expect(harness.pair(service, wallet)).rejects.toMatchObject({ code: 'WC_SESSION_REJECTED', expected: true })
    expect(service.status()).toEqual({ state: 'idle' })
    expect(service.session()).toBeNull()
  })

  it('a wallet that rejects the signature request', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY, mode: 'reject-request' })
    const service = harness.service()
    await harness.pair(service, wallet)
    await expect(service.personalSign(message)).rejects.toMatchObject({ code: 'SIGNER_REJECTED' })
    expect(service.status().state).toBe('connected')
  })

  it('a wallet that answers v = 0/1: normalised to 27/28, and the v01 key vector unlocks', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY, mode: 'v01' })
    const service = harness.service()
    await harness.pair(service, wallet)
    const signature = await service.personalSign(message)
    expect([27, 28]).toContain(signature[64])
    const keyPair = await unlockKeyBlob(keysV2.keys_v01.encrypted_private_key_v2, createWalletConnectSigner(service))
    expect(toBase64(keyPair.privateKey)).toBe(keysV2.keys_v01.private_key)
  })

  it('a signature that does not recover (smart-contract wallet) is refused with the explanation', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY, mode: 'bad-signature' })
    const service = harness.service()
    await harness.pair(service, wallet)
    const error = await service.personalSign(message).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'WC_SMART_CONTRACT_SIGNATURE' })
    expect((error as Error).message).toMatch(/smart-contract wallet/)
    expect((error as Error).message).toMatch(/cannot hold a NumerBay v2 key/)
  })

  it('a request the wallet does not answer in time fails with a timeout, and can be cancelled', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY, mode: 'slow', slowMs: 5_000 })
    const service = harness.service()
    await harness.pair(service, wallet)
    await expect(service.personalSign(message, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'WC_REQUEST_TIMEOUT' })
    const controller = new AbortController()
    const pending = service.personalSign(message, { signal: controller.signal })
    setTimeout(() => controller.abort(), 100)
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(service.status().state).toBe('connected')
    expect(states(harness.statuses)).toContain('awaiting-approval')
  })

  it('a session ended in the wallet: status expired, signing says not connected', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service()
    await harness.pair(service, wallet)
    const ended = new Promise<void>((resolve) => service.onStatus((status) => status.state === 'expired' && resolve()))
    await wallet.disconnectAll()
    await ended
    expect(service.status()).toEqual({ state: 'expired', reason: 'session-deleted' })
    await expect(service.personalSign(message)).rejects.toMatchObject({ code: 'WC_NOT_CONNECTED' })
  })

  it('disconnect ends the session in the wallet and locally', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service()
    await harness.pair(service, wallet)
    await service.disconnect()
    expect(service.session()).toBeNull()
    expect(service.status()).toEqual({ state: 'idle' })
  })
})

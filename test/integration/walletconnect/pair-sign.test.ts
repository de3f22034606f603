import { stat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Wallet } from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createKeyBlob, toBase64, unlockKeyBlob } from '../../../src/main/crypto'
import { recoverPersonalSigner, signatureToHex } from '../../../src/main/signers/signature'
import { createWalletConnectSigner } from '../../../src/main/signers/walletconnect/signer'
import { watchNetwork, type NetworkGuard } from '../../fixtures/walletconnect/network-guard'
import { keysV2 } from '../../helpers/vectors'
import { Harness, states } from './harness'

const WALLET_KEY = keysV2.wallet.private_key

describe('WalletConnect: pair and sign through the local relay', () => {
  let harness: Harness
  let network: NetworkGuard

  beforeEach(async () => {
    network = watchNetwork()
    harness = await Harness.start()
  })
  afterEach(async () => {
    await harness.dispose()
    network.stop()
  })

  it('pairs by QR, signs, and the signature recovers and equals ethers signMessage', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service()
    const session = await harness.pair(service, wallet)
    expect(session).toMatchObject({ address: keysV2.wallet.address, walletName: 'Test Wallet', chainId: 'eip155:1' })
    const pairing = harness.statuses.find((status) => status.state === 'pairing')
    expect(pairing?.state === 'pairing' && pairing.uri.startsWith('wc:') && pairing.qrDataUrl.startsWith('data:image/png;base64,')).toBe(true)

    const signer = createWalletConnectSigner(service)
    expect(await signer.address()).toBe(keysV2.wallet.address)
    const message = new TextEncoder().encode('Sign this to retrieve your encryption key.\n\nSalt:abc')
    const signature = await signer.signPersonalMessage(message)
    expect(signature.length).toBe(65)
    expect(recoverPersonalSigner(message, signature)).toBe(keysV2.wallet.address)
    expect(signatureToHex(signature)).toBe(await new Wallet(WALLET_KEY).signMessage(message))
    expect(wallet.requests).toEqual([{ method: 'personal_sign', params: [`0x${Buffer.from(message).toString('hex')}`, keysV2.wallet.address] }])
    expect(states(harness.statuses)).toEqual(['pairing', 'connected', 'awaiting-approval', 'connected'])

    // A second connect reuses the live session: no new QR code.
    await service.connect()
    expect(states(harness.statuses).filter((state) => state === 'pairing')).toHaveLength(1)

    // The watcher does see the relay's loopback socket, and nothing else.
    expect(network.peers.some((peer) => peer.startsWith('127.0.0.1:'))).toBe(true)
    expect(network.nonLoopback()).toEqual([])
    expect(network.peers.some((peer) => peer.startsWith('fetch'))).toBe(false)
  })

  it('keeps sessions in an owner-only folder, and never writes the pairing URI or a signature elsewhere', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service()
    await harness.pair(service, wallet)
    await service.close()
    expect((await stat(harness.storageDir)).mode & 0o777).toBe(0o700)
    const file = join(harness.storageDir, 'storage.json')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    expect(Object.keys(stored).some((key) => key.includes('numerbay-desktop') && key.endsWith('session'))).toBe(true)
  })

  it('unlocks the keys-v2 (v = 27/28) blob through WalletConnect', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service()
    await harness.pair(service, wallet)
    const keyPair = await unlockKeyBlob(keysV2.keys_v27.encrypted_private_key_v2, createWalletConnectSigner(service))
    expect(toBase64(keyPair.privateKey)).toBe(keysV2.keys_v27.private_key)
    expect(toBase64(keyPair.publicKey)).toBe(keysV2.keys_v27.public_key)
  })

  it('creates a key through WalletConnect (determinism check signs twice) that unlocks again', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const service = harness.service()
    await harness.pair(service, wallet)
    const signer = createWalletConnectSigner(service)
    const created = await createKeyBlob(signer)
    expect(wallet.requests).toHaveLength(2)
    const unlocked = await unlockKeyBlob(created.blob, signer)
    expect(toBase64(unlocked.privateKey)).toBe(toBase64(created.keyPair.privateKey))
  })
})

import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Wallet } from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { recoverPersonalSigner, signatureToHex } from '../../../src/main/signers/signature'
import { WalletConnectService } from '../../../src/main/signers/walletconnect/service'
import { createWalletConnectSigner } from '../../../src/main/signers/walletconnect/signer'
import type { WalletConnectStatus } from '../../../src/shared/walletconnect'
import { startTestRelay, type TestRelay } from '../../fixtures/walletconnect/relay'
import { startTestWallet, type TestWallet } from '../../fixtures/walletconnect/wallet'
import { keysV2 } from '../../helpers/vectors'

const WALLET_KEY = keysV2.wallet.private_key

describe('WalletConnect pairing and personal_sign through the local relay', () => {
  let relay: TestRelay
  let dir: string
  let wallet: TestWallet | undefined
  let service: WalletConnectService | undefined

  beforeEach(async () => {
    relay = await startTestRelay()
    dir = await mkdtemp(join(tmpdir(), 'wc-'))
  })
  afterEach(async () => {
    await service?.close()
    await wallet?.close()
    await relay.close()
    await rm(dir, { recursive: true, force: true })
    service = undefined
    wallet = undefined
  })

  function newService() {
    return new WalletConnectService({ projectId: 'test', relayUrl: relay.url, storageDir: join(dir, 'walletconnect') })
  }

  it('pairs by QR, signs, and the signature recovers and equals ethers signMessage', async () => {
    wallet = await startTestWallet({ relayUrl: relay.url, privateKey: WALLET_KEY })
    service = newService()
    const statuses: WalletConnectStatus[] = []
    service.onStatus((status) => {
      statuses.push(status)
      if (status.state === 'pairing') void wallet!.pair(status.uri)
    })
    const session = await service.connect()
    expect(session.address).toBe(keysV2.wallet.address)
    expect(session.walletName).toBe('Test Wallet')
    const pairing = statuses.find((status) => status.state === 'pairing')
    expect(pairing?.state === 'pairing' && pairing.qrDataUrl.startsWith('data:image/png;base64,')).toBe(true)

    const signer = createWalletConnectSigner(service)
    const message = new TextEncoder().encode('Sign this to retrieve your encryption key.\n\nSalt:abc')
    const signature = await signer.signPersonalMessage(message)
    expect(signature.length).toBe(65)
    expect(recoverPersonalSigner(message, signature)).toBe(keysV2.wallet.address)
    expect(signatureToHex(signature)).toBe(await new Wallet(WALLET_KEY).signMessage(message))
    expect(wallet.requests[0]).toEqual({ method: 'personal_sign', params: [`0x${Buffer.from(message).toString('hex')}`, keysV2.wallet.address] })
    expect(statuses.map((status) => status.state)).toEqual(['pairing', 'connected', 'awaiting-approval', 'connected'])

    const storeDir = await stat(join(dir, 'walletconnect'))
    const storeFile = await stat(join(dir, 'walletconnect', 'storage.json'))
    expect(storeDir.mode & 0o777).toBe(0o700)
    expect(storeFile.mode & 0o777).toBe(0o600)
  })
})

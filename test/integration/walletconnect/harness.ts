import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WalletConnectService, type WalletConnectTimeouts } from '../../../src/main/signers/walletconnect/service'
import type { WalletConnectStatus } from '../../../src/shared/walletconnect'
import { startTestRelay, type TestRelay } from '../../fixtures/walletconnect/relay'
import { startTestWallet, type TestWallet, type TestWalletOptions } from '../../fixtures/walletconnect/wallet'

/** One relay, one data folder, and whatever services and wallets a test starts; `dispose` ends them all. */
export class Harness {
  readonly services: WalletConnectService[] = []
  readonly wallets: TestWallet[] = []
  readonly statuses: WalletConnectStatus[] = []

  private constructor(
    readonly relay: TestRelay,
    readonly dir: string,
  ) {}

  static async start(): Promise<Harness> {
    return new Harness(await startTestRelay(), await mkdtemp(join(tmpdir(), 'numerbay-wc-')))
  }

  get storageDir(): string {
    return join(this.dir, 'walletconnect')
  }

  service(options: { relayUrl?: string; timeouts?: Partial<WalletConnectTimeouts> } = {}): WalletConnectService {
    const service = new WalletConnectService({
      projectId: 'test',
      relayUrl: options.relayUrl ?? this.relay.url,
      storageDir: this.storageDir,
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    })
    service.onStatus((status) => this.statuses.push(status))
    this.services.push(service)
    return service
  }

  async wallet(options: Omit<TestWalletOptions, 'relayUrl'>): Promise<TestWallet> {
    const wallet = await startTestWallet({ relayUrl: this.relay.url, ...options })
    this.wallets.push(wallet)
    return wallet
  }

  /** Pairs `service` with `wallet`: the wallet scans each QR code the service shows. */
  async pair(service: WalletConnectService, wallet: TestWallet) {
    const stop = service.onStatus((status) => {
      if (status.state === 'pairing') void wallet.pair(status.uri).catch(() => undefined)
    })
    try {
      return await service.connect()
    } finally {
      stop()
    }
  }

  async dispose(): Promise<void> {
    for (const service of this.services) await service.close()
    for (const wallet of this.wallets) await wallet.close()
    await this.relay.close()
    await rm(this.dir, { recursive: true, force: true })
  }
}

export function states(statuses: readonly WalletConnectStatus[]): string[] {
  return statuses.map((status) => status.state)
}

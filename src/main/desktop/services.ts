import type { StorageCodec } from '../signers/walletconnect/file-storage'
import { DecryptPool } from '../workers/decrypt-pool'
import type { ServiceFactories } from './context'
import { createDecryptPort } from './adapters/decrypt'
import { createDownloadsPort } from './adapters/downloads'
import { createLedgerPort } from './adapters/ledger'
import { createDemoServerPort } from './adapters/demo-server'
import { createVaultPort } from './adapters/vault'
import { createWalletConnectPort } from './adapters/walletconnect'

export interface DefaultServicesOptions {
  readonly dataDir: string
  readonly env: NodeJS.ProcessEnv
  /** An installed app (app.isPackaged): test code such as the Ledger emulator is refused. */
  readonly packaged?: boolean
  /** At-rest encryption of the WalletConnect keychain (the Electron app's safeStorage); none: a plain 0600 file. */
  readonly walletConnectCodec?: () => Promise<StorageCodec | undefined>
}

/**
 * The real services, each built on first use. Heavy or device-bound pieces (node-hid, the WalletConnect SDK,
 * worker threads) start only when a screen needs them. Downloads and offline decryption share one worker pool.
 */
export function createDefaultServices(options: DefaultServicesOptions): ServiceFactories {
  let pool: DecryptPool | null = null
  const sharedPool = (): DecryptPool => (pool ??= new DecryptPool())
  return {
    ledger: () => createLedgerPort(options.env, { packaged: options.packaged ?? false }),
    walletConnect: async ({ settings }) => createWalletConnectPort(settings(), options.dataDir, options.env, await options.walletConnectCodec?.()),
    vault: ({ settings }) => createVaultPort(options.dataDir, () => settings().autoLockMinutes),
    downloads: ({ vault }) => createDownloadsPort(vault, sharedPool()),
    decrypt: ({ vault }) => createDecryptPort(vault, sharedPool()),
    demo: () => createDemoServerPort(),
  }
}

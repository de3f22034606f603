// WalletConnect as the desktop's WalletConnectPort: one service for the app, its sessions kept in the data folder.

import type { WalletConnectSources } from '../../signers/walletconnect/config'
import type { StorageCodec } from '../../signers/walletconnect/file-storage'
import { createWalletConnectService } from '../../signers/walletconnect/from-spec'
import type { WalletConnectService } from '../../signers/walletconnect/service'
import { createWalletConnectSigner } from '../../signers/walletconnect/signer'
import type { WalletConnectPort } from '../ports'

/** Sessions saved earlier are restored from the data folder; `storageCodec` encrypts them at rest. */
export async function createWalletConnectPort(sources: WalletConnectSources, dataDir: string, storageCodec?: StorageCodec): Promise<WalletConnectPort> {
  const service = createWalletConnectService({ walletConnect: sources, dataDir, ...(storageCodec ? { storageCodec } : {}) })
  await service.start()
  const signer = createWalletConnectSigner(service)
  let pairing: Promise<unknown> | null = null
  return {
    status: () => service.status(),
    onStatus: (listener) => service.onStatus(listener),
    async pair() {
      if (service.session()) return service.status()
      // connect() resolves only when the wallet approves; the window needs the QR as soon as it exists.
      const attempt = (pairing ??= service.connect().finally(() => {
        pairing = null
      }))
      return new Promise((resolve, reject) => {
        const check = (status: ReturnType<WalletConnectService['status']>): void => {
          if (status.state !== 'pairing' && status.state !== 'connected') return
          stop()
          resolve(status)
        }
        const stop = service.onStatus(check)
        check(service.status())
        attempt.then(
          () => {
            stop()
            resolve(service.status())
          },
          (error: unknown) => {
            stop()
            reject(error)
          },
        )
      })
    },
    async cancel() {
      service.cancel()
      await pairing?.catch(() => undefined)
    },
    disconnect: () => service.disconnect(),
    signer: () => (service.session() ? signer : null),
    close: () => service.close(),
  }
}

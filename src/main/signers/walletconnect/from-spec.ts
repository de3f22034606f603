// The `walletconnect` signer spec, and the WalletConnect service built the same way for the app and the CLI.

import { AppError } from '../../../shared/errors'
import type { WalletConnectStatus } from '../../../shared/walletconnect'
import { sameAddress } from '../signature'
import type { SignerSpecContext } from '../types'
import type { Signer } from '../types'
import type { StorageCodec } from './file-storage'
import { walletConnectConfig, walletConnectStorageDir, type WalletConnectSources } from './config'
import { WalletConnectService } from './service'
import { createWalletConnectSigner } from './signer'

/** A WalletConnect service with its sessions in <data folder>/walletconnect (the app and the CLI share them). */
export function createWalletConnectService(options: { readonly walletConnect?: WalletConnectSources; readonly dataDir: string; readonly storageCodec?: StorageCodec }): WalletConnectService {
  const config = walletConnectConfig(options.walletConnect ?? {})
  return new WalletConnectService({
    projectId: config.projectId,
    relayUrl: config.relayUrl,
    storageDir: walletConnectStorageDir(options.dataDir),
    ...(options.storageCodec ? { storageCodec: options.storageCodec } : {}),
    ...(config.relayTimeoutMs ? { timeouts: { relayMs: config.relayTimeoutMs } } : {}),
  })
}

/**
 * `walletconnect`: reuses the saved session when it is live, else pairs: the QR code and URI go to
 * context.onPrompt (the CLI prints them on stderr) until the wallet approves. The signer owns its service:
 * closing the signer closes it (the session stays saved for the next run).
 */
export async function createWalletConnectSignerFromSpec(arg: string | undefined, context: SignerSpecContext): Promise<Signer> {
  if (arg) throw new AppError('SIGNER_SPEC_INVALID', { message: 'walletconnect takes no argument.' })
  const service = createWalletConnectService(context)
  const prompt = context.onPrompt
  const stop = service.onStatus((status: WalletConnectStatus) => {
    if (status.state === 'pairing') prompt?.({ kind: 'walletconnect-uri', uri: status.uri, expiresAt: status.expiresAt })
  })
  try {
    await service.start()
    if (!service.session()) {
      // Without a way to show the QR code nobody could ever approve: say how to pair instead of waiting.
      if (!prompt) throw new AppError('WC_NOT_CONNECTED', { message: 'No wallet is connected over WalletConnect. Run `numerbay-desktop walletconnect connect` first.' })
      prompt({ kind: 'text', text: 'Scan the QR code with your phone wallet (WalletConnect) to connect.' })
    }
    const session = await service.connect()
    prompt?.({ kind: 'text', text: `Connected to ${session.walletName} (${session.address}).` })
    if (context.expectedAddress && !sameAddress(context.expectedAddress, session.address)) {
      throw new AppError('WC_ACCOUNT_MISMATCH', {
        message: `The connected wallet account (${session.address}) is not the account of this NumerBay login (${context.expectedAddress}).`,
      })
    }
  } catch (error) {
    stop()
    await service.close()
    throw error
  } finally {
    stop()
  }
  return createWalletConnectSigner(service, {
    closeService: true,
    onApprovalNeeded: (walletName) => prompt?.({ kind: 'text', text: `Approve the signature request on your phone (${walletName}).` }),
  })
}

// The Signer over the WalletConnect session: the paired phone wallet signs.

import { AppError } from '../../../shared/errors'
import type { Signer } from '../types'
import type { RequestOptions, WalletConnectService } from './service'

export interface WalletConnectSignerOptions {
  /** Told before each request, so the person knows to look at their phone. */
  readonly onApprovalNeeded?: (walletName: string) => void
  /** Applies to every request (e.g. the window's Cancel button). */
  readonly signal?: AbortSignal
  readonly timeoutMs?: number
  /** Close the service with the signer (the CLI owns its service; the app's outlives signers). */
  readonly closeService?: boolean
}

/** Every call re-reads the session, so a disconnect is seen at once. */
export function createWalletConnectSigner(service: WalletConnectService, options: WalletConnectSignerOptions = {}): Signer {
  const requestOptions: RequestOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  }
  return {
    kind: 'walletconnect',
    address: async () => {
      await service.start()
      const session = service.session()
      if (!session) throw new AppError('WC_NOT_CONNECTED')
      return session.address
    },
    signPersonalMessage: async (message) => {
      await service.start()
      const session = service.session()
      if (!session) throw new AppError('WC_NOT_CONNECTED')
      options.onApprovalNeeded?.(session.walletName)
      return service.personalSign(message, requestOptions)
    },
    close: async () => {
      if (options.closeService) await service.close()
    },
  }
}

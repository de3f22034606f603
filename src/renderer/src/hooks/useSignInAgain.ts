import type { Result } from '../../../shared/errors'
import { useApi } from '../app/ApiContext'
import { useDownloads } from '../app/DownloadsState'
import { useLiveState } from '../app/LiveState'
import { SIGN_IN_CODES } from '../components/problem'
import { useCall, type UseCall } from './useCall'


export interface SignInAgain {
  /** The current signer can sign in here (a wallet session and a wallet that signs); else the Sign in form is the way. */
  readonly canSignHere: boolean
  /** Files of the run that failed because the sign-in had expired. */
  readonly failedKeys: readonly string[]
  /** Signs in with the wallet again, then retries the given files (default: every one that failed for the sign-in). */
  readonly call: UseCall<[keys?: readonly string[]], unknown>
}

/** "Sign in again": a fresh sign-in with the current wallet, then the downloads that failed for the old one go again. */
export function useSignInAgain(): SignInAgain {
  const api = useApi()
  const { session, signer } = useLiveState()
  const downloads = useDownloads().value
  const failedKeys = (downloads?.files ?? []).filter((file) => file.state === 'failed' && file.error && SIGN_IN_CODES.has(file.error.code)).map((file) => file.key)
  const call = useCall(
    async (keys?: readonly string[]): Promise<Result<unknown>> => {
      const signedIn = await api.signInWithWallet()
      if (!signedIn.ok) return signedIn
      let last: Result<unknown> = signedIn
      for (const key of keys ?? failedKeys) last = await api.resumeDownload({ key })
      return last
    },
    { notify: false },
  )
  const canSignHere = session.value?.method !== 'password' && !!signer.value && signer.value.kind !== 'key-file'
  return { canSignHere, failedKeys, call }
}

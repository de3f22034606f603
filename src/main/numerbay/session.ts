// Calls that outlive NumerBay's access token (8 days, no refresh), so a long sync or a watch keeps going after it
// expires.

import { isAppError } from '../../shared/errors'
import type { NumerBayClient, SignInResult } from './client'

/**
 * A signed-in NumerBay session that re-authenticates: when a call fails because the token expired, `signIn`
 * runs again (the wallet signs a new nonce) and the call is repeated once.
 */
export interface NumerBaySession {
  readonly client: NumerBayClient
  /** Runs `task` signed in, signing in first or again as needed. */
  run<T>(task: (client: NumerBayClient) => Promise<T>): Promise<T>
  /** Signs in now (again). */
  signIn(): Promise<SignInResult>
  readonly lastSignIn: SignInResult | null
}

export function createSession(client: NumerBayClient, signIn: (client: NumerBayClient) => Promise<SignInResult>): NumerBaySession {
  let lastSignIn: SignInResult | null = null
  let pending: Promise<SignInResult> | null = null
  const doSignIn = (): Promise<SignInResult> => {
    // Concurrent callers share one sign-in: a second nonce request would invalidate the first.
    pending ??= signIn(client).then(
      (result) => {
        lastSignIn = result
        pending = null
        return result
      },
      (error: unknown) => {
        pending = null
        throw error
      },
    )
    return pending
  }
  return {
    client,
    get lastSignIn() {
      return lastSignIn
    },
    signIn: doSignIn,
    async run(task) {
      if (!client.signedIn) await doSignIn()
      try {
        return await task(client)
      } catch (error) {
        if (!isAppError(error) || (error.code !== 'API_SESSION_EXPIRED' && error.code !== 'API_SIGN_IN_REQUIRED')) throw error
        await doSignIn()
        return task(client)
      }
    },
  }
}

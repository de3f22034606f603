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

function refusedToken(error: unknown): boolean {
  return isAppError(error) && (error.code === 'API_SESSION_EXPIRED' || error.code === 'API_SIGN_IN_REQUIRED')
}

export function createSession(client: NumerBayClient, signIn: (client: NumerBayClient) => Promise<SignInResult>): NumerBaySession {
  let lastSignIn: SignInResult | null = null
  let pending: Promise<SignInResult> | null = null
  /** Sign-ins that succeeded: a call refused with an older token than the current one needs no new sign-in. */
  let generation = 0
  const doSignIn = (): Promise<SignInResult> => {
    // Concurrent callers share one sign-in: a second nonce request would invalidate the first.
    pending ??= signIn(client).then(
      (result) => {
        lastSignIn = result
        generation++
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
      if (pending) await pending
      if (!client.signedIn) await doSignIn()
      const startedWith = generation
      try {
        return await task(client)
      } catch (error) {
        if (!refusedToken(error)) throw error
        // Several calls sent with one expired token all come back refused; only the first signs in again (with a
        // wallet, each sign-in is a signature the person gives), the rest wait for it or use the token it got.
        if (pending) await pending
        else if (generation === startedWith) await doSignIn()
        return task(client)
      }
    },
  }
}

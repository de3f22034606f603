// Signing in to NumerBay, the same way for the app, the CLI and watch: with the wallet (it signs NumerBay's
// one-time nonce) or with a username and password; then the vault follows the account (its key, and the
// local keyring of its wallet).

import type { NumerBayClient, SignInResult } from '../numerbay/client'
import type { ApiUser } from '../numerbay/schemas'
import { createSession, type NumerBaySession } from '../numerbay/session'
import type { Signer } from '../signers/types'

export type SignInMeans =
  | { readonly kind: 'wallet'; readonly signer: Signer }
  | { readonly kind: 'password'; readonly username: string; readonly password: string }


/** The part of the vault sign-in needs: the account (and, for a wallet, whose keyring to read). */
export interface AccountVault {
  setAccount(user: ApiUser, walletAddress?: string): Promise<unknown>
}

/** Signs in once and points the vault (when given) at the account. */
export async function signIn(client: NumerBayClient, means: SignInMeans, vault?: AccountVault | null): Promise<SignInResult> {
  if (means.kind === 'wallet') {
    const result = await client.signInWithWallet(means.signer)
    await vault?.setAccount(result.user, await means.signer.address())
    return result
  }
  const result = await client.signInWithPassword(means.username, means.password)
  await vault?.setAccount(result.user)
  return result
}

/**
 * A session that signs in again with the same means when NumerBay refuses the token (8 days, no refresh):
 * for long runs such as watch. With a hardware or phone wallet, that sign-in needs the person (the nonce).
 */
export function signedInSession(client: NumerBayClient, means: SignInMeans, vault?: AccountVault | null, onSignIn?: (result: SignInResult) => void): NumerBaySession {
  return createSession(client, async () => {
    const result = await signIn(client, means, vault)
    onSignIn?.(result)
    return result
  })
}

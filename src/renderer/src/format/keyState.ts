// What the screens ask of the key's state: is it unlocked, and which scheme does the account's key use.

import type { Account, KeyState } from '../../../shared/ipc'

export type KeyScheme = 'v2' | 'legacy' | 'none' | 'unknown'

export function isUnlocked(key: KeyState | undefined): boolean {
  return key?.state === 'unlocked'
}

/** Which key the account has on the server; with no account (a key file, or signed out) it is unknown. */
export function keyScheme(account: Account | null | undefined, key: KeyState | undefined): KeyScheme {
  if (account) return account.keyKind
  if (key?.state === 'legacy' || key?.state === 'none') return key.state
  return 'unknown'
}

// A sealed box does not say which public key it was sealed to, and a file uploaded before a key replacement
// stays sealed to the old key while its order names the new one. So opening a file means trying each key you
// hold until one authenticates: this is that loop, used by sync (per download) and by offline decryption.

import { isAppError } from '../../shared/errors'

/** Told before each further key is tried, after `failedKey` did not authenticate the file. */
export type WrongKeyListener = (failedKey: string, nextKey: string, attempt: number) => void

/**
 * Runs `attempt` with each key in turn (the expected key first), moving on only when the file does not
 * authenticate (SEALED_AUTH_FAILED); any other error, or the last key's failure, is thrown as it is.
 */
export async function tryEachKey<K, T>(keys: readonly K[], attempt: (key: K) => Promise<T>, onWrongKey?: (failed: K, next: K, attempt: number) => void): Promise<T> {
  if (keys.length === 0) throw new Error('tryEachKey needs at least one key')
  for (let index = 0; ; index++) {
    const key = keys[index]!
    try {
      return await attempt(key)
    } catch (error) {
      const next = keys[index + 1]
      if (next === undefined || !isAppError(error) || error.code !== 'SEALED_AUTH_FAILED') throw error
      onWrongKey?.(key, next, index + 2)
    }
  }
}

/** The keys to try for a file expected under `expected`: that one first, then every other key held. */
export function keysToTry(expected: string | null, held: readonly string[]): string[] {
  const rest = held.filter((key) => key !== expected)
  return expected === null ? rest : [expected, ...rest]
}

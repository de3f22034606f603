import { describe, expect, it } from 'vitest'
import { keysToTry, tryEachKey } from '../../../src/main/crypto/key-trial'
import { keyPairFromPrivateKey, toBase64 } from '../../../src/main/crypto/key-pair'
import { KeyDomain } from '../../../src/main/desktop/domains/key'
import { EventHub } from '../../../src/main/desktop/event-hub'
import type { VaultPort } from '../../../src/main/desktop/ports'
import { Services } from '../../../src/main/desktop/services'
import { ScriptedDialogs } from '../../../src/main/preview/dialogs'
import { heldKeys, heldPairs, keyFileKeys, vaultKeys, type KeyHolder } from '../../../src/main/workflows/keys'
import { AppError } from '../../../src/shared/errors'
import { defaultSettings } from '../../../src/shared/ipc/settings'

const pair = (byte: number) => keyPairFromPrivateKey(new Uint8Array(32).fill(byte))
const CURRENT = pair(1)
const OLDER = pair(2)
const OLDEST = pair(3)
const [current, older, oldest] = [CURRENT, OLDER, OLDEST].map((p) => toBase64(p.publicKey)) as [string, string, string]

/** A vault that knows three public keys but holds only some private keys (a locked key, a locked keyring entry). */
function vaultHolding(held: readonly string[]): KeyHolder {
  const pairs = new Map([
    [current, CURRENT],
    [older, OLDER],
    [oldest, OLDEST],
  ])
  return {
    knownKeys: () => ({ currentPublicKey: current, keyringPublicKeys: [older, oldest] }),
    holds: (key) => held.includes(key),
    keyPairFor: (key) => (held.includes(key) ? { publicKey: pairs.get(key)!.publicKey.slice(), privateKey: pairs.get(key)!.privateKey.slice() } : null),
  }
}

describe('the held-key rule', () => {
  it('holds the current key first, then keyring keys, and only those whose private key is here', () => {
    expect(heldKeys(vaultHolding([current, older, oldest]))).toEqual([current, older, oldest])
    // A locked current key opens nothing: it is known, not held.
    expect(heldKeys(vaultHolding([oldest]))).toEqual([oldest])
    expect(heldPairs(vaultKeys(vaultHolding([older]))).map((p) => toBase64(p.publicKey))).toEqual([older])
  })

  it('the app and the CLI use the same rule: the desktop key domain offers sync exactly heldKeys(vault)', async () => {
    const holder = vaultHolding([older])
    const vault = { ...holder, status: () => ({ state: 'locked', publicKey: current, autoLockAt: null, keyringPublicKeys: [older, oldest], keyringUnlocked: true }) } as unknown as VaultPort
    const services = new Services({ vault: () => vault }, { settings: () => defaultSettings })
    const domain = new KeyDomain({
      services,
      events: new EventHub(),
      dialogs: new ScriptedDialogs(),
      user: () => null,
      signedInClient: () => {
        throw new AppError('NOT_SIGNED_IN')
      },
      signingSigner: () => {
        throw new AppError('NO_SIGNER')
      },
      optionalSigner: () => null,
    })
    const source = await domain.keySource()
    // Before, the app offered every known key (heldPublicKeys(knownKeys)), the locked current key included.
    expect(source.held()).toEqual(heldKeys(holder))
    expect(source.held()).toEqual([older])
    expect(source.holds(current)).toBe(false)
  })

  it('a key file holds its one key and hands out copies, wiped on dispose', () => {
    // A pair as read from a file, in plain memory so the test can look at it after the wipe.
    const file = { publicKey: keyPairFromPrivateKey(new Uint8Array(32).fill(5)).publicKey, privateKey: new Uint8Array(32).fill(5) }
    const source = keyFileKeys(file)
    const copy = source.keyPairFor(toBase64(file.publicKey))!
    copy.privateKey.fill(0)
    expect(file.privateKey.every((byte) => byte === 5)).toBe(true)
    expect(source.keyPairFor(current)).toBeNull()
    source.dispose()
    expect(file.privateKey.every((byte) => byte === 0)).toBe(true)
  })
})

describe('the keyring-trial loop', () => {
  it('tries the expected key first, then every other held key once', () => {
    expect(keysToTry(older, [current, older, oldest])).toEqual([older, current, oldest])
    expect(keysToTry(null, [current, older])).toEqual([current, older])
  })

  it('moves on only when the file does not authenticate, and says so', async () => {
    const tried: string[] = []
    const told: Array<[string, string, number]> = []
    const result = await tryEachKey(
      [current, older, oldest],
      async (key) => {
        tried.push(key)
        if (key !== oldest) throw new AppError('SEALED_AUTH_FAILED')
        return 'opened'
      },
      (failed, next, attempt) => told.push([failed, next, attempt]),
    )
    expect(result).toBe('opened')
    expect(tried).toEqual([current, older, oldest])
    expect(told).toEqual([
      [current, older, 2],
      [older, oldest, 3],
    ])
  })

  it('stops at any other error, and reports the last key\'s failure as it is', async () => {
    const attempts: string[] = []
    await expect(
      tryEachKey([current, older], async (key) => {
        attempts.push(key)
        throw new AppError('DOWNLOAD_NETWORK')
      }),
    ).rejects.toMatchObject({ code: 'DOWNLOAD_NETWORK' })
    expect(attempts).toEqual([current])
    await expect(tryEachKey([current], async () => Promise.reject(new AppError('SEALED_AUTH_FAILED')))).rejects.toMatchObject({ code: 'SEALED_AUTH_FAILED' })
  })
})

// The sign-in, unlock and key-replacement workflows over fakes: what they ask of the client, the signer and
// the vault, in which order, and what they leave alone.
import { describe, expect, it } from 'vitest'
import type { NumerBayClient, SignInResult } from '../../../src/main/numerbay/client'
import type { ApiUser } from '../../../src/main/numerbay/schemas'
import type { Signer } from '../../../src/main/signers/types'
import { planKeyReplacement, replaceKey, type ReplacingVault } from '../../../src/main/workflows/replace-key'
import { signIn, signedInSession } from '../../../src/main/workflows/sign-in'
import { needsUnlock, unlockForDecryption, unlockKey, type UnlockableVault } from '../../../src/main/workflows/unlock'
import { AppError } from '../../../src/shared/errors'
import type { ReplaceKeyReport, VaultStatus } from '../../../src/shared/numerbay'

const user = { id: 7, username: 'buyer', public_address: '0xabc' } as unknown as ApiUser
const signer: Signer = { kind: 'software', address: async () => '0xABC', signPersonalMessage: async () => new Uint8Array(65) }

function fakeClient(log: string[], failFirst?: AppError) {
  let failing = failFirst
  const result = (method: 'wallet' | 'password'): SignInResult => ({ user, expiresAt: 0, method })
  return {
    signedIn: false,
    signInWithWallet: async (given: Signer) => {
      log.push(`nonce signed by ${await given.address()}`)
      return result('wallet')
    },
    signInWithPassword: async (username: string, password: string) => {
      log.push(`password ${username}/${password.length}`)
      return result('password')
    },
    getMe: async () => {
      if (failing) {
        const error = failing
        failing = undefined
        throw error
      }
      log.push('getMe')
      return user
    },
    getGlobals: async () => ({ selling_round: 600 }),
    searchOrders: async () => ({ total: 0, data: [] }),
  } as unknown as NumerBayClient
}

describe('sign-in', () => {
  it('a wallet signs the nonce, then the vault follows the account and that wallet', async () => {
    const log: string[] = []
    const accounts: unknown[] = []
    const result = await signIn(fakeClient(log), { kind: 'wallet', signer }, { setAccount: async (...args) => void accounts.push(args) })
    expect(result).toMatchObject({ user, method: 'wallet' })
    expect(log).toEqual(['nonce signed by 0xABC'])
    expect(accounts).toEqual([[user, '0xABC']])
  })

  it('a password signs in without a wallet; the vault reads the account\'s own wallet', async () => {
    const log: string[] = []
    const accounts: unknown[] = []
    await signIn(fakeClient(log), { kind: 'password', username: 'buyer', password: 'secret' }, { setAccount: async (...args) => void accounts.push(args) })
    expect(log).toEqual(['password buyer/6'])
    expect(accounts).toEqual([[user]])
  })

  it('a long run signs in again, once, with the same means when NumerBay refuses the token', async () => {
    const log: string[] = []
    const client = fakeClient(log, new AppError('API_SESSION_EXPIRED'))
    const signIns: string[] = []
    const session = signedInSession(client, { kind: 'wallet', signer }, null, (result) => signIns.push(result.method))
    expect(await session.run((c) => c.getMe())).toBe(user)
    // First sign-in (no token yet), the refused call, a second sign-in, the call again.
    expect(log).toEqual(['nonce signed by 0xABC', 'nonce signed by 0xABC', 'getMe'])
    expect(signIns).toEqual(['wallet', 'wallet'])
  })
})

function status(state: VaultStatus['state'], keyring: { keys?: string[]; unlocked?: boolean } = {}): VaultStatus {
  return { state, publicKey: null, autoLockAt: null, keyringPublicKeys: keyring.keys ?? [], keyringUnlocked: keyring.unlocked ?? false }
}

describe('unlock', () => {
  it('needs a signature for a locked key or a locked keyring, never for an account without a v2 key', () => {
    expect(needsUnlock(status('locked'))).toBe(true)
    expect(needsUnlock(status('unlocked'))).toBe(false)
    expect(needsUnlock(status('unlocked', { keys: ['k'], unlocked: false }))).toBe(true)
    expect(needsUnlock(status('unlocked', { keys: ['k'], unlocked: true }))).toBe(false)
    expect(needsUnlock(status('none', { keys: ['k'] }))).toBe(false)
    expect(needsUnlock(status('legacy'))).toBe(false)
  })

  it('asks the wallet only when there is something to unlock, and passes the keyring choice on', async () => {
    const calls: unknown[] = []
    let current = status('locked')
    const vault: UnlockableVault = {
      status: () => current,
      unlock: async (_signer, options) => {
        calls.push(options ?? {})
        current = status('unlocked')
        return current
      },
    }
    let told = 0
    expect(await unlockForDecryption(vault, signer, () => told++)).toBe(true)
    expect(await unlockForDecryption(vault, signer, () => told++)).toBe(false)
    expect(told).toBe(1)
    await unlockKey(vault, signer, { keyring: false })
    expect(calls).toEqual([{}, { keyring: false }])
  })
})

describe('key replacement', () => {
  const report = { sellingRound: 600 } as unknown as ReplaceKeyReport

  it('plans from the account as NumerBay has it now, and changes nothing', async () => {
    const log: string[] = []
    const seen: unknown[] = []
    const vault: ReplacingVault = {
      setAccount: async (given) => void seen.push(['account', given]),
      planReplacement: (given, orders, globals) => {
        seen.push(['plan', given, orders, globals.selling_round])
        return report
      },
      replaceKey: async () => {
        throw new Error('planning must not replace')
      },
    }
    expect(await planKeyReplacement(fakeClient(log), vault)).toBe(report)
    expect(log).toEqual(['getMe'])
    expect(seen).toEqual([
      ['account', user],
      ['plan', user, [], 600],
    ])
  })

  it('replaces through the vault with the confirmation it was given', async () => {
    const confirm = async () => false
    let given: unknown = null
    const vault = {
      replaceKey: async (options: unknown) => {
        given = options
        throw new AppError('KEY_REPLACE_NOT_CONFIRMED')
      },
    } as unknown as ReplacingVault
    const client = fakeClient([])
    await expect(replaceKey({ client, vault, signer, confirm })).rejects.toMatchObject({ code: 'KEY_REPLACE_NOT_CONFIRMED' })
    expect(given).toEqual({ client, signer, confirm })
  })
})

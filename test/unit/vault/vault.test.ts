import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import type { ApiOrder, ApiUser } from '../../../src/main/numerbay'
import { createVault, planKeyReplacement, rekeyReason, type VaultTimers } from '../../../src/main/vault'
import type { VaultStatus } from '../../../src/shared/numerbay'
import { keysV2 } from '../../helpers/vectors'

const user: ApiUser = {
  id: 1,
  username: 'u',
  email: null,
  is_active: true,
  public_address: keysV2.wallet.address_lower,
  social_discord: null,
  social_linkedin: null,
  social_twitter: null,
  social_website: null,
  public_key: null,
  encrypted_private_key: null,
  public_key_v2: keysV2.keys_v27.public_key,
  encrypted_private_key_v2: keysV2.keys_v27.encrypted_private_key_v2,
}

/** A hand-driven clock and timer queue. */
function manualTimers() {
  let now = 1_000
  const pending = new Map<number, { at: number; callback: () => void }>()
  let nextId = 1
  const timers: VaultTimers = {
    setTimeout: (callback, ms) => {
      const id = nextId++
      pending.set(id, { at: now + ms, callback })
      return id
    },
    clearTimeout: (id) => void pending.delete(id as number),
  }
  return {
    timers,
    now: () => now,
    advance(ms: number) {
      now += ms
      for (const [id, timer] of [...pending]) if (timer.at <= now) {
        pending.delete(id)
        timer.callback()
      }
    },
    pendingCount: () => pending.size,
  }
}

describe('vault (unit)', () => {
  let dataDir: string
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'nb-vault-unit-'))
  })
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('unlocks the web-app vector key and auto-locks after the idle time, wiping it', async () => {
    const clock = manualTimers()
    const vault = createVault({ dataDir, autoLockMs: 60_000, now: clock.now, timers: clock.timers })
    const events: VaultStatus[] = []
    vault.onStatus((s) => events.push(s))
    await vault.setAccount(user)
    const status = await vault.unlock(createKeySigner(parsePrivateKeyHex(keysV2.wallet.private_key)))
    expect(status).toMatchObject({ state: 'unlocked', publicKey: keysV2.keys_v27.public_key, autoLockAt: 61_000 })
    const pair = vault.keyPairFor(keysV2.keys_v27.public_key)!
    expect(Buffer.from(pair.privateKey).toString('base64')).toBe(keysV2.keys_v27.private_key)

    clock.advance(30_000)
    vault.touch()
    expect(vault.status().autoLockAt).toBe(91_000)
    clock.advance(59_999)
    expect(vault.status().state).toBe('unlocked')
    clock.advance(1)
    expect(vault.status()).toMatchObject({ state: 'locked', autoLockAt: null })
    expect(vault.keyPairFor(keysV2.keys_v27.public_key)).toBeNull()
    expect(events.at(-1)?.state).toBe('locked')
    expect(clock.pendingCount()).toBe(0)
  })

  it('applies a changed auto-lock time to the unlocked key at once', async () => {
    const clock = manualTimers()
    const vault = createVault({ dataDir, autoLockMs: 60_000, now: clock.now, timers: clock.timers })
    await vault.setAccount(user)
    await vault.unlock(createKeySigner(parsePrivateKeyHex(keysV2.wallet.private_key)))
    clock.advance(10_000)
    vault.setAutoLockMs(5_000)
    expect(vault.status().autoLockAt).toBe(16_000) // the manual clock starts at 1 s
    vault.setAutoLockMs(0)
    expect(vault.status()).toMatchObject({ state: 'unlocked', autoLockAt: null })
    expect(clock.pendingCount()).toBe(0)
    vault.setAutoLockMs(1_000)
    clock.advance(1_000)
    expect(vault.status().state).toBe('locked')
  })

  it('unlocks a key made by a wallet that answered v = 0/1', async () => {
    const vault = createVault({ dataDir, autoLockMs: 0 })
    await vault.setAccount({ ...user, public_key_v2: keysV2.keys_v01.public_key, encrypted_private_key_v2: keysV2.keys_v01.encrypted_private_key_v2 })
    expect((await vault.unlock(createKeySigner(parsePrivateKeyHex(keysV2.wallet.private_key)))).state).toBe('unlocked')
    expect(vault.status().autoLockAt).toBeNull()
  })

  it('reports none and legacy states', async () => {
    const vault = createVault({ dataDir })
    expect((await vault.setAccount({ ...user, public_key_v2: null, encrypted_private_key_v2: null })).state).toBe('none')
    expect((await vault.setAccount({ ...user, public_key_v2: null, encrypted_private_key_v2: null, public_key: 'L', encrypted_private_key: '0x' })).state).toBe('legacy')
  })
})

describe('replace plan', () => {
  const order = (id: number, state: string, rounds: number[], key: string | null = 'K'): ApiOrder =>
    ({ id, state, rounds, buyer_public_key: key, date_order: null, round_order: null, mode: 'file', product: { id: 1, name: `p${id}`, sku: null, use_encryption: key !== null, is_active: true, category: null }, artifacts: [] }) as unknown as ApiOrder

  it('follows NumerBay: only confirmed orders covering the selling round with a key are re-keyed', () => {
    expect(rekeyReason(order(1, 'confirmed', [500]), 500)).toBe('rekeyed')
    expect(rekeyReason(order(2, 'confirmed', [499, 500, 501]), 500)).toBe('rekeyed')
    expect(rekeyReason(order(3, 'confirmed', [501, 502]), 500)).toBe('future-round')
    expect(rekeyReason(order(4, 'pending', [500]), 500)).toBe('pending')
    expect(rekeyReason(order(5, 'confirmed', [498]), 500)).toBe('past')
    expect(rekeyReason(order(6, 'expired', [500]), 500)).toBe('not-confirmed')
    expect(rekeyReason(order(7, 'confirmed', [500], null), 500)).toBe('unencrypted')
    const report = planKeyReplacement(user, [order(1, 'confirmed', [500]), order(3, 'confirmed', [501]), order(7, 'confirmed', [500], null)], { selling_round: 500 }, true)
    expect(report.followNewKey.map((l) => l.orderId)).toEqual([1])
    expect(report.keepOldKey.map((l) => l.orderId)).toEqual([3])
    expect(report.unencrypted.map((l) => l.orderId)).toEqual([7])
    expect(report.oldPublicKey).toBe(keysV2.keys_v27.public_key)
  })
})

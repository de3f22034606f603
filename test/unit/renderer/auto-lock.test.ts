import { describe, expect, it } from 'vitest'
import { lockedByAutoLock } from '../../../src/renderer/src/app/useAutoLockAnnouncement'

const unlocked = (autoLockAt: number | null) => ({ state: 'unlocked' as const, publicKey: 'k', autoLockAt, keyringPublicKeys: [], keyringUnlocked: true })
const locked = { state: 'locked' as const, publicKey: 'k', autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false }

describe('announcing the auto-lock', () => {
  it('tells an auto-lock (at its time) from the person pressing Lock (before it)', () => {
    expect(lockedByAutoLock(unlocked(100_000), locked, 100_200)).toBe(true)
    expect(lockedByAutoLock(unlocked(100_000), locked, 40_000)).toBe(false)
    expect(lockedByAutoLock(unlocked(null), locked, 100_000)).toBe(false)
    expect(lockedByAutoLock(locked, locked, 100_000)).toBe(false)
    expect(lockedByAutoLock(undefined, locked, 100_000)).toBe(false)
  })
})

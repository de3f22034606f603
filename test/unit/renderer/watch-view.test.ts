// The words of "Keep this folder in sync": what blocks starting and where to go, why the manual sync buttons wait,
// and the state of the watch as text (relative times, the round, waiting and missed orders).
import { describe, expect, it } from 'vitest'
import { watchOff, type KeyState, type WatchStateView } from '../../../src/shared/ipc'
import {
  WATCHING_REASON,
  lastCheckText,
  manualSyncBlocked,
  missedText,
  nextCheckText,
  problemFix,
  roundText,
  spanText,
  waitingText,
  watchBlocker,
} from '../../../src/renderer/src/screens/Downloads/watchView'

const key = (state: KeyState['state']): KeyState => ({ state, publicKey: 'cHVi', autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false })
const watching = (overrides: Partial<WatchStateView> = {}): WatchStateView => ({ ...watchOff(), state: 'watching', destination: '/d', intervalMs: 120_000, ...overrides })

describe('what blocks watching', () => {
  it('asks for sign-in, then the unlock, then a folder, each with the step that fixes it', () => {
    expect(watchBlocker({ signedIn: false, downloadDir: null, key: key('signed-out') })).toMatchObject({ fix: 'navigate', screen: 'sign-in' })
    expect(watchBlocker({ signedIn: true, downloadDir: '/d', key: key('locked') })).toMatchObject({
      reason: 'Unlock your key first: watching decrypts each new file as it arrives.',
      fix: 'navigate',
      screen: 'key',
      label: 'Go to the Key screen',
    })
    expect(watchBlocker({ signedIn: true, downloadDir: '/d', key: undefined })).toMatchObject({ screen: 'key' })
    expect(watchBlocker({ signedIn: true, downloadDir: null, key: key('unlocked') })).toMatchObject({ fix: 'choose-folder', reason: expect.stringMatching(/^Choose a download folder first/) })
    expect(watchBlocker({ signedIn: true, downloadDir: '/d', key: key('unlocked') })).toBeNull()
  })

  it('waits, with nothing to press, while a sync by hand writes into the folder', () => {
    expect(watchBlocker({ signedIn: true, downloadDir: '/d', key: key('unlocked'), syncRunning: true })).toEqual({ reason: expect.stringMatching(/^A sync is writing into the folder now/), fix: 'wait' })
    expect(watchBlocker({ signedIn: true, downloadDir: '/d', key: key('unlocked'), syncRunning: false })).toBeNull()
  })

  it('the manual sync buttons wait while watching or stopping, not when off or unknown', () => {
    expect(manualSyncBlocked(undefined)).toBeNull()
    expect(manualSyncBlocked(watchOff())).toBeNull()
    expect(manualSyncBlocked(watching())).toBe(WATCHING_REASON)
    expect(manualSyncBlocked(watching({ state: 'stopping' }))).toBe(WATCHING_REASON)
    expect(WATCHING_REASON).toMatch(/^Watching keeps this folder in sync/)
  })
})

describe('the state in words', () => {
  const now = 1_000_000_000

  it('spans: seconds, minutes, hours', () => {
    expect(spanText(0)).toBe('0 s')
    expect(spanText(42_400)).toBe('42 s')
    expect(spanText(119_000)).toBe('1 min')
    expect(spanText(3_900_000)).toBe('1 h 05 min')
  })

  it('the next check: checking now, soon, in a while, stopping', () => {
    expect(nextCheckText(watching({ checking: true, nextCheckAt: now + 5000 }), now)).toBe('Checking now…')
    expect(nextCheckText(watching({ nextCheckAt: now + 95_000 }), now)).toBe('In 1 min')
    expect(nextCheckText(watching({ nextCheckAt: now + 12_000 }), now)).toBe('In 12 s')
    expect(nextCheckText(watching({ nextCheckAt: now - 3000 }), now)).toBe('In a moment')
    expect(nextCheckText(watching({ state: 'stopping' }), now)).toBe('Stopping…')
    expect(nextCheckText(watchOff(), now)).toBe('Not watching')
  })

  it('the last check: not yet, the first running, a while ago', () => {
    expect(lastCheckText(watching(), now)).toBe('Not yet')
    expect(lastCheckText(watching({ checking: true }), now)).toBe('The first check is running')
    expect(lastCheckText(watching({ lastCheckAt: now - 200 }), now)).toBe('Just now')
    expect(lastCheckText(watching({ lastCheckAt: now - 180_000 }), now)).toBe('3 min ago')
  })

  it('the round and its files; waiting and missed orders', () => {
    expect(roundText(watching())).toBe('Known after the first check')
    expect(roundText(watching({ round: 520, filesThisRound: 1 }))).toBe('Round 520: 1 file received')
    expect(roundText(watching({ round: 520, filesThisRound: 3 }))).toBe('Round 520: 3 files received')
    expect(waitingText({ orderId: 7, productName: 'alpha', sinceMs: 600_000 })).toBe('alpha (order 7): no file from the seller yet, for 10 min')
    expect(waitingText({ orderId: 7, productName: 'alpha', sinceMs: 0 })).toBe('alpha (order 7): no file from the seller yet')
    expect(missedText({ orderId: 8, productName: 'beta', round: 519 })).toBe('beta (order 8): no file arrived in round 519')
  })

  it('a problem offers the step that fixes it, or none when the next check is the fix', () => {
    expect(problemFix({ code: 'VAULT_LOCKED' })).toEqual({ screen: 'key', label: 'Go to the Key screen' })
    expect(problemFix({ code: 'API_SESSION_EXPIRED' })).toEqual({ screen: 'sign-in', label: 'Sign in again' })
    expect(problemFix({ code: 'NETWORK_UNREACHABLE' })).toBeNull()
  })
})

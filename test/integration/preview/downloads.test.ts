// Downloads through the contract, as the window drives them: start, pause all, resume all, and the shutdown
// the app runs on quit (everything paused, manifest flushed, folder lock released).
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DownloadsSnapshot } from '../../../src/shared/ipc'
import { MANIFEST_FILE_NAME } from '../../../src/shared/downloads'
import { acquireSyncLock } from '../../../src/main/downloads/lock'
import type { Backend } from '../../../src/main/desktop/backend'
import type { DemoServerHandle } from '../../../src/demo-server'
import { startTestBackend } from '../../helpers/backend'
import { startTestDemoServer } from '../../helpers/demo-server'

let dir: string
let demo: DemoServerHandle
let backend: Backend

async function ok<T>(name: string, args?: unknown): Promise<T> {
  const result = await backend.dispatch(name, args)
  if (!result.ok) throw new Error(`${name}: ${result.error.code}`)
  return result.value as T
}

async function until(check: (snapshot: DownloadsSnapshot) => boolean): Promise<DownloadsSnapshot> {
  for (let i = 0; i < 600; i++) {
    const snapshot = await ok<DownloadsSnapshot>('getDownloads')
    if (check(snapshot)) return snapshot
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('timed out waiting for the downloads state')
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shell-downloads-'))
  demo = await startTestDemoServer()
  const started = await startTestBackend(dir, demo)
  backend = started.backend
  const dialogs = started.dialogs
  // The destination every test uses, picked in main's dialog (the window cannot name a folder by itself).
  dialogs.answer('folder', join(dir, 'out'))
  await ok('chooseFolder')
  await ok('useDemoSigner')
  await ok('signInWithWallet')
  await ok('unlockKey')
}, 60_000)

afterEach(async () => {
  await backend.close()
  await demo.close()
  await rm(dir, { recursive: true, force: true })
})

describe('downloads through the contract', () => {
  it('pauses and resumes everything, then finishes', async () => {
    const out = join(dir, 'out')
    const events: DownloadsSnapshot[] = []
    backend.events.subscribe((name, payload) => {
      if (name === 'downloads') events.push(payload as DownloadsSnapshot)
    })
    demo.faults.latency(150)
    const started = await ok<DownloadsSnapshot>('startDownloads', { destination: out })
    expect(started.destination).toBe(out)
    expect(started.files.length).toBeGreaterThan(0)
    await ok('pauseAllDownloads')
    const paused = await until((snapshot) => !snapshot.running)
    expect(paused.paused?.reason).toBe('user')
    expect(paused.overall.done).toBeLessThan(paused.overall.total - paused.overall.skipped)
    demo.faults.latency(0)
    await ok('resumeAllDownloads')
    const done = await until((snapshot) => !snapshot.running && snapshot.overall.done + snapshot.overall.skipped === snapshot.overall.total)
    expect(done.overall.failed).toBe(0)
    expect(done.paused).toBeNull()
    expect(events.length).toBeGreaterThan(2)
    await access(join(out, MANIFEST_FILE_NAME))
  })

  it('after a key replacement, decrypts files still sealed to the old key through the keyring', async () => {
    await ok('replaceKey', { confirm: true })
    const out = join(dir, 'out')
    await ok('startDownloads', { destination: out })
    const done = await until((snapshot) => !snapshot.running && snapshot.overall.done + snapshot.overall.skipped + snapshot.overall.failed === snapshot.overall.total)
    // Order 101 was re-keyed to the new key, but its files were uploaded (sealed) before the replacement.
    expect(done.files.filter((file) => file.state === 'failed')).toEqual([])
    expect(done.overall.done).toBeGreaterThan(0)
  })

  it('says when the sync record was damaged and moved aside, as the CLI does', async () => {
    const out = join(dir, 'out')
    await mkdir(out, { recursive: true })
    await writeFile(join(out, MANIFEST_FILE_NAME), '{"version":')
    const started = await ok<DownloadsSnapshot>('startDownloads', { destination: out })
    expect(started.recordSetAside).toMatch(/numerbay-sync/)
    const done = await until((snapshot) => !snapshot.running)
    expect(done.recordSetAside).toBe(started.recordSetAside)
    expect(done.recordProblem).toBeNull()
    expect(done.overall.done).toBeGreaterThan(0)
  })

  it('shuts down mid-run: paused, manifest on disk, folder lock released', async () => {
    const out = join(dir, 'out')
    demo.faults.latency(200)
    await ok('startDownloads', { destination: out })
    await backend.close()
    await access(join(out, MANIFEST_FILE_NAME))
    const lock = await acquireSyncLock(out)
    await lock.release()
  })
})

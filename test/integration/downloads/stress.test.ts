// The sync tells the truth under stress: a locked key is not a missing key (files wait for the unlock, never
// skipped), a dead server shows its retries and zero speed and fails each file after a stated time, "retry now"
// skips the wait, small files are not stuck behind large ones, and "Transferred" never drops from one run of a
// folder to the next. Through the sync-run workflow, as the app and `sync` drive it.
import { afterEach, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../../src/demo-server'
import type { FileProgress, OverallProgress, SyncEvent } from '../../../src/shared/downloads'
import { toBase64, type KeyPair } from '../../../src/main/crypto/key-pair'
import { DecryptPool } from '../../../src/main/workers/decrypt-pool'
import type { KeySource } from '../../../src/main/workflows/keys'
import { openSyncRun, type SyncRun, type SyncRunOptions } from '../../../src/main/workflows/sync-run'
import { AppError } from '../../../src/shared/errors'
import { buildSeed, CURRENT_KEY, keyring, keySource, removeDir, runSync, signedInClient, tempOutDir, type ArtifactSpec } from './harness'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step()
})

async function setUp(specs: ArtifactSpec[]) {
  const demo = await startDemoServer({ seed: buildSeed(specs), port: 0 })
  const state = { closed: false }
  cleanups.push(async () => {
    if (!state.closed) await demo.close()
  })
  const outDir = await tempOutDir()
  cleanups.push(() => removeDir(outDir))
  const pool = new DecryptPool({ size: 2 })
  cleanups.push(() => pool.close())
  const client = await signedInClient(demo)
  /** Stops the server (every connection dropped): the API and storage are gone. */
  const kill = async (): Promise<void> => {
    state.closed = true
    await demo.close()
  }
  return { demo, outDir, pool, client, kill }
}

/** The buyer's key, known to the vault but locked until `unlock()`. */
function lockedKey(pair: KeyPair): { keys: KeySource; unlock: () => void } {
  const publicKey = toBase64(pair.publicKey)
  let unlocked = false
  const lookup = keyring(pair)
  return {
    keys: {
      holds: (key) => unlocked && key === publicKey,
      knows: (key) => key === publicKey,
      keyPairFor: (key) => (unlocked ? lookup(key) : null),
      held: () => (unlocked ? [publicKey] : []),
    },
    unlock: () => {
      unlocked = true
    },
  }
}

/** Resolves with the first event `match` accepts (or rejects after `timeoutMs`). */
function eventWhere<E extends SyncEvent>(run: SyncRun, match: (event: SyncEvent) => event is E, timeoutMs?: number): Promise<E>
function eventWhere(run: SyncRun, match: (event: SyncEvent) => boolean, timeoutMs?: number): Promise<SyncEvent>
function eventWhere(run: SyncRun, match: (event: SyncEvent) => boolean, timeoutMs = 15_000): Promise<SyncEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error('no such event in time'))
    }, timeoutMs)
    const stop = run.engine.subscribe((event) => {
      if (!match(event)) return
      clearTimeout(timer)
      stop()
      resolve(event)
    })
  })
}

type Progress = Extract<SyncEvent, { type: 'progress' }>
const isProgress = (event: SyncEvent): event is Progress => event.type === 'progress'

function fileNamed(files: readonly FileProgress[], name: string): FileProgress | undefined {
  return files.find((file) => file.name === name)
}

/** The buyer's key, unlocked. */
const held = keySource([CURRENT_KEY])

const engineFor = (overrides: SyncRunOptions['engine'] = {}): SyncRunOptions['engine'] => ({ progressIntervalMs: 20, heartbeatMs: 100, retry: { retries: 6, minTimeoutMs: 5, maxTimeoutMs: 50 }, ...overrides })

describe('a locked key is not a missing key', () => {
  const specs: ArtifactSpec[] = [
    { order: 1, size: 30_000, name: 'sealed-a.csv' },
    { order: 1, size: 30_000, name: 'sealed-b.csv' },
    { product: 3, size: 10_000, name: 'open.csv' },
  ]

  it('plans the sealed files, asks for the unlock, and when it is declined they wait (paused, VAULT_LOCKED), never skipped', async () => {
    const { outDir, pool, client } = await setUp(specs)
    const key = lockedKey(CURRENT_KEY)
    let asked = 0
    const run = await openSyncRun(
      {
        run: (task) => task(client),
        keys: key.keys,
        workers: pool,
        unlock: async () => {
          asked++
          throw new AppError('SIGNER_REJECTED')
        },
      },
      { outDir, scope: 'active', engine: engineFor() },
    )
    cleanups.push(() => run.close())
    expect(run.plan.downloads.map((d) => d.objectName).sort()).toEqual(['open.csv', 'sealed-a.csv', 'sealed-b.csv'])
    expect(run.plan.skipped).toEqual([])
    expect(run.needsUnlock()).toBe(true)

    const summary = await run.run()
    expect(asked).toBe(1)
    expect(run.keyProblem?.code).toBe('SIGNER_REJECTED')
    expect(summary).toMatchObject({ done: 1, skipped: 0, unfinished: 2, complete: false })
    const files = run.engine.snapshot().files
    for (const name of ['sealed-a.csv', 'sealed-b.csv']) expect(fileNamed(files, name)).toMatchObject({ state: 'paused', reason: null, error: { code: 'VAULT_LOCKED' } })
    expect(run.engine.snapshot().overall.waitingForKey).toBe(2)
    expect(run.engine.waitingForKey()).toHaveLength(2)

  })

  it('unlocks when the run starts and downloads everything', async () => {
    const { outDir, pool, client } = await setUp(specs)
    const key = lockedKey(CURRENT_KEY)
    const run = await openSyncRun({ run: (task) => task(client), keys: key.keys, workers: pool, unlock: async () => key.unlock() }, { outDir, scope: 'active', engine: engineFor() })
    cleanups.push(() => run.close())
    const summary = await run.run()
    expect(summary).toMatchObject({ done: 3, skipped: 0, unfinished: 0, complete: true })
    expect(run.keyProblem).toBeNull()
  })

  it('a retry of the waiting files after a declined unlock asks again and completes them', async () => {
    const { outDir, pool, client } = await setUp(specs)
    const key = lockedKey(CURRENT_KEY)
    let approve = false
    const run = await openSyncRun(
      {
        run: (task) => task(client),
        keys: key.keys,
        workers: pool,
        unlock: async () => {
          if (!approve) throw new AppError('CANCELLED')
          key.unlock()
        },
      },
      { outDir, scope: 'active', engine: engineFor() },
    )
    cleanups.push(() => run.close())
    expect((await run.run()).unfinished).toBe(2)
    approve = true
    const waiting = run.engine.waitingForKey()
    for (const file of waiting) run.engine.resume(file)
    expect(await run.unlockFor(waiting)).toBeNull()
    await run.engine.settled()
    const summary = await run.engine.run()
    expect(summary).toMatchObject({ done: 3, unfinished: 0, complete: true })
  })

  it('a key you do not know at all is still "not sealed to your key"', async () => {
    const { outDir, client } = await setUp([{ order: 4, size: 2000, name: 'foreign.csv' }])
    const key = lockedKey(CURRENT_KEY)
    const result = await runSync(client, outDir, { keys: [] })
    expect(result.plan.skipped.map((s) => s.reason)).toEqual(['not-sealed-to-your-key'])
    expect(key.keys.knows(toBase64(CURRENT_KEY.publicKey))).toBe(true)
  })
})

describe('a dead server', () => {
  it('shows each retry, lets speeds fall to zero with no time left, and fails the file after the stated time', async () => {
    const { demo, outDir, pool, client, kill } = await setUp([{ order: 1, size: 3_000_000, name: 'big.bin' }])
    demo.faults.stallStorage(1, 400_000)
    const run = await openSyncRun(
      { run: (task) => task(client), keys: held, workers: pool },
      { outDir, scope: 'active', engine: engineFor({ retry: { retries: 20, minTimeoutMs: 1_000, maxTimeoutMs: 1_000 }, giveUpAfterMs: 7_000 }) },
    )
    cleanups.push(() => run.close())
    void run.engine.run()
    await eventWhere(run, (event) => isProgress(event) && event.overall.bytesDone >= 400_000 && event.overall.speed > 0)
    const killedAt = Date.now()
    await kill()

    const retrying = (await eventWhere(run, (event): event is Progress => isProgress(event) && (fileNamed(event.files, 'big.bin')?.retry ?? null) !== null)) as Progress
    const file = fileNamed(retrying.files, 'big.bin')!
    expect(file.retry).toMatchObject({ attempt: expect.any(Number), problem: { code: expect.stringMatching(/^(DOWNLOAD_NETWORK|API_UNREACHABLE)$/) } })
    expect(file.retry!.giveUpInMs).toBeLessThanOrEqual(7_000)
    expect(retrying.overall.retrying).toBe(1)
    expect(Date.now() - killedAt).toBeLessThan(5_000)

    // No bytes: the speeds fall to zero, and no time left is claimed.
    const still = (await eventWhere(run, (event): event is Progress => isProgress(event) && event.overall.speed === 0 && event.files.some((f) => f.name === 'big.bin' && f.state === 'downloading' && f.speed === 0))) as Progress
    expect(still.overall.etaSeconds).toBeNull()
    expect(fileNamed(still.files, 'big.bin')!.etaSeconds).toBeNull()

    const failed = await eventWhere(run, (event) => event.type === 'state' && event.state === 'failed', 15_000)
    expect(failed).toMatchObject({ error: { code: 'DOWNLOAD_CONNECTION_LOST', message: expect.stringContaining('No data arrived for') } })
    // Within the stated time (7 s without data), give or take a heartbeat.
    expect(Date.now() - killedAt).toBeLessThan(9_000)
  })

  it('"retry now" skips the wait before the next attempt', async () => {
    const { demo, outDir, pool, client } = await setUp([{ product: 3, size: 20_000, name: 'soon.csv' }])
    demo.faults.failStorage(1, 503)
    const run = await openSyncRun(
      { run: (task) => task(client), keys: held, workers: pool },
      { outDir, scope: 'active', engine: engineFor({ retry: { retries: 3, minTimeoutMs: 60_000, maxTimeoutMs: 60_000 } }) },
    )
    cleanups.push(() => run.close())
    const driving = run.run()
    const retry = await eventWhere(run, (event) => event.type === 'retry')
    expect(retry).toMatchObject({ type: 'retry', delayMs: expect.any(Number) })
    expect((retry as Extract<SyncEvent, { type: 'retry' }>).delayMs).toBeGreaterThan(20_000)
    const asked = Date.now()
    run.engine.retryNow()
    const summary = await driving.then(() => run.engine.settled()).then(() => run.engine.run())
    expect(summary).toMatchObject({ done: 1, complete: true })
    expect(Date.now() - asked).toBeLessThan(5_000)
  })
})

describe('scheduling', () => {
  it('keeps a slot for small files while large ones are stuck', async () => {
    const { demo, outDir, pool, client } = await setUp([
      { product: 3, size: 1_500_000, name: 'large-1.bin' },
      { product: 3, size: 1_500_000, name: 'large-2.bin' },
      { product: 3, size: 20_000, name: 'small-1.csv' },
      { product: 3, size: 20_000, name: 'small-2.csv' },
      { product: 3, size: 20_000, name: 'small-3.csv' },
    ])
    // Only bodies longer than 100 kB stall: the large files hang, the small ones would pass.
    demo.faults.stallStorage(2, 100_000)
    const run = await openSyncRun(
      { run: (task) => task(client), keys: held, workers: pool },
      { outDir, scope: 'active', concurrency: 2, engine: engineFor({ largeFileBytes: 1_000_000 }) },
    )
    cleanups.push(() => run.close())
    const driving = run.run()
    // Progress events carry the files that changed; the snapshot has them all.
    await eventWhere(run, () => run.engine.snapshot().files.filter((f) => f.name.startsWith('small') && f.state === 'done').length === 3, 10_000)
    // While the small files finished, the first large file was still in flight.
    expect(fileNamed(run.engine.snapshot().files, 'large-1.bin')?.state).toBe('downloading')
    // Once no small file waits, the second large file takes the free slot (and stalls too); then both go on.
    await eventWhere(run, () => (fileNamed(run.engine.snapshot().files, 'large-2.bin')?.bytesDone ?? 0) >= 100_000, 10_000)
    demo.faults.releaseStalls()
    expect(await driving).toMatchObject({ done: 5, complete: true })
  })
})

describe('progress across runs', () => {
  it('"Transferred" of a resumed sync starts at what the last run kept, and files kept show as already downloaded', async () => {
    const { demo, outDir, pool, client } = await setUp([
      { product: 3, size: 200_000, name: 'first.bin' },
      { product: 3, size: 600_000, name: 'second.bin' },
    ])
    demo.faults.stallStorage(1, 300_000)
    const first = await openSyncRun({ run: (task) => task(client), keys: held, workers: pool }, { outDir, scope: 'active', concurrency: 1, engine: engineFor() })
    const firstDriving = first.run()
    const before = (await eventWhere(first, (event): event is Progress => isProgress(event) && event.overall.bytesDone >= 500_000)) as Progress
    await first.close()
    await firstDriving
    const kept: OverallProgress = first.engine.snapshot().overall
    expect(kept.bytesDone).toBeGreaterThanOrEqual(before.overall.bytesDone)
    demo.faults.releaseStalls()

    const second = await openSyncRun({ run: (task) => task(client), keys: held, workers: pool }, { outDir, scope: 'active', concurrency: 1, engine: engineFor() })
    cleanups.push(() => second.close())
    const totals: number[] = []
    second.engine.subscribe((event) => {
      if (event.type === 'progress') totals.push(event.overall.bytesDone)
    })
    const summary = await second.run()
    expect(summary).toMatchObject({ done: 2, complete: true })
    expect(totals.length).toBeGreaterThan(0)
    expect(Math.min(...totals)).toBeGreaterThanOrEqual(200_000)
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeGreaterThanOrEqual(totals[i - 1]!)
    const firstFile = fileNamed(second.engine.snapshot().files, 'first.bin')!
    expect(firstFile).toMatchObject({ state: 'done', alreadyDownloaded: true, bytesDone: 200_000, bytesTotal: 200_000 })
    expect(fileNamed(second.engine.snapshot().files, 'second.bin')?.alreadyDownloaded).toBe(false)
  })
})

// The watch workflow's cycle logic over fakes: a fake clock (sleeps are recorded and take no time), a fake session
// and client (scripted globals, orders and failures), a fake sync run that "downloads" into an in-memory sync record
// shared across cycles and restarts, and a fake hook runner. What the cycles do, in which order, and what they
// report; the real thing against the demo server is in test/integration/watch/.
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DownloadProblem, HookRecord, ManifestEntry, PlannedArtifact, SkippedArtifact, SyncEvent, SyncSummary } from '../../../src/shared/downloads'
import { AppError } from '../../../src/shared/errors'
import { createNumerBayClient, type NumerBayClient, type SignInResult } from '../../../src/main/numerbay'
import type { ApiGlobals, ApiOrder, ApiUser } from '../../../src/main/numerbay/schemas'
import type { HookFile, HookOutcome, HookRun, RunHookOptions } from '../../../src/main/watch/hook'
import type { SyncRunDeps, SyncRunOptions } from '../../../src/main/workflows/sync-run'
import { watchFolder, type CycleRun, type WatchClock, type WatchDeps, type WatchOptions, type WatchRecord, type WatchReport } from '../../../src/main/workflows/watch'

const OUT = resolve('/tmp/watch-unit-out')
const INTERVAL = 60_000

/** The sync record as the folder keeps it: one per test, shared by every cycle and every "restart". */
class MemoryRecord implements WatchRecord {
  readonly entries = new Map<string, ManifestEntry>()
  /** What is on disk: the entries as of the last flush. */
  onDisk = new Map<string, ManifestEntry>()
  flushes = 0
  all(): ManifestEntry[] {
    return [...this.entries.values()]
  }
  get(key: string): ManifestEntry | undefined {
    return this.entries.get(key)
  }
  setHook(key: string, hook: HookRecord | null): boolean {
    const entry = this.entries.get(key)
    if (!entry) return false
    const { hook: _old, ...rest } = entry
    this.entries.set(key, { ...rest, ...(hook ? { hook } : {}) })
    return true
  }
  async flush(): Promise<void> {
    this.flushes++
    this.onDisk = new Map([...this.entries].map(([key, entry]) => [key, structuredClone(entry)]))
  }
}

function artifact(orderId: number, name: string, round: number | null = 600): PlannedArtifact {
  return {
    key: `order:${name}-id`,
    source: 'order',
    artifactId: `${name}-id`,
    orderId,
    productId: orderId * 10,
    productName: `Product ${orderId}`,
    round,
    objectName: name,
    relativePath: `Product ${orderId}/${round ?? 'no-round'}/${name}`,
    sealed: true,
    buyerPublicKey: 'key',
    declaredSize: 10,
  }
}

const sha = (key: string): string => createHash('sha256').update(key).digest('hex')

function order(id: number, rounds: number[], state = 'confirmed'): ApiOrder {
  return { id, rounds, state, mode: 'file', buyer_public_key: 'key', product: { id: id * 10, name: `Product ${id}` } } as unknown as ApiOrder
}

/** What NumerBay and the storage hold; tests change it between cycles (through `onCycle`). */
interface World {
  globals: ApiGlobals
  /** Answers to the next looks at the globals, before `globals` again. */
  nextGlobals: ApiGlobals[]
  orders: ApiOrder[]
  downloads: PlannedArtifact[]
  skipped: SkippedArtifact[]
  /** Files whose transfer fails. */
  failing: Set<string>
  /** Failures to answer the next looks at the globals with, in order. */
  apiFailures: unknown[]
}

function world(parts: Partial<World> = {}): World {
  return { globals: { selling_round: 600, active_round: 599, is_doing_round_rollover: false }, nextGlobals: [], orders: [order(1, [600])], downloads: [], skipped: [], failing: new Set(), apiFailures: [], ...parts }
}

interface Harness {
  readonly reports: WatchReport[]
  readonly sleeps: number[]
  readonly hookCalls: { file: HookFile; options: RunHookOptions; recordAtStart: ManifestEntry | undefined }[]
  /** What the fakes were asked, in order. */
  readonly log: string[]
  readonly record: MemoryRecord
  readonly stop: AbortController
  readonly deps: WatchDeps
  run(options?: Partial<WatchOptions>, deps?: Partial<WatchDeps>): ReturnType<typeof watchFolder>
}

interface HarnessOptions {
  readonly world: World
  /** The folder's record (another harness's: a restart). */
  readonly record?: MemoryRecord
  /** Called as each cycle starts, with its number (1-based). */
  readonly onCycle?: (cycle: number, harness: Harness) => void
  /** The watch is stopped at the first wait after this many cycles finished (default 1). */
  readonly cycles?: number
  /** What the hook's runs end with, in order (then ok). */
  readonly hookOutcomes?: HookOutcome[]
  readonly session?: WatchDeps['session']
  readonly prepare?: WatchDeps['prepare']
  /** Runs when the fake sync run starts transferring (to stop mid-run). */
  readonly onTransfer?: (harness: Harness) => void
  /** Runs when a hook starts (to stop mid-hook). */
  readonly onHook?: (harness: Harness) => void
}

const user = { id: 1, username: 'buyer' } as ApiUser

function harness(options: HarnessOptions): Harness {
  const reports: WatchReport[] = []
  const sleeps: number[] = []
  const log: string[] = []
  const record = options.record ?? new MemoryRecord()
  const stop = new AbortController()
  const hookCalls: Harness['hookCalls'] = []
  const hookOutcomes = [...(options.hookOutcomes ?? [])]
  let now = Date.parse('2026-03-01T12:00:00Z')
  const w = options.world
  const self = {} as Harness

  const clock: WatchClock = {
    now: () => now,
    sleep: async (ms, signal) => {
      sleeps.push(ms)
      now += ms
      if (reports.filter((r) => r.type === 'cycle-finished' && r.status !== null).length >= (options.cycles ?? 1)) stop.abort(new Error('stopped by the test'))
      if (signal.aborted) throw signal.reason
    },
  }

  const client = {
    getGlobals: async () => {
      log.push('globals')
      const failure = w.apiFailures.shift()
      if (failure) throw failure
      return { ...(w.nextGlobals.shift() ?? w.globals) }
    },
    searchOrders: async () => {
      log.push('orders')
      return { total: w.orders.length, data: w.orders }
    },
  } as unknown as NumerBayClient

  const openRun = async (_runDeps: SyncRunDeps, runOptions: SyncRunOptions): Promise<CycleRun> => {
    log.push(`open run (lock ${runOptions.lock ? 'held' : 'taken'}, ${runOptions.fetched ? 'fetched' : 'own'} inputs)`)
    const listeners = new Set<(event: SyncEvent) => void>()
    const emit = (event: SyncEvent): void => listeners.forEach((listener) => listener(event))
    let paused = false
    return {
      plan: { sellingRound: runOptions.fetched!.globals.selling_round, scope: runOptions.scope, downloads: [...w.downloads], skipped: [...w.skipped], orderProblems: [] },
      engine: {
        subscribe: (listener) => {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
        pause: () => {
          log.push('pause')
          paused = true
        },
      },
      record,
      recordSetAside: null,
      recordProblem: null,
      run: async (): Promise<SyncSummary> => {
        options.onTransfer?.(self)
        let done = 0
        let failed = 0
        let unfinished = 0
        for (const a of w.downloads) {
          if (record.get(a.key)?.state === 'done') {
            done++
            continue
          }
          if (paused) {
            unfinished++
            continue
          }
          const base = { key: a.key, source: a.source, orderId: a.orderId, productId: a.productId, productName: a.productName, round: a.round, objectName: a.objectName, relativePath: a.relativePath, sealed: a.sealed, updatedAt: '' }
          if (w.failing.has(a.key)) {
            const problem: DownloadProblem = { code: 'DOWNLOAD_NETWORK', message: 'network', action: 'again' }
            record.entries.set(a.key, { ...base, state: 'failed', error: problem })
            emit({ type: 'state', key: a.key, relativePath: a.relativePath, state: 'failed', error: problem })
            failed++
            continue
          }
          // As the engine does: the record first (keeping its hook record), then the event.
          const hook = record.get(a.key)?.hook
          record.entries.set(a.key, { ...base, state: 'done', size: 10, sha256: sha(a.key), ...(hook ? { hook } : {}) })
          emit({ type: 'state', key: a.key, relativePath: a.relativePath, state: 'done', size: 10, sha256: sha(a.key) })
          done++
        }
        // The engine's last write of the run.
        await record.flush()
        const total = w.downloads.length + w.skipped.length
        return { total, done, skipped: w.skipped.length, failed, cancelled: 0, unfinished, bytesReceived: 0, elapsedMs: 1, complete: failed === 0 && unfinished === 0 }
      },
      close: async () => void log.push('close run'),
    }
  }

  const deps: WatchDeps = {
    session: options.session ?? { run: (task) => task(client), lastSignIn: null },
    keys: { holds: () => true, knows: () => true, keyPairFor: () => null, held: () => [] },
    makeWorkers: () => {
      log.push('make workers')
      return {
        openSink: () => Promise.reject(new Error('no sink in a fake run')),
        openPlainSink: () => Promise.reject(new Error('no sink in a fake run')),
        hostsSink: () => false,
        storageGet: () => Promise.reject(new Error('no storage in a fake run')),
        close: async () => void log.push('close workers'),
      }
    },
    hook: {
      command: { program: 'hook-program', args: ['--flag'] },
      options: { timeoutMs: 1000 },
      run: async (_command, file, hookOptions): Promise<HookRun> => {
        hookCalls.push({ file, options: hookOptions, recordAtStart: record.onDisk.get(`order:${String(file.artifactId)}`) })
        options.onHook?.(self)
        const outcome: HookOutcome = hookOptions.signal?.aborted ? { kind: 'interrupted' } : (hookOutcomes.shift() ?? { kind: 'ok' })
        return { outcome, durationMs: 5, stdoutTail: '', stderrTail: outcome.kind === 'ok' ? '' : 'line one\nupload refused\n' }
      },
    },
    clock,
    random: () => 0,
    openRun,
    acquireLock: async () => {
      log.push('lock')
      return { path: `${OUT}/.numerbay-sync.lock`, release: async () => void log.push('unlock') }
    },
    ...(options.prepare ? { prepare: options.prepare } : {}),
  }

  let cycle = 0
  Object.assign(self, {
    reports,
    sleeps,
    hookCalls,
    log,
    record,
    stop,
    deps,
    run: (overrides: Partial<WatchOptions> = {}, depOverrides: Partial<WatchDeps> = {}) =>
      watchFolder({ ...deps, ...depOverrides }, { outDir: OUT, scope: 'active', intervalMs: INTERVAL, ...overrides }, {
        signal: stop.signal,
        onReport: (report) => {
          reports.push(report)
          if (report.type === 'cycle-started') options.onCycle?.(++cycle, self)
        },
      }),
  })
  return self
}

const types = (reports: readonly WatchReport[]): string[] => reports.filter((r) => r.type !== 'transfer').map((r) => r.type)

describe('watch workflow: cycles', () => {
  it('runs the first cycle at once, then one per interval (never less), under one lock, with a pool per cycle closed at its end', async () => {
    const h = harness({ world: world(), cycles: 3 })
    const outcome = await h.run()
    expect(outcome).toMatchObject({ cycles: 3, failedCycles: 0, stopped: true })
    // random() = 0: exactly the interval; the jitter only ever adds.
    expect(h.sleeps).toEqual([INTERVAL, INTERVAL, INTERVAL])
    expect(h.log).toEqual([
      'lock',
      ...Array.from({ length: 3 }, () => ['globals', 'orders', 'make workers', 'open run (lock held, fetched inputs)', 'close run', 'close workers']).flat(),
      'unlock',
    ])
    expect(types(h.reports)).toEqual([
      'started',
      'cycle-started',
      'round',
      'waiting-for-seller',
      'cycle-finished',
      'cycle-started',
      'cycle-finished',
      'cycle-started',
      'cycle-finished',
      'stopped',
    ])
    expect(h.reports.find((r) => r.type === 'cycle-finished')).toMatchObject({ ok: true, newFiles: 0, nextInMs: INTERVAL, status: { round: 600, waiting: 1, ordersThisRound: 1 } })
  })

  it('jitter spreads the wait by up to 10 %', async () => {
    const h = harness({ world: world(), cycles: 1 })
    await h.run({}, { random: () => 0.999 })
    expect(h.sleeps[0]).toBeGreaterThan(INTERVAL * 1.09)
    expect(h.sleeps[0]).toBeLessThanOrEqual(INTERVAL * 1.1)
  })

  it('--once: one cycle and no wait; ok when nothing failed, not ok when a file failed', async () => {
    const good = harness({ world: world({ downloads: [artifact(1, 'a.csv')] }) })
    expect(await good.run({ once: true })).toEqual({ cycles: 1, failedCycles: 0, lastCycleOk: true, stopped: false })
    expect(good.sleeps).toEqual([])
    expect(good.log.at(-1)).toBe('unlock')

    const bad = harness({ world: world({ downloads: [artifact(1, 'a.csv'), artifact(1, 'b.csv')], failing: new Set(['order:b.csv-id']) }) })
    expect(await bad.run({ once: true })).toMatchObject({ cycles: 1, lastCycleOk: false })
    expect(bad.reports.find((r) => r.type === 'file-failed')).toMatchObject({ relativePath: 'Product 1/600/b.csv', problem: { code: 'DOWNLOAD_NETWORK' } })
    expect(bad.reports.find((r) => r.type === 'cycle-finished')).toMatchObject({ ok: false, newFiles: 1, failedFiles: 1, nextInMs: null })
  })

  it('reports each new file once, with its absolute path and hash', async () => {
    const w = world({ downloads: [artifact(1, 'a.csv')] })
    const h = harness({ world: w, cycles: 2, onCycle: (cycle) => cycle === 2 && w.downloads.push(artifact(1, 'b.csv')) })
    await h.run()
    const files = h.reports.filter((r) => r.type === 'new-file')
    expect(files).toEqual([
      { type: 'new-file', key: 'order:a.csv-id', relativePath: 'Product 1/600/a.csv', path: resolve(OUT, 'Product 1', '600', 'a.csv'), orderId: 1, productName: 'Product 1', round: 600, size: 10, sha256: sha('order:a.csv-id') },
      expect.objectContaining({ key: 'order:b.csv-id' }),
    ])
  })

  it('waits while NumerBay rolls the round over, then reports the missed orders and the new round', async () => {
    const w = world({ orders: [order(1, [600]), order(2, [600, 601])], downloads: [artifact(1, 'a.csv')] })
    const rolling = { selling_round: 600, active_round: 599, is_doing_round_rollover: true }
    const h = harness({
      world: w,
      cycles: 2,
      onCycle: (cycle) => {
        if (cycle !== 2) return
        // The rollover is under way at the second cycle's first two looks, over at its third.
        w.nextGlobals = [rolling, rolling]
        w.globals = { selling_round: 601, active_round: 600, is_doing_round_rollover: false }
        w.downloads = []
      },
    })
    await h.run()
    expect(h.reports.filter((r) => r.type === 'waiting-for-rollover')).toEqual([
      { type: 'waiting-for-rollover', round: 600, checkAgainInMs: INTERVAL },
      { type: 'waiting-for-rollover', round: 600, checkAgainInMs: INTERVAL },
    ])
    const fromRollover = types(h.reports.slice(h.reports.findIndex((r) => r.type === 'waiting-for-rollover')))
    expect(fromRollover).toEqual(['waiting-for-rollover', 'waiting-for-rollover', 'missed', 'round', 'waiting-for-seller', 'cycle-finished', 'stopped'])
    // Order 1 got its file in round 600; order 2 never did, and its seller uploaded nothing.
    expect(h.reports.filter((r) => r.type === 'missed')).toEqual([{ type: 'missed', round: 600, orderId: 2, productName: 'Product 2', uploaded: 0 }])
    expect(h.reports.filter((r) => r.type === 'round')).toEqual([
      { type: 'round', round: 600, previous: null },
      { type: 'round', round: 601, previous: 600 },
    ])
    expect(h.log.filter((l) => l === 'globals')).toHaveLength(4)
    expect(h.sleeps).toEqual([INTERVAL, INTERVAL, INTERVAL, INTERVAL])
  })

  it('reports a re-sign-in: the session signed in again with the same means', async () => {
    const signIns: SignInResult[] = []
    const sign = (): SignInResult => {
      const result: SignInResult = { user, expiresAt: 0, method: 'password' }
      signIns.push(result)
      return result
    }
    let calls = 0
    const session: WatchDeps['session'] = {
      run: async (task) => {
        // The first call signs in; the fourth finds the token refused and signs in again.
        if (calls++ === 0 || calls === 4) sign()
        return task({
          getGlobals: async () => ({ selling_round: 600, active_round: 599, is_doing_round_rollover: false }),
          searchOrders: async () => ({ total: 0, data: [] }),
        } as unknown as NumerBayClient)
      },
      get lastSignIn() {
        return signIns.at(-1) ?? null
      },
    }
    const h = harness({ world: world(), cycles: 2, session })
    await h.run()
    expect(h.reports.filter((r) => r.type === 'signed-in')).toEqual([
      { type: 'signed-in', again: false, method: 'password' },
      { type: 'signed-in', again: true, method: 'password' },
    ])
  })
})

describe('watch workflow: failures and backoff', () => {
  it('a failed cycle is followed by 2 s, 4 s, 8 s … (capped at the interval), reported with its reason; a good cycle resets it', async () => {
    const w = world({ apiFailures: [1, 2, 3, 4, 5, 6, 7].map(() => new AppError('API_UNREACHABLE', { detail: '/globals/: ECONNREFUSED' })) })
    // Seven failures, a good cycle, one more failure (the count starts again), a good cycle.
    const h = harness({ world: w, cycles: 2, onCycle: (cycle) => cycle === 9 && w.apiFailures.push(new AppError('API_TIMEOUT')) })
    const outcome = await h.run({ intervalMs: 20_000 })
    expect(outcome).toMatchObject({ cycles: 10, failedCycles: 8, stopped: true })
    expect(h.sleeps).toEqual([2_000, 4_000, 8_000, 16_000, 20_000, 20_000, 20_000, 20_000, 2_000, 20_000])
    const backoffs = h.reports.filter((r) => r.type === 'backing-off')
    expect(backoffs).toHaveLength(8)
    expect(backoffs[1]).toMatchObject({ problem: { code: 'API_UNREACHABLE', detail: '/globals/: ECONNREFUSED' }, failures: 2, delayMs: 4_000, retryAfterMs: null })
    expect(backoffs[7]).toMatchObject({ problem: { code: 'API_TIMEOUT' }, failures: 1, delayMs: 2_000 })
    expect(h.reports.filter((r) => r.type === 'cycle-finished' && r.ok)).toHaveLength(2)
  })

  it("waits at least the server's Retry-After after a cycle that failed on a 503", async () => {
    const fetch = (async () => new Response('Service Unavailable', { status: 503, headers: { 'retry-after': '45' } })) as typeof globalThis.fetch
    const busy = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } })
    const failure = await busy.getGlobals().catch((error: unknown) => error)
    const h = harness({ world: world({ apiFailures: [failure] }), cycles: 1 })
    await h.run()
    expect(h.sleeps[0]).toBe(45_000)
    expect(h.reports.find((r) => r.type === 'backing-off')).toMatchObject({ problem: { code: 'API_SERVER_ERROR' }, delayMs: 45_000, retryAfterMs: 45_000 })
  })

  it('before the first good cycle, a failure waiting cannot fix ends the watch (lock released); the network being down does not', async () => {
    const wrong = harness({ world: world(), prepare: async () => Promise.reject(new AppError('API_SIGN_IN_FAILED')) })
    await expect(wrong.run()).rejects.toMatchObject({ code: 'API_SIGN_IN_FAILED' })
    expect(wrong.log).toEqual(['lock', 'unlock'])

    let attempts = 0
    const offline = harness({
      world: world(),
      prepare: async (api) => {
        attempts++
        if (attempts < 3) throw new AppError('API_UNREACHABLE')
        await api(async () => undefined)
      },
    })
    expect(await offline.run()).toMatchObject({ cycles: 3, failedCycles: 2 })
    expect(attempts).toBe(3)
    expect(offline.sleeps.slice(0, 2)).toEqual([2_000, 4_000])
  })

  it('after a good cycle, any failure is waited out (a Ledger unplugged, a wrong answer), never the end of the watch', async () => {
    const w = world()
    const h = harness({ world: w, cycles: 2, onCycle: (cycle) => cycle === 2 && w.apiFailures.push(new AppError('API_SIGN_IN_FAILED')) })
    expect(await h.run()).toMatchObject({ cycles: 3, failedCycles: 1, stopped: true })
  })

  it('--once: a failed cycle ends the watch with its error', async () => {
    const h = harness({ world: world({ apiFailures: [new AppError('API_UNREACHABLE')] }) })
    await expect(h.run({ once: true })).rejects.toMatchObject({ code: 'API_UNREACHABLE' })
    expect(h.sleeps).toEqual([])
    expect(h.log.at(-1)).toBe('unlock')
  })
})

describe('watch workflow: hooks', () => {
  it('runs the hook once per new file, with the file and the record written before the program starts; never again', async () => {
    const w = world({ downloads: [artifact(1, 'a.csv')] })
    const h = harness({ world: w, cycles: 3, onCycle: (cycle) => cycle === 2 && w.downloads.push(artifact(1, 'b.csv', null)) })
    await h.run()
    expect(h.hookCalls.map((call) => call.file)).toEqual([
      { path: resolve(OUT, 'Product 1', '600', 'a.csv'), orderId: 1, product: 'Product 1', round: 600, artifactId: 'a.csv-id', sha256: sha('order:a.csv-id') },
      { path: resolve(OUT, 'Product 1', 'no-round', 'b.csv'), orderId: 1, product: 'Product 1', round: null, artifactId: 'b.csv-id', sha256: sha('order:b.csv-id') },
    ])
    // On disk before the program started: this run counted, and marked running.
    expect(h.hookCalls[0]!.recordAtStart?.hook).toMatchObject({ attempts: 1, running: true, done: false })
    expect(h.hookCalls[0]!.options).toMatchObject({ timeoutMs: 1000 })
    expect(h.hookCalls[0]!.options.signal).toBeInstanceOf(AbortSignal)
    expect(h.record.onDisk.get('order:a.csv-id')?.hook).toMatchObject({ attempts: 1, done: true, last: { outcome: { kind: 'ok' } } })
    expect(h.reports.filter((r) => r.type === 'hook-ran').map((r) => (r as { relativePath: string }).relativePath)).toEqual(['Product 1/600/a.csv', 'Product 1/no-round/b.csv'])

    // A restart: the files are done and their hooks succeeded; nothing runs again.
    const again = harness({ world: w, record: h.record, cycles: 1 })
    await again.run()
    expect(again.hookCalls).toEqual([])
    expect(again.reports.filter((r) => r.type === 'new-file')).toEqual([])
  })

  it('a failing hook is retried in the next cycles, then reported as given up and left alone', async () => {
    const fail: HookOutcome = { kind: 'exit', exitCode: 2 }
    const h = harness({ world: world({ downloads: [artifact(1, 'a.csv')] }), cycles: 6, hookOutcomes: [fail, fail, fail, fail] })
    const outcome = await h.run()
    expect(h.hookCalls).toHaveLength(4)
    const hookReports = h.reports.filter((r) => r.type.startsWith('hook-'))
    expect(hookReports.map((r) => [r.type, (r as { run: number }).run])).toEqual([
      ['hook-failed', 1],
      ['hook-failed', 2],
      ['hook-failed', 3],
      ['hook-gave-up', 4],
    ])
    expect(hookReports[0]).toMatchObject({ description: 'exited with code 2', maxRuns: 4, lastLines: ['line one', 'upload refused'], outcome: fail })
    // A cycle with a failed hook is a failed cycle (for --once); the two after it are clean.
    expect(h.reports.filter((r) => r.type === 'cycle-finished').map((r) => (r as { ok: boolean }).ok)).toEqual([false, false, false, false, true, true])
    expect(outcome.failedCycles).toBe(4)
    expect(h.record.onDisk.get('order:a.csv-id')?.hook).toMatchObject({ attempts: 4, gaveUp: true, done: false })
  })

  it('a failed hook is retried after a restart too', async () => {
    const w = world({ downloads: [artifact(1, 'a.csv')] })
    const first = harness({ world: w, cycles: 1, hookOutcomes: [{ kind: 'exit', exitCode: 1 }] })
    await first.run()
    const second = harness({ world: w, record: first.record, cycles: 1 })
    await second.run()
    expect(second.hookCalls.map((call) => call.file.path)).toEqual([resolve(OUT, 'Product 1', '600', 'a.csv')])
    expect(second.reports.find((r) => r.type === 'hook-ran')).toMatchObject({ run: 2 })
  })

  it('a hook left running by a killed watcher counts as a failed run and runs again at the next start', async () => {
    const w = world({ downloads: [artifact(1, 'a.csv')] })
    const record = new MemoryRecord()
    const first = harness({ world: w, record, cycles: 1 })
    await first.run({}, { hook: null })
    // What a watcher killed while its hook ran leaves on disk.
    const entry = record.get('order:a.csv-id')!
    record.setHook(entry.key, { sha256: entry.sha256!, attempts: 1, done: false, running: true })
    const next = harness({ world: w, record, cycles: 1 })
    await next.run()
    expect(next.hookCalls).toHaveLength(1)
    expect(next.reports.find((r) => r.type === 'hook-ran')).toMatchObject({ run: 2 })
  })

  it('without --exec no hook is owed: files completed then never run one later', async () => {
    const w = world({ downloads: [artifact(1, 'a.csv')] })
    const record = new MemoryRecord()
    const h = harness({ world: w, record, cycles: 1 })
    await h.run({}, { hook: null })
    expect(record.get('order:a.csv-id')?.hook).toBeUndefined()
    const later = harness({ world: w, record, cycles: 1 })
    await later.run()
    expect(later.hookCalls).toEqual([])
  })
})

describe('watch workflow: stopping', () => {
  it('a stop mid-transfer pauses the run, skips the hooks, closes the run and the pool, releases the lock, and resolves', async () => {
    const w = world({ downloads: [artifact(1, 'a.csv')] })
    const h = harness({ world: w, cycles: 5, onTransfer: (self) => self.stop.abort(new Error('SIGTERM')) })
    const outcome = await h.run()
    expect(outcome).toMatchObject({ cycles: 1, stopped: true })
    expect(h.log).toEqual(['lock', 'globals', 'orders', 'make workers', 'open run (lock held, fetched inputs)', 'pause', 'close run', 'close workers', 'unlock'])
    expect(h.hookCalls).toEqual([])
    expect(types(h.reports).at(-1)).toBe('stopped')
    expect(h.record.get('order:a.csv-id')).toBeUndefined()
  })

  it('a stop while a hook runs stops the hook; the run does not count and is owed at the next start', async () => {
    const w = world({ downloads: [artifact(1, 'a.csv')] })
    const h = harness({ world: w, cycles: 5, onHook: (self) => self.stop.abort(new Error('SIGINT')) })
    expect(await h.run()).toMatchObject({ stopped: true })
    expect(h.record.onDisk.get('order:a.csv-id')?.hook).toMatchObject({ attempts: 0, done: false, last: { outcome: { kind: 'interrupted' } } })
    const next = harness({ world: w, record: h.record, cycles: 1 })
    await next.run()
    expect(next.reports.find((r) => r.type === 'hook-ran')).toMatchObject({ run: 1 })
  })

  it('a stop during an API call that never answers ends the watch at once', async () => {
    const h = harness({ world: world(), cycles: 5 })
    const hanging = h.run({}, { session: { run: () => new Promise(() => undefined), lastSignIn: null } })
    setTimeout(() => h.stop.abort(new Error('SIGTERM')), 10)
    expect(await hanging).toMatchObject({ cycles: 1, stopped: true })
    expect(h.log).toEqual(['lock', 'unlock'])
  })

  it('a stop between API calls of a cycle leaves no call unhandled (the client ends them as CANCELLED a moment later)', async () => {
    const h = harness({ world: world(), cycles: 5 })
    // A session whose calls, once the watcher is stopped, fail a little later, as the real client's do.
    const session: WatchDeps['session'] = {
      run: async (task) => {
        if (h.stop.signal.aborted) {
          await new Promise((resolve) => setTimeout(resolve, 5))
          throw new AppError('CANCELLED')
        }
        return task({
          getGlobals: async () => ({ selling_round: 600, active_round: 599, is_doing_round_rollover: false }),
          searchOrders: async () => ({ total: 0, data: [] }),
        } as unknown as NumerBayClient)
      },
      lastSignIn: null,
    }
    const openRun = async (runDeps: SyncRunDeps): Promise<CycleRun> => {
      // The plan's listings: the stop comes between two of them.
      await runDeps.run(async () => 1)
      h.stop.abort(new Error('SIGTERM'))
      await Promise.all([runDeps.run(async () => 2), runDeps.run(async () => 3)])
      throw new Error('not reached')
    }
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      expect(await h.run({}, { session, openRun })).toMatchObject({ cycles: 1, stopped: true })
      await new Promise((resolve) => setTimeout(resolve, 30))
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
    expect(unhandled).toEqual([])
  })
})

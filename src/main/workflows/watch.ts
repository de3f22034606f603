// Watch mode: keeps one folder in sync with the buyer's purchases, unattended, one cycle per interval, for the CLI's
// `watch` (and, later, the app). It is the second caller of the sync-run assembly, never a copy of it.
//
// One cycle:
//   1. GET /globals/; while NumerBay rolls the round over (`is_doing_round_rollover`), wait and ask again.
//   2. The buyer's orders, then one sync run (openSyncRun) under the folder lock this watcher holds for its whole
//      life, so a second watcher or a `sync` on the folder is refused (SYNC_FOLDER_BUSY) and `sync` and `watch`
//      share one sync record. A sealed order whose own row (in the orders answer) shows nothing new is planned from
//      that row rather than its listing (downloads/plan-source settledOrderRow), so an idle cycle asks for the
//      globals, the orders and the product listings of plain orders only.
//   3. The hook for every file that became complete in this cycle, and every hook still due (a failed run is
//      retried in later cycles and after a restart; watch/hook-record decides).
//   4. The round tracker's reports: new round, orders waiting for their seller, orders of the previous round that
//      were missed.
// Between cycles it holds no worker threads (a decrypt pool is made per cycle, starts threads only for a file to
// fetch, and is closed at the end) and no open file (the lock is a file it does not keep open). A cycle that
// fails (network down, NumerBay erring) is followed by a shorter wait that grows with each failure in a row, never
// shorter than a server's Retry-After (watch/interval nextCycleDelay); the watcher never ends for it. Only before
// the first good cycle does a failure that waiting cannot fix (a wrong password, a folder it may not write) end
// it: then the setup is wrong, and someone is likely watching.
//
// API:
//   watchFolder(deps, options, { signal, onReport }) → Promise<WatchOutcome>
// Everything with side effects comes in `deps`: the signed-in session (signedInSession: an expired token means
// exactly one new sign-in with the same means), the key source, a maker of the cycle's worker pool, the hook,
// the clock. The abort `signal` stops it cleanly: transfers in flight are paused as resumable partials, a running
// hook is stopped (its run does not count), the sync record is written, the lock released; the promise resolves.

import type { DownloadProblem, ManifestEntry, SkipReason, SyncEvent, SyncPlan, SyncSummary } from '../../shared/downloads'
import { isAppError, toErrorInfo, type ErrorCode, type ErrorInfo } from '../../shared/errors'
import { acquireSyncLock, type SyncLock } from '../downloads/lock'
import type { ManifestStore } from '../downloads/manifest'
import type { ClientRunner } from '../downloads/plan-source'
import { targetPathFor } from '../downloads/paths'
import { artifactIdOfKey, type SyncScope } from '../downloads/planner'
import { sleep as timerSleep } from '../net/backoff'
import type { SignInResult } from '../numerbay/client'
import { serverRetryAfter } from '../numerbay/http'
import type { ApiGlobals, ApiOrder } from '../numerbay/schemas'
import { finishHookRun, hooksDue, oweHook, settleInterruptedRun, startHookRun, HOOK_MAX_RUNS } from '../watch/hook-record'
import { describeHookOutcome, runHook, type HookCommand, type HookFile, type HookOutcome, type HookRun, type RunHookOptions } from '../watch/hook'
import { nextCycleDelay } from '../watch/interval'
import { advanceWatch, initialWatchState, type WatchArtifact, type WatchState, type WatchStatus } from '../watch/round-tracker'
import type { KeySource } from './keys'
import { openSyncRun, type SyncRun, type SyncRunDeps, type SyncRunOptions, type SyncWorkers } from './sync-run'

/** Time for the watcher: wall-clock milliseconds and a wait that an abort ends at once (rejecting). */
export interface WatchClock {
  now(): number
  sleep(ms: number, signal: AbortSignal): Promise<void>
}

export const systemClock: WatchClock = { now: () => Date.now(), sleep: (ms, signal) => timerSleep(ms, signal) }

/** The session the watcher signs in through: NumerBaySession (signedInSession) has this shape. */
export interface WatchSession {
  readonly run: ClientRunner
  /** The latest sign-in; a new object after each one (how the watcher notices that it signed in again). */
  readonly lastSignIn: SignInResult | null
}

/** One cycle's worker pool (a DecryptPool): made when the cycle starts, closed when it ends. */
export interface CycleWorkers extends SyncWorkers {
  close(): Promise<void>
}

/** The part of the sync record the watcher reads and keeps hook outcomes in (ManifestStore). */
export type WatchRecord = Pick<ManifestStore, 'all' | 'get' | 'setHook' | 'flush'>

/** What the watcher needs of one sync run (openSyncRun's SyncRun has this shape). */
export interface CycleRun {
  readonly plan: SyncPlan
  readonly engine: { subscribe(listener: (event: SyncEvent) => void): () => void; pause(): void }
  readonly record: WatchRecord
  readonly recordSetAside: string | null
  readonly recordProblem: DownloadProblem | null
  run(): Promise<SyncSummary>
  close(): Promise<void>
}

export interface WatchHook {
  readonly command: HookCommand
  /** Time limit, environment and what is withheld from it, where its output goes (see watch/hook). */
  readonly options?: Omit<RunHookOptions, 'signal'>
  /** Default: runHook (a child process without a shell). */
  readonly run?: (command: HookCommand, file: HookFile, options: RunHookOptions) => Promise<HookRun>
}

export interface WatchDeps {
  readonly session: WatchSession
  readonly keys: KeySource
  readonly makeWorkers: () => CycleWorkers
  readonly hook?: WatchHook | null
  /**
   * Runs at the start of each cycle until it has succeeded once: the first sign-in, unlocking the key. Inside a
   * cycle, so a watcher started before the network is up waits for it like any failed cycle.
   */
  readonly prepare?: (api: ClientRunner) => Promise<void>
  readonly clock?: WatchClock
  readonly random?: () => number
  /** Default: openSyncRun. */
  readonly openRun?: (deps: SyncRunDeps, options: SyncRunOptions) => Promise<CycleRun>
  /** Default: acquireSyncLock. */
  readonly acquireLock?: (outDir: string) => Promise<SyncLock>
}

export interface WatchOptions {
  /** Absolute path of the folder. */
  readonly outDir: string
  readonly scope: SyncScope
  readonly intervalMs: number
  /** One cycle, then stop (waiting out a rollover first). */
  readonly once?: boolean
  readonly concurrency?: number
  readonly engine?: SyncRunOptions['engine']
}

/** The orders, files and hooks a report names. */
export interface WatchFileReport {
  readonly key: string
  readonly relativePath: string
  /** Absolute path on disk. */
  readonly path: string
  readonly orderId: number
  readonly productName: string
  readonly round: number | null
}

/** The cycle's state, for a status line: the round, and how its orders stand. */
export type WatchCycleStatus = Pick<WatchStatus, 'round' | 'filesThisRound' | 'delivered' | 'ordersThisRound'> & { readonly waiting: number; readonly missed: number }

/** Everything the watcher reports, in order; serialisable (the CLI prints them as JSON lines with --json). */
export type WatchReport =
  | { readonly type: 'started'; readonly outDir: string; readonly intervalMs: number; readonly once: boolean; readonly hook: boolean }
  | { readonly type: 'cycle-started'; readonly cycle: number }
  | { readonly type: 'signed-in'; readonly again: boolean; readonly method: SignInResult['method'] }
  | { readonly type: 'waiting-for-rollover'; readonly round: number; readonly checkAgainInMs: number }
  | { readonly type: 'record-set-aside'; readonly path: string }
  /** The sync engine's own events (file states, retries, progress, pauses), as `sync --json` prints them. */
  | { readonly type: 'transfer'; readonly event: SyncEvent }
  | ({ readonly type: 'new-file'; readonly size: number | null; readonly sha256: string | null } & WatchFileReport)
  | ({ readonly type: 'file-failed'; readonly problem: DownloadProblem } & WatchFileReport)
  | { readonly type: 'round'; readonly round: number; readonly previous: number | null }
  | { readonly type: 'waiting-for-seller'; readonly orderId: number; readonly productName: string; readonly round: number; readonly sinceMs: number }
  | { readonly type: 'delivered'; readonly orderId: number; readonly productName: string; readonly round: number }
  | { readonly type: 'missed'; readonly round: number; readonly orderId: number; readonly productName: string; readonly uploaded: number }
  | ({ readonly type: 'hook-ran'; readonly run: number; readonly durationMs: number } & WatchFileReport)
  | ({
      readonly type: 'hook-failed' | 'hook-gave-up'
      /** The run that failed, of at most `maxRuns`. */
      readonly run: number
      readonly maxRuns: number
      readonly outcome: HookOutcome
      readonly description: string
      /** The last lines the program printed (stderr, else stdout). */
      readonly lastLines: readonly string[]
    } & WatchFileReport)
  | { readonly type: 'backing-off'; readonly problem: ErrorInfo; readonly failures: number; readonly delayMs: number; readonly retryAfterMs: number | null }
  | {
      readonly type: 'cycle-finished'
      readonly cycle: number
      /** Nothing failed: no API error, no file failed, no hook failed, the record written. */
      readonly ok: boolean
      readonly durationMs: number
      readonly newFiles: number
      readonly failedFiles: number
      readonly hookFailures: number
      readonly status: WatchCycleStatus | null
      /** When the next cycle starts (null: none, the watcher stops). */
      readonly nextInMs: number | null
    }
  | { readonly type: 'stopped'; readonly cycles: number }

export interface WatchOutcome {
  readonly cycles: number
  /** Cycles in which something failed. */
  readonly failedCycles: number
  /** The last cycle's verdict (for --once): true when nothing failed in it. */
  readonly lastCycleOk: boolean
  /** Stopped by the signal rather than by --once. */
  readonly stopped: boolean
}

/** Failures that waiting can fix: the network, NumerBay's servers. Only these are waited out before the first good cycle. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['API_UNREACHABLE', 'API_TIMEOUT', 'API_SERVER_ERROR', 'API_BUSY', 'API_BAD_RESPONSE'])

/**
 * Resolves as `promise` does, or rejects with the signal's reason as soon as it is aborted. The promise is left to
 * settle on its own (a request ends as CANCELLED a moment later): its failure is handled here, never unhandled.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined)
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** Which planned artifacts count as "uploaded by the seller" for the round tracker, and which need no download. */
function trackerArtifacts(plan: SyncPlan): WatchArtifact[] {
  const nothingToFetch: ReadonlySet<SkipReason> = new Set(['numerai-direct', 'not-a-file-order'])
  const uploadedButOutOfReach: ReadonlySet<SkipReason> = new Set(['not-sealed-to-your-key', 'no-longer-available'])
  return [
    ...plan.downloads.map((a) => ({ key: a.key, orderId: a.orderId, round: a.round, downloadable: true })),
    ...plan.skipped.flatMap(({ artifact: a, reason }) =>
      nothingToFetch.has(reason) ? [{ key: a.key, orderId: a.orderId, round: a.round, downloadable: false }] : uploadedButOutOfReach.has(reason) ? [{ key: a.key, orderId: a.orderId, round: a.round, downloadable: true }] : [],
    ),
  ]
}

function lastLines(run: HookRun, count = 5): string[] {
  const text = run.stderrTail.trim() !== '' ? run.stderrTail : run.stdoutTail
  return text.split(/\r?\n/).map((line) => line.trimEnd()).filter((line) => line !== '').slice(-count)
}

interface CycleResult {
  readonly ok: boolean
  readonly newFiles: number
  readonly failedFiles: number
  readonly hookFailures: number
  readonly status: WatchCycleStatus | null
}

/** Keeps the folder in sync until the signal is aborted (or after one cycle with `once`). */
export async function watchFolder(deps: WatchDeps, options: WatchOptions, control: { readonly signal: AbortSignal; readonly onReport: (report: WatchReport) => void }): Promise<WatchOutcome> {
  const { signal, onReport: report } = control
  const clock = deps.clock ?? systemClock
  const random = deps.random ?? Math.random
  const openRun = deps.openRun ?? ((runDeps, runOptions): Promise<SyncRun> => openSyncRun(runDeps, runOptions))
  const hook = deps.hook ?? null
  const runHookProgram = hook?.run ?? runHook

  let signIn = deps.session.lastSignIn
  /** Every API call: signed in through the session, abandoned at once when the watcher stops. */
  const api: ClientRunner = async (task) => {
    signal.throwIfAborted()
    try {
      return await untilAborted(deps.session.run(task), signal)
    } finally {
      const latest = deps.session.lastSignIn
      if (latest && latest !== signIn) {
        report({ type: 'signed-in', again: signIn !== null, method: latest.method })
        signIn = latest
      }
    }
  }

  let tracker: WatchState | null = null
  let prepared = deps.prepare === undefined
  let goodCycles = 0

  const runHooks = async (record: WatchRecord): Promise<number> => {
    if (!hook) return 0
    let failures = 0
    for (const entry of hooksDue(record.all())) {
      if (signal.aborted) break
      const file = fileReport(entry)
      const started = startHookRun(entry.hook!)
      record.setHook(entry.key, started)
      // Written before the program starts: a watcher killed meanwhile runs it again at its next start.
      await record.flush()
      const run = await runHookProgram(
        hook.command,
        { path: file.path, orderId: entry.orderId, product: entry.productName, round: entry.round, artifactId: artifactIdOfKey(entry.key) ?? entry.key, sha256: entry.sha256! },
        { ...hook.options, signal },
      )
      const finished = finishHookRun(started, run, new Date(clock.now()))
      record.setHook(entry.key, finished.record)
      await record.flush()
      if (finished.result === 'succeeded') report({ type: 'hook-ran', ...file, run: started.attempts, durationMs: run.durationMs })
      else if (finished.result === 'will-retry' || finished.result === 'gave-up') {
        failures++
        report({
          type: finished.result === 'gave-up' ? 'hook-gave-up' : 'hook-failed',
          ...file,
          run: started.attempts,
          maxRuns: HOOK_MAX_RUNS,
          outcome: run.outcome,
          description: describeHookOutcome(run.outcome),
          lastLines: lastLines(run),
        })
      }
    }
    return failures
  }

  const fileReport = (entry: Pick<ManifestEntry, 'key' | 'relativePath' | 'orderId' | 'productName' | 'round'>): WatchFileReport => ({
    key: entry.key,
    relativePath: entry.relativePath,
    path: targetPathFor(options.outDir, entry.relativePath),
    orderId: entry.orderId,
    productName: entry.productName,
    round: entry.round,
  })

  /** A hook left running by a watcher that was killed: its run counts as failed, and is retried (or given up). */
  const settleInterrupted = async (record: WatchRecord): Promise<number> => {
    let gaveUp = 0
    const now = new Date(clock.now())
    for (const entry of record.all()) {
      const settled = entry.hook ? settleInterruptedRun(entry.hook, now) : null
      if (!settled) continue
      record.setHook(entry.key, settled.record)
      if (settled.result === 'gave-up') {
        gaveUp++
        report({ type: 'hook-gave-up', ...fileReport(entry), run: entry.hook!.attempts, maxRuns: HOOK_MAX_RUNS, outcome: { kind: 'interrupted' }, description: describeHookOutcome({ kind: 'interrupted' }), lastLines: [] })
      }
    }
    // Every run left running was settled above; a give-up is written at once, a retry with the cycle's record.
    if (gaveUp > 0) await record.flush()
    return gaveUp
  }

  const cycle = async (): Promise<CycleResult> => {
    if (!prepared) {
      await untilAborted(deps.prepare!(api), signal)
      prepared = true
    }
    let globals: ApiGlobals = await api((client) => client.getGlobals())
    while (globals.is_doing_round_rollover) {
      const wait = nextCycleDelay({ intervalMs: options.intervalMs, failures: 0, random })
      report({ type: 'waiting-for-rollover', round: globals.selling_round, checkAgainInMs: wait })
      await clock.sleep(wait, signal)
      globals = await api((client) => client.getGlobals())
    }
    const orders: readonly ApiOrder[] = (await api((client) => client.searchOrders({ role: 'buyer' }))).data

    const workers = deps.makeWorkers()
    let run: CycleRun | null = null
    try {
      run = await untilAborted(
        openRun(
          { run: api, keys: deps.keys, workers },
          { outDir: options.outDir, scope: options.scope, lock: heldLock, fetched: { globals, orders }, reuseSettledOrders: true, ...(options.concurrency ? { concurrency: options.concurrency } : {}), ...(options.engine ? { engine: options.engine } : {}) },
        ),
        signal,
      )
      const current = run
      if (current.recordSetAside) report({ type: 'record-set-aside', path: current.recordSetAside })
      let hookFailures = await settleInterrupted(current.record)

      const newFiles: string[] = []
      const failed: { key: string; problem: DownloadProblem }[] = []
      const planned = new Map([...current.plan.downloads, ...current.plan.skipped.map((s) => s.artifact)].map((a) => [a.key, a]))
      const unsubscribe = current.engine.subscribe((event) => {
        report({ type: 'transfer', event })
        if (event.type !== 'state') return
        const artifact = planned.get(event.key)
        if (!artifact) return
        if (event.state === 'done') {
          newFiles.push(event.key)
          // Owed from the moment the file is complete (the engine's last write of the run carries it), so a watcher
          // stopped before its hooks ran still runs them at its next start.
          const entry = hook ? current.record.get(event.key) : undefined
          const owed = entry ? oweHook(entry) : null
          if (owed) current.record.setHook(event.key, owed)
          report({ type: 'new-file', ...fileReport(artifact), size: event.size ?? null, sha256: event.sha256 ?? null })
        } else if (event.state === 'failed') {
          const problem = event.error ?? { code: 'INTERNAL', message: 'failed', action: '' }
          failed.push({ key: event.key, problem })
          report({ type: 'file-failed', ...fileReport(artifact), problem })
        }
      })
      const pause = (): void => current.engine.pause()
      signal.addEventListener('abort', pause, { once: true })
      let summary: SyncSummary
      try {
        summary = await current.run()
      } finally {
        signal.removeEventListener('abort', pause)
        unsubscribe()
      }
      if (signal.aborted) throw signal.reason

      hookFailures += await runHooks(current.record)
      if (signal.aborted) throw signal.reason

      const completed = current.record
        .all()
        .filter((entry) => entry.state === 'done')
        .map((entry) => ({ key: entry.key, orderId: entry.orderId, round: entry.round }))
      // Files done before this watcher started are not news (the tracker reports only files it has not seen).
      tracker ??= initialWatchState({ alreadyDone: completed.filter((file) => !newFiles.includes(file.key)).map((file) => file.key) })
      const advanced = advanceWatch(tracker, {
        at: clock.now(),
        sellingRound: globals.selling_round,
        rolloverInProgress: false,
        orders: orders.map((order) => ({ id: order.id, productName: order.product.name, rounds: order.rounds, state: order.state })),
        artifacts: trackerArtifacts(current.plan),
        completed,
      })
      tracker = advanced.state
      for (const event of advanced.events) {
        // New files were reported as the engine finished them, with their paths and hashes.
        if (event.type === 'file' || event.type === 'rollover-started') continue
        if (event.type === 'waiting') report({ ...event, type: 'waiting-for-seller' })
        else report(event)
      }
      const status = advanced.status
      return {
        ok: summary.complete && current.recordProblem === null && hookFailures === 0,
        newFiles: newFiles.length,
        failedFiles: failed.length,
        hookFailures,
        status: {
          round: status.round,
          filesThisRound: status.filesThisRound,
          delivered: status.delivered,
          ordersThisRound: status.ordersThisRound,
          waiting: status.waiting.length,
          missed: status.missed.length,
        },
      }
    } finally {
      await run?.close()
      await workers.close()
    }
  }

  const heldLock: SyncLock = await (deps.acquireLock ?? acquireSyncLock)(options.outDir)
  report({ type: 'started', outDir: options.outDir, intervalMs: options.intervalMs, once: options.once ?? false, hook: hook !== null })
  let cycles = 0
  let failedCycles = 0
  let failuresInRow = 0
  let lastCycleOk = false
  try {
    while (!signal.aborted) {
      cycles++
      const started = clock.now()
      report({ type: 'cycle-started', cycle: cycles })
      let result: CycleResult | null = null
      let problem: unknown = null
      try {
        result = await cycle()
      } catch (error) {
        if (signal.aborted) break
        problem = error
      }
      const more = !options.once
      if (result) {
        goodCycles++
        failuresInRow = 0
        lastCycleOk = result.ok
        if (!result.ok) failedCycles++
        const nextInMs = more ? nextCycleDelay({ intervalMs: options.intervalMs, failures: 0, random }) : null
        report({ type: 'cycle-finished', cycle: cycles, ok: result.ok, durationMs: clock.now() - started, newFiles: result.newFiles, failedFiles: result.failedFiles, hookFailures: result.hookFailures, status: result.status, nextInMs })
        if (nextInMs === null) break
        await clock.sleep(nextInMs, signal).catch(() => undefined)
        continue
      }
      failedCycles++
      lastCycleOk = false
      // Before anything has worked, a failure that waiting cannot fix means the setup is wrong: say so and end.
      if (!more || (goodCycles === 0 && !(isAppError(problem) && TRANSIENT.has(problem.code)))) {
        report({ type: 'cycle-finished', cycle: cycles, ok: false, durationMs: clock.now() - started, newFiles: 0, failedFiles: 0, hookFailures: 0, status: null, nextInMs: null })
        throw problem
      }
      failuresInRow++
      const retryAfterMs = serverRetryAfter(problem)
      const delayMs = nextCycleDelay({ intervalMs: options.intervalMs, failures: failuresInRow, retryAfterMs, random })
      report({ type: 'cycle-finished', cycle: cycles, ok: false, durationMs: clock.now() - started, newFiles: 0, failedFiles: 0, hookFailures: 0, status: null, nextInMs: delayMs })
      report({ type: 'backing-off', problem: toErrorInfo(problem), failures: failuresInRow, delayMs, retryAfterMs })
      await clock.sleep(delayMs, signal).catch(() => undefined)
    }
  } finally {
    await heldLock.release()
  }
  const stopped = signal.aborted
  if (stopped) report({ type: 'stopped', cycles })
  return { cycles, failedCycles, lastCycleOk, stopped }
}

// The Downloads screen's run: one sync run at a time (the sync-run workflow, as `sync` uses it), its engine
// events turned into snapshots for the window, and per-file or global pause, resume and cancel; retry of the
// failed files, "retry now" during a backoff, and the last run started again. Files sealed to a locked key of
// yours ask the current signer to unlock it when the run starts and when they are retried.

import type { DownloadProblem, SyncEvent, SyncSummary } from '../../../shared/downloads'
import type { DownloadsSnapshot } from '../../../shared/ipc'
import { AppError } from '../../../shared/errors'
import { checkDestination } from '../../downloads/destination'
import type { NumerBayClient } from '../../numerbay/client'
import type { ClientRunner } from '../../downloads/plan-source'
import type { KeySource } from '../../workflows/keys'
import { openSyncRun, previewSync, type SyncRun, type SyncSelection } from '../../workflows/sync-run'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import type { Services } from '../services'

export type DownloadsHandlers = Pick<
  Handlers,
  | 'planDownloads'
  | 'startDownloads'
  | 'getDownloads'
  | 'pauseDownload'
  | 'resumeDownload'
  | 'cancelDownload'
  | 'pauseAllDownloads'
  | 'resumeAllDownloads'
  | 'cancelAllDownloads'
  | 'retryFailedDownloads'
  | 'retryDownloadsNow'
  | 'syncAgain'
>

export interface DownloadsDeps {
  readonly services: Services
  readonly events: EventHub
  readonly signedInClient: () => NumerBayClient
  readonly keys: () => Promise<KeySource>
  /** Unlocks the key with the current signer (the device or phone asks the person); rejects when it does not. */
  readonly unlock: () => Promise<void>
  /** The destination the window named, if the person may write there (see SystemDomain.permitFolder). */
  readonly permitFolder: (path: string) => string
  readonly downloadDir: () => string | null
  readonly concurrency: () => number
  /** A run took the folder: "Open folder" may open it. */
  readonly recordWritten: (path: string) => Promise<void>
  readonly now?: () => number
}

/** The downloads state before any run. */
export function emptyDownloadsSnapshot(now: number = Date.now(), summary: SyncSummary | null = null, canSyncAgain = false): DownloadsSnapshot {
  return {
    running: false,
    destination: null,
    files: [],
    overall: { total: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, active: 0, queued: 0, paused: 0, waitingForKey: 0, retrying: 0, bytesDone: 0, bytesTotal: 0, speed: 0, etaSeconds: null },
    paused: null,
    summary,
    recordSetAside: null,
    recordProblem: null,
    keyWait: null,
    canSyncAgain,
    updatedAt: now,
  }
}

function isRunning(overall: { active: number; queued: number }): boolean {
  return overall.active > 0 || overall.queued > 0
}

interface SelectionArgs {
  readonly scope: 'active' | 'all'
  readonly orderIds?: readonly number[] | undefined
  readonly keys?: readonly string[] | undefined
  readonly destination?: string | undefined
}

export class DownloadsDomain {
  readonly #deps: DownloadsDeps
  readonly #now: () => number
  #run: SyncRun | null = null
  #summary: SyncSummary | null = null
  /** What the last run was started with (its folder resolved), for "Sync again". */
  #last: SelectionArgs | null = null
  readonly handlers: DownloadsHandlers

  constructor(deps: DownloadsDeps) {
    this.#deps = deps
    this.#now = deps.now ?? Date.now
    const withRun = (action: (run: SyncRun) => void): DownloadsSnapshot => {
      if (this.#run) action(this.#run)
      return this.snapshot()
    }
    this.handlers = {
      planDownloads: async (args) => {
        const client = deps.signedInClient()
        const { outDir, selection } = this.#selection(args)
        const { plan } = await previewSync({ run: runnerFor(client), keys: await deps.keys() }, { outDir, scope: args.scope, selection })
        return { ...plan, destination: outDir }
      },
      startDownloads: async (args) => {
        await this.#start(deps.signedInClient(), args)
        return this.snapshot()
      },
      getDownloads: () => this.snapshot(),
      pauseDownload: ({ key }) => withRun((run) => run.engine.pause(key)),
      resumeDownload: ({ key }) => withRun((run) => this.#resume(run, key)),
      cancelDownload: ({ key }) => withRun((run) => run.engine.cancel(key)),
      pauseAllDownloads: () => withRun((run) => run.engine.pause()),
      resumeAllDownloads: () => withRun((run) => this.#resume(run)),
      cancelAllDownloads: () => withRun((run) => run.engine.cancel()),
      retryFailedDownloads: () =>
        withRun((run) => {
          const failed = run.engine.snapshot().files.filter((file) => file.state === 'failed').map((file) => file.key)
          run.engine.retryFailed()
          this.#unlockThenDrive(run, failed)
        }),
      retryDownloadsNow: (args) => withRun((run) => run.engine.retryNow(args?.key)),
      syncAgain: async () => {
        if (!this.#last) throw new AppError('INVALID_ARGUMENT', { message: 'There is no earlier run to start again.' })
        await this.#start(deps.signedInClient(), this.#last)
        return this.snapshot()
      },
    }
  }

  snapshot(): DownloadsSnapshot {
    const run = this.#run
    if (!run) return emptyDownloadsSnapshot(this.#now(), this.#summary, this.#last !== null)
    const state = run.engine.snapshot()
    const problem: DownloadProblem | null = run.recordProblem
    const running = isRunning(state.overall) || run.unlocking
    const waiting = run.unlocking ? run.lockedFiles() : state.overall.waitingForKey
    return {
      running,
      destination: run.outDir,
      files: state.files,
      overall: state.overall,
      paused: state.paused ? { reason: state.paused.reason, error: state.paused.error ?? null } : null,
      summary: this.#summary,
      recordSetAside: run.recordSetAside,
      recordProblem: problem,
      keyWait: waiting > 0 || run.unlocking ? { files: waiting, unlocking: run.unlocking, problem: run.unlocking ? null : run.keyProblem } : null,
      canSyncAgain: !running && this.#last !== null,
      updatedAt: this.#now(),
    }
  }

  /** Pauses everything (partials kept), flushes the sync record and releases the folder (app quit). */
  async shutdown(): Promise<void> {
    const run = this.#run
    this.#run = null
    await run?.close()
  }

  #publish(): void {
    this.#deps.events.emit('downloads', this.snapshot())
  }

  #selection(args: SelectionArgs): { outDir: string; selection: SyncSelection } {
    const given = args.destination ?? this.#deps.downloadDir()
    if (!given) throw new AppError('INVALID_ARGUMENT', { message: 'Choose a download folder first.' })
    return {
      outDir: this.#deps.permitFolder(given),
      selection: { ...(args.orderIds ? { orderIds: args.orderIds } : {}), ...(args.keys ? { keys: args.keys } : {}) },
    }
  }

  async #start(client: NumerBayClient, args: SelectionArgs): Promise<void> {
    if (this.#run && (this.#run.engine.busy || this.#run.unlocking)) throw new AppError('SYNC_RUNNING')
    const { outDir, selection } = this.#selection(args)
    // A folder that cannot take the files fails here, before the previous run's results leave the screen.
    await checkDestination(outDir)
    const keys = await this.#deps.keys()
    const workers = await this.#deps.services.get('workers')
    // The previous run is idle (finished or paused): its folder goes before a new run takes one.
    await this.shutdown()
    const run = await openSyncRun(
      { run: runnerFor(client), keys, workers, unlock: this.#deps.unlock },
      { outDir, scope: args.scope, selection, concurrency: this.#deps.concurrency(), engine: { progressIntervalMs: 250 } },
    )
    this.#run = run
    this.#summary = null
    this.#last = { scope: args.scope, orderIds: args.orderIds, keys: args.keys, destination: outDir }
    await this.#deps.recordWritten(outDir)
    run.engine.subscribe((event: SyncEvent) => {
      if (this.#run !== run) return
      if (event.type === 'finished') this.#summary = event.summary
      if (event.type === 'progress' || event.type === 'state' || event.type === 'paused' || event.type === 'resumed' || event.type === 'finished') this.#publish()
    })
    void this.#drive(run)
    this.#publish()
  }

  #resume(run: SyncRun, key?: string): void {
    const keys = key === undefined ? run.engine.snapshot().files.filter((file) => file.state === 'paused').map((file) => file.key) : [key]
    run.engine.resume(key)
    this.#unlockThenDrive(run, keys)
  }

  /** Retried or resumed files sealed to a locked key: ask for the unlock first (they wait meanwhile). */
  #unlockThenDrive(run: SyncRun, keys: readonly string[]): void {
    if (keys.length > 0 && run.needsUnlock(keys)) {
      void run.unlockFor(keys).finally(() => {
        if (this.#run === run) this.#publish()
      })
      this.#publish()
    }
    void this.#drive(run)
  }

  // run() settles when nothing is queued or active; it is called again after a resume.
  async #drive(run: SyncRun): Promise<void> {
    try {
      const driving = run.run()
      // The run may first ask for an unlock: say so now.
      if (run.unlocking) this.#publish()
      this.#summary = await driving
    } catch {
      // The engine reports failures as events and file states.
    } finally {
      if (this.#run === run) this.#publish()
    }
  }
}

function runnerFor(client: NumerBayClient): ClientRunner {
  return (task) => task(client)
}

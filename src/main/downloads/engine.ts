// The sync engine: runs a plan with bounded concurrency, keeps the manifest in step with every state change,
// pauses/resumes/cancels per file or for all, pauses everything on a full disk, and pushes throttled progress.
//
// How an entry point drives it (the CLI's `sync`, the app's downloads):
//   const lock = await acquireSyncLock(outDir)                        // one sync per folder
//   const { store } = await ManifestStore.open(outDir)                // the record; a damaged one is set aside
//   const plan = await gatherPlan(run, { scope, hasKey, previousPaths: store.previousPaths() })
//   const engine = new SyncEngine(plan, store, deps, { outDir, concurrency, rehash })
//   const unsubscribe = engine.subscribe(onEvent)                     // plan, state, retry, progress, paused, …
//   const summary = await engine.run()
// `run()` resolves with a SyncSummary once nothing is queued or moving. `pause(key?)`, `resume(key?)` and
// `cancel(key?)` act on one file or on all; `snapshot()` gives every file's progress to a window that attaches
// mid-run. Progress events come at most every `progressIntervalMs` (100 ms), and every `heartbeatMs` (1 s) while
// files are in flight even when no byte arrives, so speeds fall to zero and retry countdowns move on a dead
// connection; `idleTimeoutMs` (30 s) drops a storage connection that went silent, and a file that gets no data
// for `giveUpAfterMs` (2 min) through its retries fails (DOWNLOAD_CONNECTION_LOST). `retryNow(key?)` skips the
// wait before the next attempt; `retryFailed()` requeues every failed file.
//
// Scheduling: files run in plan order, but while small files wait, large ones (`largeFileBytes`, 64 MiB) take
// at most all slots but one (two from six slots up), so a few slots keep serving small files.
//
// Keys: a sealed file whose key is yours but locked (`keyLocked`) is not attempted: it waits, paused with
// VAULT_LOCKED, and `waitingForKey()` lists those files for an unlock and a resume.
//
// Everything with side effects is injected (SyncEngineDeps), which is what lets tests run it against the demo
// server with faults: `storageGet: storageGetFor(pool)` (a pool sink fetches its body on its own worker thread,
// any other sink on the calling thread), `getDownloadUrl: downloadUrlSource(run)`, `keyPairFor` (the vault's or a
// key file's), `openSealedSink: pool.openSink`, `openPlainSink: pool.openPlainSink`, and `heldPublicKeys` (for
// files sealed to an older key than their order names). The pool starts its workers with the first file due, so
// a run with nothing new starts none. The usual assembly is src/main/workflows/sync-run.ts. User guide:
// docs/user/sync.md.

import { EventEmitter } from 'node:events'
import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import type {
  ArtifactState,
  DownloadProblem,
  FileProgress,
  ManifestEntry,
  OverallProgress,
  PlannedArtifact,
  SkipReason,
  StorageChecksums,
  SyncEvent,
  SyncPlan,
  SyncSummary,
} from '../../shared/downloads'
import { AppError, isAppError, toErrorInfo } from '../../shared/errors'
import { wipe, type KeyPair } from '../crypto/key-pair'
import { keysToTry, tryEachKey } from '../crypto/key-trial'
import { headerSidecarPath } from '../crypto/sealed-sink'
import { fsError } from '../fs/fs-errors'
import { ensurePrivateFolder } from '../fs/private-files'
import { isDoneAndIntact, type ManifestStore } from './manifest'
import { partialPathFor, targetPathFor } from './paths'
import { etaSeconds, SpeedMeter, Throttle } from './progress'
import { openPlainSink, type ArtifactSink, type PlainSinkOptions, type SinkResult } from './sink'
import type { StorageGet } from './storage-get'
import { DEFAULT_TRANSFER_RETRY, isDiskFull, transferArtifact, TransferFailure, TransferStopped, type PreparedAttempt, type RetrySettings, type SinkRequest } from './transfer'

export interface SealedSinkRequest extends SinkRequest {
  readonly keyPair: KeyPair
}

export interface SyncEngineDeps {
  /** Storage GETs: storageGetFor(pool), so a worker-held sink fetches its own body on its worker. */
  readonly storageGet: StorageGet
  /** A fresh signed URL for one artifact (order or product route). */
  readonly getDownloadUrl: (artifact: PlannedArtifact, signal: AbortSignal) => Promise<URL>
  /** A copy of the key pair for a buyer public key (current key or keyring), or null; the engine wipes it after use. */
  readonly keyPairFor: (publicKeyBase64: string) => KeyPair | null
  /**
   * Every public key you hold (current and keyring). A file uploaded before a key replacement stays sealed to the
   * old key while its order now names the new one; when the tag fails, the other held keys are tried in turn.
   */
  readonly heldPublicKeys?: () => readonly string[]
  /** Decrypting sink, normally DecryptPool.openSink (a worker thread). */
  readonly openSealedSink: (request: SealedSinkRequest) => Promise<ArtifactSink>
  /** Sink for unencrypted files, normally DecryptPool.openPlainSink; on this thread when not given. */
  readonly openPlainSink?: (request: PlainSinkOptions) => Promise<ArtifactSink>
  /**
   * True for a public key that is yours but locked now (known to the vault, not in memory). A sealed file for
   * it waits (paused, VAULT_LOCKED) instead of failing as "not sealed to your key".
   */
  readonly keyLocked?: (publicKeyBase64: string) => boolean
  /** Milliseconds, monotonic. */
  readonly clock?: () => number
}

export interface SyncEngineOptions {
  readonly outDir: string
  /** Files downloaded at once (default 4). */
  readonly concurrency?: number
  /** Re-hash finished files before trusting them (default: size check only). */
  readonly rehash?: boolean
  /** Minimum gap between progress events (default 100 ms: at most 10 a second). */
  readonly progressIntervalMs?: number
  readonly retry?: RetrySettings
  /** A storage connection silent for this long is dropped and retried (default 30 s). */
  readonly idleTimeoutMs?: number
  /** A file that receives no data for this long, through all its retries, fails (default 2 min). */
  readonly giveUpAfterMs?: number
  /** Progress events while files are in flight, even when no byte arrives (default 1 s). */
  readonly heartbeatMs?: number
  /** Files at least this large (declared size) leave a slot or two to smaller ones (default 64 MiB). */
  readonly largeFileBytes?: number
}

export const DEFAULT_CONCURRENCY = 4
export const MAX_CONCURRENCY = 32
export const DEFAULT_GIVE_UP_AFTER_MS = 2 * 60_000
export const DEFAULT_LARGE_FILE_BYTES = 64 * 1024 * 1024
const DEFAULT_HEARTBEAT_MS = 1_000

/** How many slots large files may hold while smaller files wait: all but one, all but two from six slots. */
export function largeFileSlots(concurrency: number): number {
  if (concurrency <= 1) return concurrency
  return concurrency - (concurrency >= 6 ? 2 : 1)
}

/** Why an attempt failed and when the next one starts (clock time). */
interface PendingRetry {
  readonly attempt: number
  readonly at: number
  readonly problem: DownloadProblem
}

interface Job {
  readonly artifact: PlannedArtifact
  state: ArtifactState
  reason: SkipReason | null
  error: DownloadProblem | null
  bytesDone: number
  bytesTotal: number | null
  meter: SpeedMeter
  controller: AbortController | null
  size?: number
  sha256?: string
  /** Plain files: the storage server's hashes the file matched. */
  checksums?: StorageChecksums
  /** Already done and intact when the run started (shown as already downloaded; counted at its size). */
  doneBefore: boolean
  /** This key had this path in an earlier run, so the file there is ours to replace. */
  ownsTarget: boolean
  /** Checked against the record (prepare): until then a pause must not overwrite its entry, which may say done. */
  prepared: boolean
  /** A queued file's download URL and sink, asked for while other files transfer (see headStart). */
  headStart: HeadStart | null
  /** The most bytes this file has had in this run: a resume that restarts from a chunk boundary does not lower the run's total. */
  highWater: number
  /** Between a failed attempt and the next. */
  retry: PendingRetry | null
  /** When data last arrived (or the transfer started): the give-up clock. */
  lastDataAt: number
  /** Stopped to be started again at once (retryNow). */
  restart: boolean
}

/**
 * What a queued file gets ready while the files ahead of it transfer: its signed URL (an API round trip) and its
 * sink (a file opened on a worker). Its first attempt takes them instead of waiting for them, so a run of small
 * files costs little more than their bytes. Later attempts ask afresh, as always.
 */
interface HeadStart extends PreparedAttempt {
  /** Stops the URL request when the file leaves the queue another way (paused, cancelled). */
  readonly controller: AbortController
}

export type SyncListener = (event: SyncEvent) => void

/** A pause of everything: asked for by the user, or forced by an error (a full disk) with its problem. */
export interface SyncPause {
  readonly reason: 'user' | 'error'
  readonly error?: DownloadProblem
}

/** Paused because its key is locked: it waits for an unlock (VAULT_LOCKED is only ever set with that pause). */
function waitsForKey(job: Job): boolean {
  return job.state === 'paused' && job.error?.code === 'VAULT_LOCKED'
}

/** An error as a file's or a run's problem (a transfer failure's own problem unwrapped). */
export function problemOf(error: unknown): DownloadProblem {
  const info = toErrorInfo(error instanceof TransferFailure ? error.error : error)
  return { code: info.code, message: info.message, action: info.action, ...(info.detail ? { detail: info.detail } : {}) }
}

/**
 * A sealed file that no key of yours opens, in a sync: the order names your key, so the bytes were damaged (on
 * the server or on the way), or the seller sealed them to another key. Not "check that you chose the key":
 * nobody chose one.
 */
function damagedInSync(problem: DownloadProblem): DownloadProblem {
  return {
    ...problem,
    message: 'The file failed its integrity check with every key you hold: it was damaged on the server or on the way, or sealed to another key.',
    action: 'Retry it. If it fails again, ask the seller to upload it again; nothing was saved under its name.',
  }
}

function nameOf(relativePath: string): string {
  return relativePath.slice(relativePath.lastIndexOf('/') + 1)
}

export class SyncEngine {
  private readonly jobs = new Map<string, Job>()
  private readonly order: Job[] = []
  private readonly events = new EventEmitter()
  private readonly clock: () => number
  private readonly concurrency: number
  private readonly throttle: Throttle
  private readonly dirty = new Set<string>()
  private overallMeter: SpeedMeter
  private active = 0
  /** Files whose bytes are all in, their slot given to the next file, whose "done" waits for the record. */
  private finishing = 0
  /** Head starts being given up (sinks closing); a run ends after them. */
  private readonly dropping = new Set<Promise<void>>()
  private globalPause: SyncPause | null = null
  private driving: Promise<SyncSummary> | null = null
  private wakeIdle: (() => void) | null = null
  private prepared = false
  private startedAt = 0
  private bytesReceived = 0
  private manifestError: DownloadProblem | null = null
  private heartbeat: ReturnType<typeof setInterval> | null = null
  private readonly giveUpAfterMs: number
  private readonly largeFileBytes: number

  constructor(
    readonly plan: SyncPlan,
    private readonly store: ManifestStore,
    private readonly deps: SyncEngineDeps,
    private readonly options: SyncEngineOptions,
  ) {
    this.clock = deps.clock ?? (() => performance.now())
    this.concurrency = Math.min(Math.max(Math.trunc(options.concurrency ?? DEFAULT_CONCURRENCY), 1), MAX_CONCURRENCY)
    this.throttle = new Throttle(options.progressIntervalMs ?? 100, () => this.emitProgress(), this.clock)
    this.overallMeter = new SpeedMeter(this.clock())
    this.giveUpAfterMs = options.giveUpAfterMs ?? DEFAULT_GIVE_UP_AFTER_MS
    this.largeFileBytes = options.largeFileBytes ?? DEFAULT_LARGE_FILE_BYTES
    const earlier = new Map(store.all().map((entry) => [entry.key, entry.relativePath]))
    const add = (artifact: PlannedArtifact, state: ArtifactState, reason: SkipReason | null): void => {
      const job: Job = {
        artifact,
        state,
        reason,
        error: null,
        bytesDone: 0,
        bytesTotal: artifact.declaredSize,
        meter: new SpeedMeter(this.clock()),
        controller: null,
        doneBefore: false,
        prepared: false,
        ownsTarget: earlier.get(artifact.key) === artifact.relativePath,
        headStart: null,
        highWater: 0,
        retry: null,
        lastDataAt: 0,
        restart: false,
      }
      this.jobs.set(artifact.key, job)
      this.order.push(job)
    }
    for (const artifact of plan.downloads) add(artifact, 'queued', null)
    for (const { artifact, reason } of plan.skipped) add(artifact, 'skipped', reason)
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: SyncListener): () => void {
    this.events.on('event', listener)
    return () => this.events.off('event', listener)
  }

  /** Runs until nothing is queued or running (everything final, or paused). Safe to call again after a resume. */
  run(): Promise<SyncSummary> {
    if (!this.driving) {
      this.driving = this.drive().finally(() => {
        this.driving = null
      })
    }
    return this.driving
  }

  /** Resolves when nothing is being driven any more (after a pause, a cancel or the end of the run). */
  async settled(): Promise<void> {
    while (this.driving) await this.driving.catch(() => undefined)
  }

  /** Whether a file is transferring or waiting for a slot. */
  get busy(): boolean {
    return this.active > 0 || (!this.globalPause && this.order.some((job) => job.state === 'queued'))
  }

  /** Pauses one file (its partial is kept) or, without a key, everything. */
  pause(key?: string): void {
    if (key === undefined) {
      this.pauseAll({ reason: 'user' })
      return
    }
    const job = this.jobs.get(key)
    if (!job) return
    if (job.controller) job.controller.abort(new TransferStopped('pause'))
    else if (job.state === 'queued') this.pauseQueued(job)
  }

  /** Resumes one paused (or failed, or cancelled) file or, without a key, everything paused. */
  resume(key?: string): void {
    if (key === undefined) {
      const wasPaused = this.globalPause !== null
      this.globalPause = null
      for (const job of this.order) if (job.state === 'paused') this.requeue(job)
      if (wasPaused) this.emit({ type: 'resumed' })
    } else {
      const job = this.jobs.get(key)
      if (!job || !['paused', 'failed', 'cancelled'].includes(job.state)) return
      this.requeue(job)
    }
    if (this.driving) this.pump()
    else if (this.prepared) void this.run().catch(() => undefined)
  }

  /** Requeues every failed file (each starts over its retries, resuming its partial). */
  retryFailed(): void {
    for (const job of this.order) if (job.state === 'failed') this.requeue(job)
    if (this.driving) this.pump()
    else if (this.prepared) void this.run().catch(() => undefined)
  }

  /** Skips the wait before the next attempt of one file or, without a key, of every file waiting to retry. */
  retryNow(key?: string): void {
    const targets = key === undefined ? this.order : [this.jobs.get(key)].filter((job): job is Job => job !== undefined)
    for (const job of targets) {
      if (!job.retry || !job.controller) continue
      job.restart = true
      job.controller.abort(new TransferStopped('pause'))
    }
  }

  /** The files waiting for a locked key (paused with VAULT_LOCKED): resume them once it is unlocked. */
  waitingForKey(): string[] {
    return this.order.filter(waitsForKey).map((job) => job.artifact.key)
  }

  /** Cancels one file or, without a key, every file not finished: partial data is discarded. */
  cancel(key?: string): void {
    const targets = key === undefined ? this.order : [this.jobs.get(key)].filter((job): job is Job => job !== undefined)
    for (const job of targets) {
      if (job.controller) job.controller.abort(new TransferStopped('cancel'))
      else if (job.state === 'queued' || job.state === 'paused') {
        this.setState(job, 'cancelled')
        void this.discardPartial(job)
      }
    }
    this.pump()
  }

  /** Every file's progress and the totals, for a UI that (re)attaches mid-run. */
  snapshot(): { files: FileProgress[]; overall: OverallProgress; paused: SyncPause | null } {
    const now = this.clock()
    return { files: this.order.map((job) => this.fileProgress(job, now)), overall: this.overall(now), paused: this.globalPause }
  }

  private async drive(): Promise<SyncSummary> {
    if (!this.prepared) {
      await this.prepare()
      this.prepared = true
      this.startedAt = this.clock()
      this.emit({ type: 'plan', plan: this.plan })
    }
    this.startHeartbeat()
    try {
      await new Promise<void>((resolve) => {
        this.wakeIdle = resolve
        this.pump()
      })
    } finally {
      this.stopHeartbeat()
    }
    this.throttle.flush()
    await Promise.all(this.dropping)
    try {
      await this.store.flush()
    } catch (error) {
      this.manifestError = problemOf(error)
    }
    const summary = this.summary()
    this.emit({ type: 'finished', summary })
    return summary
  }

  /**
   * Done files that are still intact stay done; skipped ones are recorded with their reason. A file paused before
   * it was checked here (a stop right after the run began) is checked all the same: a pause never turns a file
   * that is done on disk into one to fetch again.
   */
  private async prepare(): Promise<void> {
    for (const job of this.order) {
      await this.prepareJob(job)
      job.prepared = true
    }
  }

  private async prepareJob(job: Job): Promise<void> {
    const entry = this.store.get(job.artifact.key)
    const kept = (from: ManifestEntry): void => {
      job.state = 'done'
      job.doneBefore = true
      this.keptFromEarlier(job, from.size)
      if (from.size !== undefined) job.size = from.size
      if (from.sha256 !== undefined) job.sha256 = from.sha256
      if (from.checksums) job.checksums = from.checksums
    }
    if ((job.state === 'queued' || job.state === 'paused') && entry && entry.relativePath === job.artifact.relativePath) {
      if (await isDoneAndIntact(this.options.outDir, entry, { rehash: this.options.rehash ?? false })) return kept(entry)
    }
    if (job.state === 'skipped' && entry?.state === 'done' && (await isDoneAndIntact(this.options.outDir, entry))) {
      // Downloaded in an earlier run, now out of reach (pruned, rolled over): the file is still good.
      kept(entry)
      job.reason = null
      return
    }
    this.record(job)
  }

  /** A file found done on disk: it shows its size, not "0 B of …". */
  private keptFromEarlier(job: Job, size: number | undefined): void {
    if (size === undefined) return
    job.bytesDone = size
    job.bytesTotal = size
  }

  private isLarge(job: Job): boolean {
    return (job.bytesTotal ?? job.artifact.declaredSize ?? 0) >= this.largeFileBytes
  }

  private pump(): void {
    if (!this.globalPause) {
      for (const job of this.order) if (job.state === 'queued') this.holdForKey(job)
      const largeSlots = largeFileSlots(this.concurrency)
      let largeActive = this.order.filter((job) => job.controller !== null && this.isLarge(job)).length
      // Every slot busy: the next queued files (as many as there are slots) get their URL and sink meanwhile.
      let ready = 0
      for (const job of this.order) {
        if (job.state !== 'queued') continue
        if (this.active < this.concurrency) {
          if (this.isLarge(job)) {
            // A large file may take the last free slots only when no small file is waiting for one.
            if (largeActive >= largeSlots && this.order.some((other) => other.state === 'queued' && !this.isLarge(other))) continue
            largeActive++
          }
          this.launch(job)
        } else if (ready++ < this.concurrency) job.headStart ??= this.headStart(job)
        else break
      }
    }
    const waiting = this.globalPause ? 0 : this.order.filter((job) => job.state === 'queued').length
    if (this.active === 0 && this.finishing === 0 && waiting === 0 && this.wakeIdle) {
      const wake = this.wakeIdle
      this.wakeIdle = null
      wake()
    }
  }

  /** A sealed file whose key is locked waits for it (paused, VAULT_LOCKED) rather than failing. */
  private holdForKey(job: Job): boolean {
    const { artifact } = job
    if (!artifact.sealed || !artifact.buyerPublicKey || !this.deps.keyLocked?.(artifact.buyerPublicKey)) return false
    job.error = problemOf(new AppError('VAULT_LOCKED', { detail: `${nameOf(artifact.relativePath)} waits for your key` }))
    this.setState(job, 'paused')
    return true
  }

  private launch(job: Job): void {
    const controller = new AbortController()
    const now = this.clock()
    // Speeds are measured from when bytes can flow: a file's from its start, the run's from when it (re)starts.
    if (this.active === 0) this.overallMeter = new SpeedMeter(now)
    job.meter = new SpeedMeter(now)
    job.controller = controller
    job.error = null
    job.retry = null
    job.restart = false
    job.lastDataAt = now
    this.active++
    let released = false
    // The slot is given back once the bytes are in and the file committed, or when the transfer ends otherwise.
    const release = (): void => {
      if (released) return
      released = true
      this.active--
      this.pump()
    }
    this.setState(job, 'downloading')
    void this.transfer(job, controller.signal, release).finally(() => {
      job.controller = null
      release()
    })
  }

  /** The keys a file is opened with, in order: the order's, then every other key held (crypto/key-trial.ts). */
  private keysFor(artifact: PlannedArtifact): (string | null)[] {
    const keys = artifact.sealed ? keysToTry(artifact.buyerPublicKey, this.deps.heldPublicKeys?.() ?? []) : []
    return keys.length > 0 ? keys : [artifact.buyerPublicKey]
  }

  private sinkRequest(job: Job): SinkRequest {
    return {
      target: targetPathFor(this.options.outDir, job.artifact.relativePath),
      partialPath: partialPathFor(this.options.outDir, job.artifact.key),
      overwrite: job.ownsTarget,
    }
  }

  private headStart(job: Job): HeadStart {
    const controller = new AbortController()
    const url = this.deps.getDownloadUrl(job.artifact, controller.signal)
    const sink = this.openSink(job.artifact, this.sinkRequest(job), this.keysFor(job.artifact)[0] ?? null)
    // Their failures are the first attempt's to handle (or nobody's, if the file leaves the queue first).
    url.catch(() => undefined)
    sink.catch(() => undefined)
    return { url, sink, controller }
  }

  /** Gives up a queued file's head start: its URL request stops, its sink closes (a partial stays unless `discard`). */
  private async dropHeadStart(job: Job, discard: boolean): Promise<void> {
    const head = job.headStart
    job.headStart = null
    if (!head) return
    head.controller.abort()
    const sink = await head.sink?.catch(() => null)
    await sink?.abort({ keepPartial: !discard }).catch(() => undefined)
  }

  private async transfer(job: Job, signal: AbortSignal, release: () => void): Promise<void> {
    const { artifact } = job
    const head = job.headStart
    job.headStart = null
    const stopHead = (): void => head?.controller.abort()
    signal.addEventListener('abort', stopHead, { once: true })
    try {
      const request = this.sinkRequest(job)
      const once = (publicKey: string | null, prepared: HeadStart | null): Promise<SinkResult> =>
        transferArtifact(
          { artifact, ...request, ...(prepared ? { prepared } : {}) },
          {
            storageGet: this.deps.storageGet,
            getDownloadUrl: this.deps.getDownloadUrl,
            openSink: (a, sinkRequest) => this.openSink(a, sinkRequest, publicKey),
            retry: this.options.retry ?? DEFAULT_TRANSFER_RETRY,
            ...(this.options.idleTimeoutMs ? { idleTimeoutMs: this.options.idleTimeoutMs } : {}),
          },
          signal,
          {
            onStart: ({ received, total }) => {
              job.bytesDone = received
              job.highWater = Math.max(job.highWater, received)
              job.bytesTotal = total ?? artifact.declaredSize
              job.retry = null
              this.touch(job)
            },
            onBytes: (count) => {
              const now = this.clock()
              job.bytesDone += count
              job.highWater = Math.max(job.highWater, job.bytesDone)
              job.lastDataAt = now
              job.retry = null
              job.meter.add(count, now)
              this.overallMeter.add(count, now)
              this.bytesReceived += count
              this.touch(job)
            },
            onFinishing: () => this.setState(job, 'decrypting'),
            onRetry: ({ attempt, error, delayMs }) => {
              const problem = problemOf(error)
              job.retry = { attempt, at: this.clock() + delayMs, problem }
              this.emit({ type: 'retry', key: artifact.key, attempt, problem, delayMs })
              this.touch(job)
            },
          },
        ).catch((error: unknown) => {
          // tryEachKey moves on only for this AppError; everything else keeps its TransferFailure wrapper.
          throw error instanceof TransferFailure && error.error.code === 'SEALED_AUTH_FAILED' ? error.error : error
        })
      // The head start was made with the expected key (the order's): it serves the first key tried only.
      const keys = this.keysFor(artifact)
      const result = await tryEachKey<string | null, SinkResult>(keys, (key) => once(key, key === keys[0] ? head : null), (_failed, _next, attempt) =>
        this.emit({ type: 'retry', key: artifact.key, attempt, problem: { ...problemOf(new AppError('SEALED_AUTH_FAILED')), detail: 'trying an older key from your keyring' }, delayMs: 0 }),
      )
      job.size = result.plaintextBytes
      job.sha256 = result.sha256
      if (result.checksums) job.checksums = result.checksums
      job.ownsTarget = true
      this.record(job, 'done')
      // The file is in place: its slot goes to the next file while the record is written (one write covers every
      // file finished meanwhile). The record must say "done" before anyone hears it: a crash after the event must
      // not refetch the file.
      this.finishing++
      release()
      try {
        await this.store.flush().catch((error: unknown) => {
          this.manifestError = problemOf(error)
        })
        this.setState(job, 'done')
      } finally {
        this.finishing--
        this.pump()
      }
    } catch (error) {
      this.settleFailure(job, signal, error)
    } finally {
      signal.removeEventListener('abort', stopHead)
    }
  }

  private settleFailure(job: Job, signal: AbortSignal, error: unknown): void {
    job.retry = null
    if (signal.aborted && isAppError(signal.reason)) {
      // Stopped by the engine itself (no data for too long): a failure, the partial kept for a retry.
      job.error = problemOf(signal.reason)
      this.setState(job, 'failed')
      return
    }
    if (signal.aborted) {
      const stop = signal.reason instanceof TransferStopped ? signal.reason.kind : 'pause'
      if (stop === 'cancel') {
        this.setState(job, 'cancelled')
        void this.discardPartial(job)
      } else if (job.restart && !this.globalPause) {
        this.requeue(job)
      } else {
        this.setState(job, 'paused')
      }
      return
    }
    const problem = problemOf(error)
    if (isDiskFull(error)) {
      job.error = problem
      this.setState(job, 'paused')
      this.pauseAll({ reason: 'error', error: problem })
      return
    }
    const code = error instanceof TransferFailure ? error.error.code : isAppError(error) ? error.code : null
    if (code === 'VAULT_LOCKED') {
      job.error = problem
      this.setState(job, 'paused')
      return
    }
    if (code === 'DOWNLOAD_NO_LONGER_AVAILABLE' || code === 'DOWNLOAD_NOT_SEALED_TO_KEY') {
      job.reason = code === 'DOWNLOAD_NO_LONGER_AVAILABLE' ? 'no-longer-available' : 'not-sealed-to-your-key'
      job.error = problem
      this.setState(job, 'skipped')
      return
    }
    job.error = code === 'SEALED_AUTH_FAILED' ? damagedInSync(problem) : problem
    this.setState(job, 'failed')
  }

  private pauseAll(pause: SyncPause): void {
    if (this.globalPause?.reason === 'error' && pause.reason === 'error') return
    this.globalPause = pause
    for (const job of this.order) {
      if (job.controller) job.controller.abort(new TransferStopped('pause'))
      else if (job.state === 'queued') this.pauseQueued(job)
    }
    this.emit({ type: 'paused', reason: pause.reason, ...(pause.error ? { error: pause.error } : {}) })
    this.pump()
  }

  /** A queued file paused: recorded once prepare has checked it (before that, prepare records it). */
  private pauseQueued(job: Job): void {
    if (job.prepared) this.setState(job, 'paused')
    else job.state = 'paused'
  }

  private requeue(job: Job): void {
    job.error = null
    job.restart = false
    this.setState(job, 'queued')
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)
    this.heartbeat.unref?.()
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
  }

  /**
   * While files are in flight: fresh numbers even when no byte arrives (speeds fall, countdowns move), and a
   * file that has had no data for `giveUpAfterMs` is stopped as failed.
   */
  private beat(): void {
    const now = this.clock()
    for (const job of this.order) {
      if (!job.controller || job.state !== 'downloading') continue
      if (now - job.lastDataAt >= this.giveUpAfterMs) {
        const minutes = Math.max(1, Math.round(this.giveUpAfterMs / 60_000))
        job.controller.abort(
          new AppError('DOWNLOAD_CONNECTION_LOST', {
            message: `No data arrived for ${minutes} min, through every retry, so this file was stopped.`,
            ...(job.error?.detail ? { detail: job.error.detail } : job.retry?.problem.detail ? { detail: job.retry.problem.detail } : {}),
          }),
        )
      }
      this.touch(job)
    }
  }

  private async openSink(artifact: PlannedArtifact, request: SinkRequest, publicKey: string | null): Promise<ArtifactSink> {
    // The final folder must exist for the atomic commit; the partial folder (private: 0700, ours, not a link)
    // for the sink's first write.
    await ensurePrivateFolder(dirname(request.partialPath))
    try {
      await mkdir(dirname(request.target), { recursive: true })
    } catch (error) {
      throw fsError(error, dirname(request.target))
    }
    if (!artifact.sealed) return (this.deps.openPlainSink ?? openPlainSink)(request)
    const keyPair = publicKey ? this.deps.keyPairFor(publicKey) : null
    // Locked since the file started (auto-lock): it waits for the key like the files not started yet.
    if (!keyPair && publicKey && this.deps.keyLocked?.(publicKey)) throw new AppError('VAULT_LOCKED')
    if (!keyPair) throw new AppError('DOWNLOAD_NOT_SEALED_TO_KEY')
    try {
      return await this.deps.openSealedSink({ ...request, keyPair })
    } finally {
      // keyPairFor hands out a copy; the sink (or its worker) holds its own from here on.
      wipe(keyPair.privateKey)
    }
  }

  /** Removes a cancelled file's partial and its header sidecar (a plain partial has none). */
  private async discardPartial(job: Job): Promise<void> {
    const partial = partialPathFor(this.options.outDir, job.artifact.key)
    await Promise.all([rm(partial, { force: true }), rm(headerSidecarPath(partial), { force: true })]).catch(() => undefined)
  }

  private setState(job: Job, state: ArtifactState): void {
    job.state = state
    if (job.headStart && state !== 'queued' && state !== 'downloading') {
      const dropping = this.dropHeadStart(job, state === 'cancelled')
      this.dropping.add(dropping)
      void dropping.finally(() => this.dropping.delete(dropping))
    }
    if (state !== 'downloading') job.retry = null
    if (state !== 'downloading' && state !== 'decrypting') job.meter = new SpeedMeter(this.clock())
    this.record(job)
    this.emit({
      type: 'state',
      key: job.artifact.key,
      relativePath: job.artifact.relativePath,
      state,
      ...(job.reason && state === 'skipped' ? { reason: job.reason } : {}),
      ...(job.error ? { error: job.error } : {}),
      ...(state === 'done' && job.size !== undefined ? { size: job.size } : {}),
      ...(state === 'done' && job.sha256 !== undefined ? { sha256: job.sha256 } : {}),
    })
    this.touch(job)
  }

  private record(job: Job, state: ArtifactState = job.state): void {
    const { artifact } = job
    const entry: Omit<ManifestEntry, 'updatedAt'> = {
      key: artifact.key,
      source: artifact.source,
      orderId: artifact.orderId,
      productId: artifact.productId,
      productName: artifact.productName,
      round: artifact.round,
      objectName: artifact.objectName,
      relativePath: artifact.relativePath,
      sealed: artifact.sealed,
      state,
      ...(state === 'done' && job.size !== undefined ? { size: job.size } : {}),
      ...(state === 'done' && job.sha256 !== undefined ? { sha256: job.sha256 } : {}),
      ...(state === 'done' && job.checksums ? { checksums: job.checksums } : {}),
      ...(state === 'skipped' && job.reason ? { reason: job.reason } : {}),
      ...(job.error ? { error: job.error } : {}),
    }
    // A file starting or finishing its transfer changes nothing a later run relies on (partials are found by key):
    // it is written with the next state that does, rather than costing a record write (JSON, fsync) of its own.
    this.store.put(entry, { write: state !== 'downloading' && state !== 'decrypting' })
  }

  private touch(job: Job): void {
    this.dirty.add(job.artifact.key)
    this.throttle.request()
  }

  private emit(event: SyncEvent): void {
    this.events.emit('event', event)
  }

  private emitProgress(): void {
    const now = this.clock()
    const files = [...this.dirty].map((key) => this.fileProgress(this.jobs.get(key) as Job, now))
    this.dirty.clear()
    this.emit({ type: 'progress', overall: this.overall(now), files })
  }

  private fileProgress(job: Job, now: number): FileProgress {
    const { artifact } = job
    const moving = job.state === 'downloading' || job.state === 'decrypting'
    const speed = moving ? job.meter.speed(now) : 0
    const retry = job.retry && job.state === 'downloading' ? job.retry : null
    return {
      key: artifact.key,
      orderId: artifact.orderId,
      productName: artifact.productName,
      round: artifact.round,
      name: nameOf(artifact.relativePath),
      relativePath: artifact.relativePath,
      state: job.state,
      bytesDone: job.bytesDone,
      bytesTotal: job.bytesTotal,
      speed,
      etaSeconds: moving && job.meter.steady(now) ? etaSeconds(job.bytesTotal === null ? null : job.bytesTotal - job.bytesDone, speed) : null,
      reason: job.state === 'skipped' ? job.reason : null,
      error: job.error,
      alreadyDownloaded: job.doneBefore,
      retry: retry
        ? {
            attempt: retry.attempt,
            inMs: Math.max(0, Math.round(retry.at - now)),
            problem: retry.problem,
            giveUpInMs: Math.max(0, Math.round(job.lastDataAt + this.giveUpAfterMs - now)),
          }
        : null,
    }
  }

  private overall(now: number): OverallProgress {
    const count = (state: ArtifactState): number => this.order.filter((job) => job.state === state).length
    // Files kept from an earlier run count as transferred: a resumed sync starts where the last one stopped, so
    // "Transferred" never drops from one run of a folder to the next.
    const inRun = this.order.filter((job) => job.state !== 'skipped' && job.state !== 'cancelled')
    const counted = (job: Job): number => {
      const most = Math.max(job.highWater, job.bytesDone)
      return job.bytesTotal === null ? most : Math.min(most, job.bytesTotal)
    }
    const bytesDone = inRun.reduce((sum, job) => sum + counted(job), 0)
    const unknown = inRun.some((job) => job.bytesTotal === null && job.state !== 'done' && job.state !== 'failed')
    const bytesTotal = unknown ? null : inRun.reduce((sum, job) => sum + (job.bytesTotal ?? job.bytesDone), 0)
    const speed = this.active > 0 ? this.overallMeter.speed(now) : 0
    return {
      total: this.order.length,
      done: count('done'),
      failed: count('failed'),
      skipped: count('skipped'),
      cancelled: count('cancelled'),
      active: count('downloading') + count('decrypting'),
      queued: count('queued'),
      paused: count('paused'),
      waitingForKey: this.order.filter(waitsForKey).length,
      retrying: this.order.filter((job) => job.retry !== null && job.state === 'downloading').length,
      bytesDone,
      bytesTotal,
      speed,
      etaSeconds: this.overallMeter.steady(now) ? etaSeconds(bytesTotal === null ? null : bytesTotal - bytesDone, speed) : null,
    }
  }

  private summary(): SyncSummary {
    const count = (state: ArtifactState): number => this.order.filter((job) => job.state === state).length
    const done = count('done')
    const skipped = this.order.filter((job) => job.state === 'skipped' && job.reason !== null).length
    const unfinished = count('paused') + count('queued') + count('downloading') + count('decrypting')
    return {
      total: this.order.length,
      done,
      skipped,
      failed: count('failed'),
      cancelled: count('cancelled'),
      unfinished,
      bytesReceived: this.bytesReceived,
      elapsedMs: Math.round(this.clock() - this.startedAt),
      complete: done + skipped === this.order.length && this.manifestError === null,
    }
  }

  /** A manifest write that failed at the end of the run (a full disk), if any. */
  get manifestProblem(): DownloadProblem | null {
    return this.manifestError
  }
}

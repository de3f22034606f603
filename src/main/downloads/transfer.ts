// One artifact from the storage server to its final name: a fresh signed URL for every attempt, a Range request
// from where the partial file ends, the body streamed through the sink, retries with backoff for what is worth
// retrying, and the partial kept for a later resume unless the download is cancelled or proven bad.

import type { PlannedArtifact } from '../../shared/downloads'
import { AppError, isAppError, type ErrorCode } from '../../shared/errors'
import { retryAfterFor, withRetries, type BackoffPolicy } from '../net/backoff'
import { describeUrl } from './download-url'
import type { ArtifactSink, SinkResult } from './sink'
import type { StorageGet, StorageResponse } from './storage-get'

/** The retry rule (net/backoff): attempts after the first that fail without progress, and their delays. */
export interface RetrySettings extends BackoffPolicy {
  /**
   * Attempts that received bytes before failing do not use up `retries`, but they are bounded too (default 30):
   * a server that sends a little and drops the connection, again and again, must not keep a file going for ever.
   */
  readonly progressRetries?: number
}

export const DEFAULT_TRANSFER_RETRY: RetrySettings = { retries: 6, minTimeoutMs: 500, maxTimeoutMs: 15_000 }
const DEFAULT_PROGRESS_RETRIES = 30

/**
 * How long one file may take, all attempts and pauses between them included: `baseMs` plus its declared size
 * at `minBytesPerSecond`. A storage host that trickles bytes (each one just inside the idle timeout) is cut
 * off there; the partial is kept, so a later run resumes.
 */
export interface TransferDeadline {
  readonly baseMs: number
  readonly minBytesPerSecond: number
}

/** Five minutes, plus the size at 32 KiB/s (1 GiB: about nine hours). */
export const DEFAULT_TRANSFER_DEADLINE: TransferDeadline = { baseMs: 5 * 60_000, minBytesPerSecond: 32 * 1024 }

export interface SinkRequest {
  readonly target: string
  readonly partialPath: string
  readonly overwrite: boolean
}

export interface TransferDeps {
  /** Sends a storage GET whose body goes into a sink (storageGetFor: on the sink's worker when it has one). */
  readonly storageGet: StorageGet
  /** Asks NumerBay for a new signed URL (they expire after 10 minutes), checked by checkDownloadUrl. */
  readonly getDownloadUrl: (artifact: PlannedArtifact, signal: AbortSignal) => Promise<URL>
  /** Opens the sealed sink (order artifacts) or the plain sink (product artifacts). */
  readonly openSink: (artifact: PlannedArtifact, request: SinkRequest) => Promise<ArtifactSink>
  readonly retry: RetrySettings
  /** A connection silent for this long is dropped and the transfer retried (default 30 s). */
  readonly idleTimeoutMs?: number
  /** The whole file's time limit (default DEFAULT_TRANSFER_DEADLINE). */
  readonly deadline?: TransferDeadline
}

export interface TransferCallbacks {
  /** The server answered: `received` bytes are already in the partial, `total` is the object's size if known. */
  onStart?(info: { received: number; total: number | null }): void
  onBytes?(count: number): void
  /** All bytes are in; the tag is being verified and the file committed. */
  onFinishing?(): void
  onRetry?(info: { attempt: number; error: AppError; delayMs: number }): void
}

export interface TransferJob {
  readonly artifact: PlannedArtifact
  readonly target: string
  readonly partialPath: string
  /** Replace an existing file at `target` (it is one this sync wrote before). */
  readonly overwrite: boolean
  /** What was got ready while the job waited its turn: the first attempt takes it (later ones ask afresh). */
  readonly prepared?: PreparedAttempt
}

/**
 * A signed URL and an opened sink asked for ahead of time (the engine does it for queued files, so their wait
 * for the API and the worker overlaps other transfers). Each is taken at most once; a sink left untaken is closed
 * with its partial kept.
 */
export interface PreparedAttempt {
  url: Promise<URL> | null
  sink: Promise<ArtifactSink> | null
}

/** How a failed attempt should be handled. */
type FailureKind =
  /** Worth another attempt after a pause (5xx, network, a body cut short). */
  | 'transient'
  /** The signed URL was refused (expired): ask for a new one. */
  | 'url-refused'
  /** No point trying again. */
  | 'fatal'

export class TransferFailure extends Error {
  constructor(
    readonly error: AppError,
    readonly kind: FailureKind,
    /** Bytes were received in this attempt: the retry does not count against the budget. */
    readonly madeProgress = false,
    /** The storage server's Retry-After (429/503), honoured before the next attempt. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(error.message)
    this.name = 'TransferFailure'
  }
}

/** Why a transfer was stopped from outside: the partial is kept for a pause and discarded for a cancel. */
export class TransferStopped extends Error {
  constructor(readonly kind: 'pause' | 'cancel') {
    super(kind === 'pause' ? 'paused' : 'cancelled')
    this.name = 'TransferStopped'
  }
}

function stoppedFor(signal: AbortSignal): 'pause' | 'cancel' | null {
  if (!signal.aborted) return null
  return signal.reason instanceof TransferStopped ? signal.reason.kind : 'pause'
}

/** Attempts in a row that a fresh URL is refused by storage before giving up. */
const MAX_URL_REFUSALS = 3
/** Downloads of a plain file that may fail its storage checksum: the first may be a fluke in transit, a second is not. */
const MAX_CHECKSUM_MISMATCHES = 2

function apiFailure(error: unknown): TransferFailure {
  if (!isAppError(error)) return new TransferFailure(new AppError('DOWNLOAD_NETWORK', { cause: error }), 'transient')
  switch (error.code) {
    case 'API_FORBIDDEN':
      // generate-download-url itself refuses: the order no longer covers the selling round (rollover).
      return new TransferFailure(new AppError('DOWNLOAD_NO_LONGER_AVAILABLE', { ...(error.detail ? { detail: error.detail } : {}), cause: error }), 'fatal')
    case 'API_SERVER_ERROR':
    case 'API_UNREACHABLE':
    case 'API_TIMEOUT':
      return new TransferFailure(error, 'transient')
    default:
      return new TransferFailure(error, 'fatal')
  }
}

/** `early`: the URL was asked for before the attempt (prepared); the object may have gone since (a rollover). */
function httpFailure(status: number, url: URL, retryAfterMs: number | null = null, early = false): TransferFailure {
  const detail = `HTTP ${status} from ${describeUrl(url)}${retryAfterMs === null ? '' : ` (asked to wait ${Math.ceil(retryAfterMs / 1000)} s)`}`
  if (status === 403 || status === 401) return new TransferFailure(new AppError('DOWNLOAD_URL_REFUSED', { detail }), 'url-refused')
  // An early URL's 404 is asked again with a fresh URL: NumerBay then says whether the file is still yours.
  if (status === 404 || status === 410) return new TransferFailure(new AppError('DOWNLOAD_NOT_FOUND', { detail }), early ? 'url-refused' : 'fatal')
  if (status >= 500 || status === 408 || status === 429) return new TransferFailure(new AppError('DOWNLOAD_HTTP_ERROR', { detail }), 'transient', false, retryAfterMs)
  return new TransferFailure(new AppError('DOWNLOAD_HTTP_ERROR', { detail }), 'fatal')
}

function localFailure(error: unknown): TransferFailure {
  if (error instanceof TransferFailure) return error
  if (isAppError(error)) return new TransferFailure(error, 'fatal')
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT') return new TransferFailure(new AppError('DISK_FULL', { cause: error }), 'fatal')
  return new TransferFailure(new AppError('INTERNAL', { cause: error }), 'fatal')
}

// Content-Range: "bytes <start>-<end>/<total or *>", or "bytes *" + "/<total>" on a 416.
export function parseContentRange(value: string | null): { start: number | null; end: number | null; total: number | null } | null {
  if (!value) return null
  const match = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i.exec(value.trim())
  if (!match) return null
  return {
    start: match[1] === undefined ? null : Number(match[1]),
    end: match[2] === undefined ? null : Number(match[2]),
    total: match[3] === '*' ? null : Number(match[3]),
  }
}

function contentLength(response: StorageResponse): number | null {
  const value = response.header('content-length')
  if (value === null || !/^\d+$/.test(value)) return null
  return Number(value)
}

async function discardBody(response: StorageResponse): Promise<void> {
  await response.discard().catch(() => undefined)
}

/** True when the failure is a full disk, whichever layer reported it. */
export function isDiskFull(error: unknown): boolean {
  const appError = error instanceof TransferFailure ? error.error : error
  if (isAppError(appError) && appError.code === 'DISK_FULL') return true
  const code = (appError as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}

/**
 * How the retry loop sees a failed storage request or body: a lost connection (DOWNLOAD_NETWORK, or anything
 * that is not an AppError) is worth another attempt; the sink's and the URL's own errors pass unchanged.
 */
function storageFailure(error: unknown, url: URL): unknown {
  if (error instanceof TransferFailure) return error
  if (isAppError(error)) return error.code === 'DOWNLOAD_NETWORK' ? new TransferFailure(error, 'transient') : error
  return new TransferFailure(new AppError('DOWNLOAD_NETWORK', { detail: `${describeUrl(url)}: connection lost`, cause: error }), 'transient')
}

function errorCodeOf(error: unknown): ErrorCode | undefined {
  return isAppError(error) ? error.code : undefined
}

/**
 * Downloads one artifact to `job.target`, resuming its partial file. Resolves with the plaintext size and hash;
 * rejects with a TransferFailure. On abort (pause, cancel) it rejects with the signal's reason, the partial kept.
 */
export async function transferArtifact(job: TransferJob, deps: TransferDeps, signal: AbortSignal, callbacks: TransferCallbacks = {}): Promise<SinkResult> {
  try {
    return await transferWithRetries(job, deps, signal, callbacks)
  } finally {
    const untaken = job.prepared?.sink
    if (untaken && job.prepared) {
      job.prepared.sink = null
      await untaken.then((sink) => sink.abort({ keepPartial: true })).catch(() => undefined)
    }
  }
}

async function transferWithRetries(job: TransferJob, deps: TransferDeps, signal: AbortSignal, callbacks: TransferCallbacks): Promise<SinkResult> {
  let refusalsInARow = 0
  let progressRetriesLeft = deps.retry.progressRetries ?? DEFAULT_PROGRESS_RETRIES
  const deadline = new FileDeadline(deps.deadline ?? DEFAULT_TRANSFER_DEADLINE)
  let checksumMismatches = 0
  const attempt = async (): Promise<SinkResult> => {
    signal.throwIfAborted()
    const progress = { made: false }
    const attemptSignal = deadline.signalFor(signal)
    try {
      return await attemptOnce(job, deps, signal, callbacks, progress, { signal: attemptSignal, deadline })
    } catch (error) {
      signal.throwIfAborted()
      const failure = deadline.passed ? deadline.failure(job) : localFailure(error)
      refusalsInARow = failure.kind === 'url-refused' ? refusalsInARow + 1 : 0
      if (failure.kind === 'url-refused' && refusalsInARow >= MAX_URL_REFUSALS) throw new TransferFailure(failure.error, 'fatal')
      if (progress.made && failure.kind !== 'fatal' && --progressRetriesLeft < 0) throw new TransferFailure(failure.error, 'fatal')
      if (failure.error.code === 'DOWNLOAD_CHECKSUM_MISMATCH' && ++checksumMismatches >= MAX_CHECKSUM_MISMATCHES) throw new TransferFailure(failure.error, 'fatal')
      throw new TransferFailure(failure.error, failure.kind, progress.made, failure.retryAfterMs)
    } finally {
      deadline.release()
    }
  }
  try {
    return await withRetries(attempt, {
      policy: deps.retry,
      signal,
      classify: (error) =>
        error instanceof TransferFailure && error.kind !== 'fatal' ? { retry: true, consume: !error.madeProgress, retryAfterMs: error.retryAfterMs } : { retry: false },
      onRetry: ({ attempt: attemptNumber, error, delayMs }) => {
        if (error instanceof TransferFailure) callbacks.onRetry?.({ attempt: attemptNumber, error: error.error, delayMs })
      },
    })
  } catch (error) {
    if (signal.aborted) throw signal.reason
    throw localFailure(error)
  }
}

/**
 * The time limit of one file across its attempts. It starts at `baseMs` and grows once the server declares
 * the size; each attempt's storage request runs under a signal that fires when it passes.
 */
class FileDeadline {
  readonly #policy: TransferDeadline
  readonly #startedAt = Date.now()
  #size = 0
  #timer: NodeJS.Timeout | null = null
  #controller: AbortController | null = null
  passed = false

  constructor(policy: TransferDeadline) {
    this.#policy = policy
  }

  get at(): number {
    return this.#startedAt + this.#policy.baseMs + (this.#size / this.#policy.minBytesPerSecond) * 1000
  }

  /** The caller's signal, also aborted when the deadline passes (the attempt's storage request stops). */
  signalFor(outer: AbortSignal): AbortSignal {
    this.#controller = new AbortController()
    this.#arm()
    return AbortSignal.any([outer, this.#controller.signal])
  }

  /** The declared size of the file is known: the deadline is recomputed from the start of the transfer. */
  sizeIs(bytes: number): void {
    if (bytes <= this.#size) return
    this.#size = bytes
    this.#arm()
  }

  release(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    this.#controller = null
  }

  failure(job: TransferJob): TransferFailure {
    const minutes = Math.max(1, Math.round((this.at - this.#startedAt) / 60_000))
    return new TransferFailure(new AppError('DOWNLOAD_TOO_SLOW', { detail: `${job.artifact.objectName}: not finished within ${minutes} min` }), 'fatal')
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer)
    const controller = this.#controller
    if (!controller) return
    const fire = (): void => {
      this.passed = true
      controller.abort(new AppError('DOWNLOAD_TOO_SLOW'))
    }
    const remaining = this.at - Date.now()
    if (remaining <= 0) fire()
    else this.#timer = setTimeout(fire, remaining)
  }
}

/**
 * The size a response declares for its body (Content-Length, which Node's HTTP parser then holds the body to),
 * checked against what was asked: a 206 must cover exactly `offset` to the end, a 200 the whole object. A body
 * of undeclared length (chunked) is refused: nothing would bound it.
 */
function declaredBody(response: StorageResponse, offset: number): { length: number; total: number | null } {
  const length = contentLength(response)
  const bad = (detail: string): TransferFailure => new TransferFailure(new AppError('DOWNLOAD_BAD_RESPONSE', { detail }), 'transient')
  if (length === null) throw bad('the storage server did not declare the size of the body (no Content-Length)')
  if (response.status === 200) return { length, total: length }
  const range = parseContentRange(response.header('content-range'))
  if (!range || range.start !== offset || range.end === null || range.end < offset) throw bad(`Content-Range ${response.header('content-range') ?? '(none)'} for offset ${offset}`)
  if (range.total !== null && range.end !== range.total - 1) throw bad(`Content-Range ${response.header('content-range')} does not run to the end of the object`)
  if (length !== range.end - range.start + 1) throw bad(`Content-Length ${length} does not match Content-Range ${response.header('content-range')}`)
  return { length, total: range.total }
}

async function attemptOnce(
  job: TransferJob,
  deps: TransferDeps,
  signal: AbortSignal,
  callbacks: TransferCallbacks,
  progress: { made: boolean },
  limits: { signal: AbortSignal; deadline: FileDeadline },
): Promise<SinkResult> {
  const prepared = job.prepared
  const early = prepared?.url ?? null
  const readySink = prepared?.sink ?? null
  if (prepared) {
    prepared.url = null
    prepared.sink = null
  }
  let url: URL
  try {
    limits.signal.throwIfAborted()
    url = await (early ?? deps.getDownloadUrl(job.artifact, limits.signal))
  } catch (error) {
    await readySink?.then((ready) => ready.abort({ keepPartial: true })).catch(() => undefined)
    signal.throwIfAborted()
    throw apiFailure(error)
  }
  const sinkRequest: SinkRequest = { target: job.target, partialPath: job.partialPath, overwrite: job.overwrite }
  let sink = await (readySink ?? deps.openSink(job.artifact, sinkRequest))
  let keepPartial = true
  let settled = false
  try {
    let offset = sink.resumeOffset
    const send = async (): Promise<StorageResponse> => {
      try {
        return await deps.storageGet(
          { url: url.href, headers: offset > 0 ? { range: `bytes=${offset}-` } : {}, sink, ...(deps.idleTimeoutMs ? { idleTimeoutMs: deps.idleTimeoutMs } : {}) },
          limits.signal,
        )
      } catch (error) {
        signal.throwIfAborted()
        throw storageFailure(error, url)
      }
    }
    let response = await send()
    if (response.status === 200 && offset > 0) {
      // The server ignored Range and would send the whole object: start the partial over from zero, with a new
      // request, because a worker-held sink can only take a body that its own worker fetched.
      await discardBody(response)
      await sink.abort({ keepPartial: false })
      sink = await deps.openSink(job.artifact, sinkRequest)
      if (sink.resumeOffset !== 0) throw new AppError('INTERNAL', { detail: 'partial survived a restart' })
      offset = 0
      response = await send()
    }

    let received = offset
    let total: number | null
    if (response.status === 206 || (response.status === 200 && offset === 0)) {
      let body: { length: number; total: number | null }
      try {
        body = declaredBody(response, offset)
      } catch (error) {
        // The server sent some other part, or an unbounded body: start again from zero rather than splice.
        await discardBody(response)
        keepPartial = false
        throw error
      }
      total = body.total
      limits.deadline.sizeIs(total ?? offset + body.length)
    } else if (response.status === 416) {
      await discardBody(response)
      const range = parseContentRange(response.header('content-range'))
      if (range && range.total === offset && offset > 0) {
        // Everything arrived in an earlier run; only the check and the commit were missing.
        callbacks.onStart?.({ received: offset, total: offset })
        callbacks.onFinishing?.()
        settled = true
        return await sink.finish()
      }
      keepPartial = false
      throw new TransferFailure(new AppError('DOWNLOAD_BAD_RESPONSE', { detail: `HTTP 416 for offset ${offset}` }), 'transient')
    } else {
      await discardBody(response)
      if (response.status === 200) throw new TransferFailure(new AppError('DOWNLOAD_BAD_RESPONSE', { detail: 'the server ignored Range twice' }), 'transient')
      throw httpFailure(response.status, url, retryAfterFor(response.status, response.header('retry-after')), early !== null)
    }

    callbacks.onStart?.({ received, total })
    received += await response
      .pipe((count) => {
        progress.made = true
        callbacks.onBytes?.(count)
      })
      .catch((error: unknown) => {
        signal.throwIfAborted()
        throw storageFailure(error, url)
      })
    if (total !== null && received !== total) {
      throw new TransferFailure(new AppError('DOWNLOAD_NETWORK', { detail: `${describeUrl(url)}: got ${received} of ${total} bytes` }), 'transient')
    }
    callbacks.onFinishing?.()
    settled = true
    try {
      return await sink.finish()
    } catch (error) {
      keepPartial = false
      await sink.abort({ keepPartial: false }).catch(() => undefined)
      // A tag failure on a resumed file may come from a partial that no longer fits the object: one fresh try.
      if (errorCodeOf(error) === 'SEALED_AUTH_FAILED' && offset > 0) throw new TransferFailure(error as AppError, 'transient')
      // A plain file that fails the server's checksum is fetched once more from the start (see transferArtifact).
      if (errorCodeOf(error) === 'DOWNLOAD_CHECKSUM_MISMATCH') throw new TransferFailure(error as AppError, 'transient')
      throw localFailure(error)
    }
  } catch (error) {
    if (!settled) {
      const stopped = stoppedFor(signal)
      // A file stopped by its deadline keeps its partial like a full disk does: a later run resumes it.
      const resumable = isDiskFull(error) || limits.deadline.passed
      const keep = stopped ? stopped === 'pause' : keepPartial && !(error instanceof TransferFailure && error.kind === 'fatal' && !resumable)
      await sink.abort({ keepPartial: keep }).catch(() => undefined)
    }
    throw error
  }
}

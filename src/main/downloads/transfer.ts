// One artifact from the storage server to its final name: a fresh signed URL for every attempt, a Range request
// from where the partial file ends, the body streamed through the sink, retries with backoff for what is worth
// retrying, and the partial kept for a later resume unless the download is cancelled or proven bad.

import pRetry from 'p-retry'
import type { PlannedArtifact } from '../../shared/downloads'
import { AppError, isAppError, type ErrorCode } from '../../shared/errors'
import { checkDownloadUrl, describeUrl } from './download-url'
import type { ArtifactSink, SinkResult } from './sink'
import type { StorageGet, StorageResponse } from './storage-get'

export interface RetrySettings {
  /** Attempts after the first that fail without progress (attempts that received bytes are free). */
  readonly retries: number
  readonly minTimeoutMs: number
  readonly maxTimeoutMs: number
}

export const DEFAULT_TRANSFER_RETRY: RetrySettings = { retries: 6, minTimeoutMs: 500, maxTimeoutMs: 15_000 }

export interface SinkRequest {
  readonly target: string
  readonly partialPath: string
  readonly overwrite: boolean
}

export interface TransferDeps {
  /** Sends a storage GET whose body goes into a sink (storageGetFor: on the sink's worker when it has one). */
  readonly storageGet: StorageGet
  /** Asks NumerBay for a new signed URL (they expire after 10 minutes). */
  readonly getDownloadUrl: (artifact: PlannedArtifact, signal: AbortSignal) => Promise<string>
  /** Opens the sealed sink (order artifacts) or the plain sink (product artifacts). */
  readonly openSink: (artifact: PlannedArtifact, request: SinkRequest) => Promise<ArtifactSink>
  readonly retry: RetrySettings
  /** A connection silent for this long is dropped and the transfer retried (default 30 s). */
  readonly idleTimeoutMs?: number
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
  url: Promise<string> | null
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
function httpFailure(status: number, url: URL, early = false): TransferFailure {
  const detail = `HTTP ${status} from ${describeUrl(url)}`
  if (status === 403 || status === 401) return new TransferFailure(new AppError('DOWNLOAD_URL_REFUSED', { detail }), 'url-refused')
  // An early URL's 404 is asked again with a fresh URL: NumerBay then says whether the file is still yours.
  if (status === 404 || status === 410) return new TransferFailure(new AppError('DOWNLOAD_NOT_FOUND', { detail }), early ? 'url-refused' : 'fatal')
  if (status >= 500 || status === 408 || status === 429) return new TransferFailure(new AppError('DOWNLOAD_HTTP_ERROR', { detail }), 'transient')
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
export function parseContentRange(value: string | null): { start: number | null; total: number | null } | null {
  if (!value) return null
  const match = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i.exec(value.trim())
  if (!match) return null
  return { start: match[1] === undefined ? null : Number(match[1]), total: match[3] === '*' ? null : Number(match[3]) }
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
  const attempt = async (): Promise<SinkResult> => {
    signal.throwIfAborted()
    const progress = { made: false }
    try {
      return await attemptOnce(job, deps, signal, callbacks, progress)
    } catch (error) {
      signal.throwIfAborted()
      const failure = localFailure(error)
      refusalsInARow = failure.kind === 'url-refused' ? refusalsInARow + 1 : 0
      if (failure.kind === 'url-refused' && refusalsInARow >= MAX_URL_REFUSALS) throw new TransferFailure(failure.error, 'fatal')
      throw new TransferFailure(failure.error, failure.kind, progress.made)
    }
  }
  try {
    return await pRetry(attempt, {
      retries: deps.retry.retries,
      minTimeout: deps.retry.minTimeoutMs,
      maxTimeout: deps.retry.maxTimeoutMs,
      factor: 2,
      randomize: true,
      signal,
      shouldRetry: ({ error }) => error instanceof TransferFailure && error.kind !== 'fatal',
      shouldConsumeRetry: ({ error }) => !(error instanceof TransferFailure && error.madeProgress),
      onFailedAttempt: ({ error, attemptNumber, retriesLeft, retriesConsumed }) => {
        if (error instanceof TransferFailure && error.kind !== 'fatal' && retriesLeft > 0) {
          const delayMs = Math.min(deps.retry.maxTimeoutMs, deps.retry.minTimeoutMs * 2 ** retriesConsumed)
          callbacks.onRetry?.({ attempt: attemptNumber, error: error.error, delayMs })
        }
      },
    })
  } catch (error) {
    if (signal.aborted) throw signal.reason
    throw localFailure(error)
  }
}

async function attemptOnce(
  job: TransferJob,
  deps: TransferDeps,
  signal: AbortSignal,
  callbacks: TransferCallbacks,
  progress: { made: boolean },
): Promise<SinkResult> {
  const prepared = job.prepared
  const early = prepared?.url ?? null
  const readySink = prepared?.sink ?? null
  if (prepared) {
    prepared.url = null
    prepared.sink = null
  }
  let rawUrl: string
  try {
    rawUrl = await (early ?? deps.getDownloadUrl(job.artifact, signal))
  } catch (error) {
    await readySink?.then((ready) => ready.abort({ keepPartial: true })).catch(() => undefined)
    signal.throwIfAborted()
    throw apiFailure(error)
  }
  const url = checkDownloadUrl(rawUrl)
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
          signal,
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
    if (response.status === 206) {
      const range = parseContentRange(response.header('content-range'))
      if (!range || range.start !== offset) {
        // The server sent some other part: start again from zero rather than splice mismatched bytes.
        await discardBody(response)
        keepPartial = false
        throw new TransferFailure(new AppError('DOWNLOAD_BAD_RESPONSE', { detail: `Content-Range ${response.header('content-range') ?? '(none)'} for offset ${offset}` }), 'transient')
      }
      total = range.total
    } else if (response.status === 200 && offset === 0) {
      total = contentLength(response)
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
      throw httpFailure(response.status, url, early !== null)
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
      throw localFailure(error)
    }
  } catch (error) {
    if (!settled) {
      const stopped = stoppedFor(signal)
      const keep = stopped ? stopped === 'pause' : keepPartial && !(error instanceof TransferFailure && error.kind === 'fatal' && !isDiskFull(error))
      await sink.abort({ keepPartial: keep }).catch(() => undefined)
    }
    throw error
  }
}

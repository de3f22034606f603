// The one retry rule for NumerBay API calls and storage downloads, shared by `sync`, watch mode and the app:
// exponential backoff with jitter under a cap, and the server's own `Retry-After` (seconds or an HTTP date)
// honoured on 429 and 503. Plain timers only; what is worth retrying is the caller's call (`classify`).
//
// API:
//   parseRetryAfter(value, now?)            → milliseconds to wait, or null (absent or unreadable)
//   retryAfterFor(status, header, now?)     → the same, only for 429/503 (the statuses that define it for a retry)
//   backoffDelay(policy, retry, random?)    → the jittered delay before retry number `retry` (0-based)
//   retryDelay(policy, retry, retryAfterMs, random?) → the delay actually used, or null (server asks too long a wait)
//   withRetries(attempt, options)           → runs `attempt` until it succeeds, is not worth retrying, or runs out
//   sleep(ms, signal?)                      → a wait that an abort ends at once (rejects with the signal's reason)

export interface BackoffPolicy {
  /** Attempts after the first that count (an attempt the caller calls free does not). */
  readonly retries: number
  /** The ceiling of the first retry's delay; each later retry doubles it, up to `maxTimeoutMs`. */
  readonly minTimeoutMs: number
  readonly maxTimeoutMs: number
  /**
   * The longest `Retry-After` honoured (default 120 s). A server asking for a longer wait ends the retries with
   * its error: a sync does not sit silent for an hour, and watch mode tries again in its next cycle.
   */
  readonly maxRetryAfterMs?: number
}

export const DEFAULT_MAX_RETRY_AFTER_MS = 120_000

/** Statuses whose `Retry-After` says when to try again (RFC 9110 §10.2.3: 503; RFC 6585 §4: 429). */
const RETRY_AFTER_STATUSES = new Set([429, 503])

/** A `Retry-After` value in milliseconds from `now`: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null
  const text = value.trim()
  if (text === '') return null
  if (/^\d+$/.test(text)) {
    const seconds = Number(text)
    return Number.isSafeInteger(seconds) ? seconds * 1000 : null
  }
  // Every HTTP-date form starts with the day name. IMF-fixdate and RFC 850 dates end in GMT; the obsolete
  // asctime form has no zone but means GMT as well.
  if (!/^[a-z]{3}/i.test(text)) return null
  const at = Date.parse(/GMT$/i.test(text) ? text : `${text} GMT`)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - now)
}

/** `Retry-After` of a response, read only where it asks for a later retry (429, 503). */
export function retryAfterFor(status: number, header: string | null | undefined, now?: number): number | null {
  return RETRY_AFTER_STATUSES.has(status) ? parseRetryAfter(header, now) : null
}

/**
 * Delay before retry number `retry` (0 for the first): the ceiling min(max, min·2^retry), of which the upper
 * half is random ("equal jitter"), so clients that failed together do not come back together, and no retry
 * follows its failure at once.
 */
export function backoffDelay(policy: BackoffPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxTimeoutMs, policy.minTimeoutMs * 2 ** Math.max(0, retry))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/**
 * The delay actually waited: the backoff, or the server's `Retry-After` when that is longer (plus up to 10 %,
 * at most 1 s, so many clients told the same moment spread out). Null when the server asks for more than
 * `maxRetryAfterMs`: then no retry.
 */
export function retryDelay(policy: BackoffPolicy, retry: number, retryAfterMs: number | null, random: () => number = Math.random): number | null {
  const backoff = backoffDelay(policy, retry, random)
  if (retryAfterMs === null) return backoff
  if (retryAfterMs > (policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS)) return null
  return Math.max(backoff, retryAfterMs + Math.round(random() * Math.min(1000, retryAfterMs / 10)))
}

/** Resolves after `ms`; an abort rejects at once with the signal's reason. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export interface RetryDecision {
  readonly retry: boolean
  /** The server's `Retry-After` for this failure (see retryAfterFor). */
  readonly retryAfterMs?: number | null
  /**
   * False for an attempt that made progress (a download that received bytes): it is retried at once and does
   * not count against `retries`, as long as some retries are left. Default true.
   */
  readonly consume?: boolean
}

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  readonly attempt: number
  readonly error: unknown
  /** What will be waited before the next attempt (0 for a free retry). */
  readonly delayMs: number
}

export interface RetryOptions {
  readonly policy: BackoffPolicy
  /** Whether a failure is worth another attempt, and the server's wait if it gave one. */
  readonly classify: (error: unknown) => RetryDecision
  /** Stops waiting and attempting: rejects with the signal's reason. */
  readonly signal?: AbortSignal
  readonly onRetry?: (info: RetryInfo) => void
  readonly random?: () => number
}

/**
 * Runs `attempt` until it resolves; rejects with the last failure when it is not worth retrying, the retries are
 * used up, or the server asks for a longer wait than the policy honours. An abort rejects with the signal's reason.
 */
export async function withRetries<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, signal } = options
  let consumed = 0
  for (let attemptNumber = 1; ; attemptNumber++) {
    signal?.throwIfAborted()
    try {
      return await attempt(attemptNumber)
    } catch (error) {
      signal?.throwIfAborted()
      const decision = options.classify(error)
      if (!decision.retry || consumed >= policy.retries) throw error
      if (decision.consume === false) {
        options.onRetry?.({ attempt: attemptNumber, error, delayMs: 0 })
        continue
      }
      const delayMs = retryDelay(policy, consumed, decision.retryAfterMs ?? null, options.random)
      if (delayMs === null) throw error
      consumed++
      options.onRetry?.({ attempt: attemptNumber, error, delayMs })
      await sleep(delayMs, signal)
    }
  }
}

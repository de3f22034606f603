// Watch mode's timing, as pure functions: the `--interval DURATION` option, the jittered wait between cycles, and
// the wait after a failed cycle (network down, API errors). No timers here: the watch workflow sleeps.
//
// API:
//   parseDuration(text)                          → milliseconds ("90s", "2m", "1h30m", "500ms", "45" = seconds)
//   resolveInterval(text | undefined, apiUrl)    → the cycle interval (default 2 min; at least 10 s off loopback)
//   nextCycleDelay({ intervalMs, failures, retryAfterMs?, random? }) → how long to wait before the next cycle
//   formatDuration(ms)                           → "2m", "1h30m", "10s", "500ms" (for messages)

import { AppError } from '../../shared/errors'
import { isLoopbackHostname } from '../../shared/net'

export const DEFAULT_INTERVAL_MS = 2 * 60_000
/** Against the real NumerBay (any non-loopback API): no client should poll more often than this. */
export const MIN_REMOTE_INTERVAL_MS = 10_000
/** Against a server on this machine (the demo server, tests): short, but never a busy loop. */
export const MIN_LOOPBACK_INTERVAL_MS = 100
/** Cycles are spread by up to this share of the interval, so many watchers do not poll in step. */
export const INTERVAL_JITTER = 0.1
/** The first wait after a failed cycle; it doubles with each failure in a row, up to the interval. */
export const FIRST_FAILURE_DELAY_MS = 2_000

const UNITS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 }
/** The longest duration accepted (a week): larger values are a typo, and would overflow setTimeout (24.8 days). */
const MAX_DURATION_MS = 7 * 24 * 3_600_000

/**
 * Reads a duration: one or more `<number><unit>` parts with units h, m, s, ms, largest first ("1h30m", "2m",
 * "90s", "1.5s", "250ms"), or a bare number of seconds. Throws USAGE, naming the option, for anything else.
 */
export function parseDuration(text: string, option = '--interval'): number {
  const value = text.trim().toLowerCase()
  const fail = (): never => {
    throw new AppError('USAGE', { message: `${option} must be a duration such as 90s, 2m or 1h30m, not "${text}".` })
  }
  if (value === '') fail()
  if (/^\d+(?:\.\d+)?$/.test(value)) return check(Math.round(Number(value) * 1000), text, option)
  const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/y
  let total = 0
  let lastUnit = Infinity
  part.lastIndex = 0
  while (part.lastIndex < value.length) {
    const match = part.exec(value)
    if (!match) fail()
    const unit = UNITS[match![2]!]!
    // Each unit once, largest first: "30m1h" or "1m1m" is more likely a mistake than a meaning.
    if (unit >= lastUnit) fail()
    lastUnit = unit
    total += Number(match![1]) * unit
  }
  return check(Math.round(total), text, option)
}

function check(ms: number, text: string, option: string): number {
  if (!Number.isFinite(ms) || ms > MAX_DURATION_MS) throw new AppError('USAGE', { message: `${option} ${text} is too long (at most 7 days).` })
  return ms
}

/**
 * The watch interval: `--interval` when given (else 2 minutes), at least 10 s against any API that is not on
 * this machine; a shorter one is refused with USAGE rather than silently raised.
 */
export function resolveInterval(text: string | undefined, apiUrl: string): number {
  const ms = text === undefined ? DEFAULT_INTERVAL_MS : parseDuration(text)
  let loopback = false
  try {
    loopback = isLoopbackHostname(new URL(apiUrl).hostname)
  } catch {
    // not a URL: treat as remote, the stricter rule
  }
  const minimum = loopback ? MIN_LOOPBACK_INTERVAL_MS : MIN_REMOTE_INTERVAL_MS
  if (ms < minimum) {
    throw new AppError('USAGE', {
      message: `--interval must be at least ${formatDuration(minimum)}${loopback ? '' : ' against NumerBay (a server that is not on this machine)'}, not ${text}.`,
    })
  }
  return ms
}

export interface CycleDelayInput {
  readonly intervalMs: number
  /** Cycles that failed in a row (0 after a good cycle). */
  readonly failures: number
  /** The server's Retry-After from the failure, if it gave one. */
  readonly retryAfterMs?: number | null
  readonly random?: () => number
}

/**
 * How long to wait before the next cycle. After a good cycle: the interval plus up to 10 % jitter (never less,
 * so the minimum interval holds). After failures in a row: 2 s, 4 s, 8 s … with the same jitter, up to the
 * interval, so a watcher notices within one interval that the network is back, and never busy-loops. A server's
 * Retry-After is waited in full.
 */
export function nextCycleDelay(input: CycleDelayInput): number {
  const random = input.random ?? Math.random
  const base = input.failures <= 0 ? input.intervalMs : Math.min(input.intervalMs, FIRST_FAILURE_DELAY_MS * 2 ** Math.min(30, input.failures - 1))
  const delay = Math.round(base * (1 + INTERVAL_JITTER * random()))
  return Math.max(delay, input.retryAfterMs ?? 0)
}

/** A duration for messages: the largest units that fit, "1h30m", "2m", "45s", "1.5s", "250ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 10_000 && ms % 1000 !== 0) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`
  let rest = Math.round(ms / 1000)
  const hours = Math.floor(rest / 3600)
  rest -= hours * 3600
  const minutes = Math.floor(rest / 60)
  const seconds = rest - minutes * 60
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds || (!hours && !minutes) ? `${seconds}s` : ''}`
}

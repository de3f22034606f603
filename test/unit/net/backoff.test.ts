import { describe, expect, it } from 'vitest'
import { backoffDelay, parseRetryAfter, retryAfterFor, retryDelay, sleep, withRetries, type BackoffPolicy } from '../../../src/main/net/backoff'

const policy: BackoffPolicy = { retries: 5, minTimeoutMs: 100, maxTimeoutMs: 1000 }
const now = Date.parse('2026-03-01T12:00:00Z')

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates (IMF-fixdate, RFC 850, asctime), relative to now', () => {
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Sunday, 01-Mar-26 12:00:07 GMT', now)).toBe(7000)
    expect(parseRetryAfter('Sun Mar  1 12:00:09 2026', now)).toBe(9000)
  })

  it('treats a date in the past as "now", and garbage, negatives and absence as no value', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('-5', now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter('1.5', now)).toBeNull()
    expect(parseRetryAfter('', now)).toBeNull()
    expect(parseRetryAfter(null, now)).toBeNull()
    expect(parseRetryAfter('9'.repeat(30), now)).toBeNull()
  })

  it('is read only on 429 and 503', () => {
    expect(retryAfterFor(503, '3', now)).toBe(3000)
    expect(retryAfterFor(429, '3', now)).toBe(3000)
    expect(retryAfterFor(500, '3', now)).toBeNull()
    expect(retryAfterFor(301, '3', now)).toBeNull()
  })
})

describe('backoff delays', () => {
  it('doubles up to the cap, with the upper half jittered', () => {
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(policy, retry, () => 0))).toEqual([50, 100, 200, 400, 500, 500])
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(policy, retry, () => 0.999999))).toEqual([100, 200, 400, 800, 1000, 1000])
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(policy, 3)))
    expect(spread.size).toBeGreaterThan(10)
    for (const delay of spread) expect(delay).toBeGreaterThanOrEqual(400)
  })

  it('waits at least the server’s Retry-After, spread by at most 10 % (1 s), and refuses a wait above the cap', () => {
    expect(retryDelay(policy, 0, 2000, () => 0)).toBe(2000)
    expect(retryDelay(policy, 0, 2000, () => 0.999999)).toBe(2200)
    expect(retryDelay(policy, 0, 60_000, () => 0.999999)).toBe(61_000)
    // The backoff wins when it is longer than the server's wait.
    expect(retryDelay(policy, 4, 10, () => 0)).toBe(500)
    expect(retryDelay(policy, 0, 121_000)).toBeNull()
    expect(retryDelay({ ...policy, maxRetryAfterMs: 5000 }, 0, 6000)).toBeNull()
  })
})

describe('withRetries', () => {
  const transient = new Error('transient')
  const fatal = new Error('fatal')
  const classify = (error: unknown) => ({ retry: error === transient })

  it('retries what classify allows, reports each wait, and stops after `retries`', async () => {
    const waits: number[] = []
    let calls = 0
    const failure = await withRetries(
      async () => {
        calls++
        throw transient
      },
      { policy: { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 4 }, classify, onRetry: ({ delayMs }) => waits.push(delayMs), random: () => 0 },
    ).catch((error: unknown) => error)
    expect(failure).toBe(transient)
    expect(calls).toBe(4)
    expect(waits).toEqual([1, 1, 2])
  })

  it('rethrows a failure not worth retrying at once', async () => {
    let calls = 0
    await expect(
      withRetries(
        async () => {
          calls++
          throw fatal
        },
        { policy, classify },
      ),
    ).rejects.toBe(fatal)
    expect(calls).toBe(1)
  })

  it('honours Retry-After between attempts (measured), and gives up when the server asks for too long', async () => {
    const times: number[] = []
    const result = await withRetries(
      async (attempt) => {
        times.push(performance.now())
        if (attempt < 3) throw transient
        return 'ok'
      },
      { policy: { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 2 }, classify: () => ({ retry: true, retryAfterMs: 150 }) },
    )
    expect(result).toBe('ok')
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(149)
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(149)
    let calls = 0
    await expect(
      withRetries(
        async () => {
          calls++
          throw transient
        },
        { policy: { ...policy, maxRetryAfterMs: 1000 }, classify: () => ({ retry: true, retryAfterMs: 5000 }) },
      ),
    ).rejects.toBe(transient)
    expect(calls).toBe(1)
  })

  it('retries an attempt that made progress at once and without using up the budget', async () => {
    const waits: number[] = []
    let calls = 0
    const result = await withRetries(
      async () => {
        calls++
        if (calls < 6) throw transient
        return calls
      },
      { policy: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 }, classify: () => ({ retry: true, consume: false }), onRetry: ({ delayMs }) => waits.push(delayMs) },
    )
    expect(result).toBe(6)
    expect(waits).toEqual([0, 0, 0, 0, 0])
  })

  it('stops waiting when aborted, with the signal’s reason', async () => {
    const controller = new AbortController()
    const reason = new Error('stop')
    setTimeout(() => controller.abort(reason), 20)
    const started = performance.now()
    await expect(
      withRetries(
        async () => {
          throw transient
        },
        { policy: { retries: 3, minTimeoutMs: 10_000, maxTimeoutMs: 10_000 }, classify, signal: controller.signal },
      ),
    ).rejects.toBe(reason)
    expect(performance.now() - started).toBeLessThan(2000)
    await expect(sleep(10, controller.signal)).rejects.toBe(reason)
  })
})

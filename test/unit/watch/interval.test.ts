import { describe, expect, it } from 'vitest'
import { DEFAULT_INTERVAL_MS, formatDuration, nextCycleDelay, parseDuration, resolveInterval } from '../../../src/main/watch/interval'

describe('parseDuration', () => {
  it('reads h/m/s/ms parts, largest first, and a bare number as seconds', () => {
    expect(parseDuration('90s')).toBe(90_000)
    expect(parseDuration('2m')).toBe(120_000)
    expect(parseDuration('1h30m')).toBe(5_400_000)
    expect(parseDuration('1h2m3s')).toBe(3_723_000)
    expect(parseDuration('1.5s')).toBe(1_500)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('45')).toBe(45_000)
    expect(parseDuration(' 2M ')).toBe(120_000)
  })

  it('refuses anything else with USAGE naming the option', () => {
    for (const bad of ['', 'soon', '2 m', '30m1h', '1m1m', '-5s', '5x', 'm', '1h30', '7d']) {
      expect(() => parseDuration(bad), bad).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('--interval must be a duration') }))
    }
    expect(() => parseDuration('nope', '--for')).toThrow(/--for must be/)
    expect(() => parseDuration('200h')).toThrow(/too long/)
  })
})

describe('resolveInterval', () => {
  it('defaults to 2 minutes and insists on 10 s against a remote API, not a local one', () => {
    expect(resolveInterval(undefined, 'https://numerbay.ai/backend-api/v1')).toBe(DEFAULT_INTERVAL_MS)
    expect(resolveInterval('10s', 'https://numerbay.ai/backend-api/v1')).toBe(10_000)
    expect(() => resolveInterval('9s', 'https://numerbay.ai/backend-api/v1')).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('at least 10s') }))
    expect(resolveInterval('1s', 'http://127.0.0.1:5000/backend-api/v1')).toBe(1_000)
    expect(resolveInterval('1s', 'http://[::1]:5000/backend-api/v1')).toBe(1_000)
    expect(resolveInterval('1s', 'http://localhost:5000/backend-api/v1')).toBe(1_000)
    expect(() => resolveInterval('50ms', 'http://127.0.0.1:5000/backend-api/v1')).toThrow(/at least 100ms/)
    // A host that only looks local is remote.
    expect(() => resolveInterval('1s', 'http://127.0.0.1.example.com/v1')).toThrow(/at least 10s/)
  })
})

describe('nextCycleDelay', () => {
  it('after a good cycle: the interval plus up to 10 % jitter, never less', () => {
    expect(nextCycleDelay({ intervalMs: 120_000, failures: 0, random: () => 0 })).toBe(120_000)
    expect(nextCycleDelay({ intervalMs: 120_000, failures: 0, random: () => 0.999999 })).toBe(132_000)
    const spread = new Set(Array.from({ length: 30 }, () => nextCycleDelay({ intervalMs: 120_000, failures: 0 })))
    expect(spread.size).toBeGreaterThan(5)
  })

  it('after failures in a row: 2 s doubling up to the interval, and at least the server’s Retry-After', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 40].map((failures) => nextCycleDelay({ intervalMs: 120_000, failures, random: () => 0 }))
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 120_000, 120_000, 120_000])
    expect(nextCycleDelay({ intervalMs: 1_000, failures: 3, random: () => 0 })).toBe(1_000)
    expect(nextCycleDelay({ intervalMs: 120_000, failures: 1, retryAfterMs: 30_000, random: () => 0 })).toBe(30_000)
  })
})

describe('formatDuration', () => {
  it('prints the largest units that fit', () => {
    expect([250, 1_500, 10_000, 90_000, 120_000, 5_400_000, 3_600_000, 0].map(formatDuration)).toEqual(['250ms', '1.5s', '10s', '1m30s', '2m', '1h30m', '1h', '0ms'])
  })
})

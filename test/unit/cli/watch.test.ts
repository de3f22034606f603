// `watch` before it touches the network: the options it refuses (exit 2, one clear line), what it withholds from
// the hook, and how its reports read as lines and as JSON.
import { describe, expect, it } from 'vitest'
import { withheldFromHook } from '../../../src/cli/commands/watch'
import { watchJsonRenderer, watchLineRenderer } from '../../../src/cli/watch-render'
import { describeWatchReport } from '../../../src/main/workflows/watch-report'
import type { WatchReport } from '../../../src/main/workflows/watch'
import { runCliInProcess } from '../../helpers/cli'

describe('watch options', () => {
  it.each([
    [['--out', 'd'], 'Give --signer SPEC'],
    [['--out', 'd', '--key', 'k.json'], '--key decrypts, but NumerBay still needs a sign-in'],
    [['--out', 'd', '--signer', 'env:X', '--username', 'u'], 'either --signer or --username'],
    [['--out', 'd', '--signer', 'env:X', '--concurrency', '0'], '--concurrency must be a whole number'],
    [['--out', 'd', '--signer', 'env:X', '--interval', 'soon'], '--interval must be a duration'],
    [['--api', 'https://numerbay.example/backend-api/v1', 'watch', '--out', 'd', '--signer', 'env:X', '--interval', '5s'], '--interval must be at least 10s against NumerBay'],
  ])('refuses %j', async (args, message) => {
    const argv = args[0] === '--api' ? args : ['watch', ...args]
    const run = await runCliInProcess(argv)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(run.stdout).toBe('')
  })

  it('withholds the password and the variable an env: signer reads from the hook', () => {
    expect(withheldFromHook(undefined)).toEqual(['NUMERBAY_PASSWORD'])
    expect(withheldFromHook('ledger')).toEqual(['NUMERBAY_PASSWORD'])
    expect(withheldFromHook('env:MY_WALLET_KEY')).toEqual(['NUMERBAY_PASSWORD', 'MY_WALLET_KEY'])
  })
})

describe('watch reports', () => {
  const file = { key: 'order:x', relativePath: 'Alpha/600/a.csv', path: '/out/Alpha/600/a.csv', orderId: 7, productName: 'Alpha', round: 600 }

  it('reads as one line each, with what a person needs', () => {
    expect(describeWatchReport({ type: 'new-file', ...file, size: 2048, sha256: 'ab'.repeat(32) })).toBe(`new file  Alpha/600/a.csv (2.00 KiB, sha256 ${'ab'.repeat(32)})`)
    expect(describeWatchReport({ type: 'waiting-for-seller', orderId: 7, productName: 'Alpha', round: 600, sinceMs: 0 })).toBe('waiting   order #7 (Alpha), round 600: no file from the seller yet')
    expect(describeWatchReport({ type: 'waiting-for-seller', orderId: 7, productName: 'Alpha', round: 600, sinceMs: 5 * 60_000 })).toContain("(5m since this round's first check)")
    expect(describeWatchReport({ type: 'missed', orderId: 7, productName: 'Alpha', round: 600, uploaded: 0 })).toBe('MISSED    order #7 (Alpha), round 600: no file arrived before the round ended (the seller uploaded nothing)')
    expect(describeWatchReport({ type: 'round', round: 601, previous: 600 })).toBe('round     601 is the selling round now (was 600)')
    expect(describeWatchReport({ type: 'backing-off', problem: { code: 'API_UNREACHABLE', message: 'NumerBay could not be reached.', action: '', detail: '/globals/: ECONNREFUSED' }, failures: 3, delayMs: 8000, retryAfterMs: null })).toBe(
      'waiting   NumerBay could not be reached. (/globals/: ECONNREFUSED) Checking again in 8s (3 failed checks in a row).',
    )
    expect(
      describeWatchReport({ type: 'hook-failed', ...file, run: 2, maxRuns: 4, outcome: { kind: 'exit', exitCode: 3 }, description: 'exited with code 3', lastLines: ['Traceback', 'ValueError: no'] }),
    ).toBe(`hook FAILED Alpha/600/a.csv: exited with code 3 (run 2 of at most 4; tried again at the next check)\n${' '.repeat(20)}| Traceback\n${' '.repeat(20)}| ValueError: no`)
    expect(describeWatchReport({ type: 'cycle-finished', cycle: 3, ok: true, durationMs: 120, newFiles: 1, failedFiles: 0, hookFailures: 0, status: { round: 600, filesThisRound: 2, delivered: 1, ordersThisRound: 2, waiting: 1, missed: 0 }, nextInMs: 120_000 })).toBe(
      'check 3   1 new file, 1 of 2 orders of round 600 delivered, 1 waiting for the seller (120ms); next check in 2m',
    )
  })

  it('stamps each line with the local time and shows transfer progress at most every 10 s', () => {
    let text = ''
    let now = new Date(2026, 2, 1, 12, 0, 5)
    const render = watchLineRenderer({ write: (chunk: string) => (text += chunk) }, 10_000, () => now)
    const progress: WatchReport = { type: 'transfer', event: { type: 'progress', files: [], overall: { total: 1, done: 0, failed: 0, skipped: 0, cancelled: 0, active: 1, queued: 0, paused: 0, waitingForKey: 0, retrying: 0, bytesDone: 1024, bytesTotal: 4096, speed: 1, etaSeconds: 1 } } }
    render(progress)
    render(progress)
    now = new Date(2026, 2, 1, 12, 0, 16)
    render(progress)
    render({ type: 'cycle-started', cycle: 2 })
    expect(text).toBe('2026-03-01 12:00:05  progress  0/1 files, 1.00 KiB / 4.00 KiB\n2026-03-01 12:00:16  progress  0/1 files, 1.00 KiB / 4.00 KiB\n')
  })

  it('--json: one object per line, every report with its time', () => {
    const lines: string[] = []
    const render = watchJsonRenderer({ write: (chunk: string) => lines.push(chunk) }, 2_000, () => new Date('2026-03-01T12:00:00Z'))
    render({ type: 'cycle-started', cycle: 1 })
    render({ type: 'round', round: 600, previous: null })
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { time: '2026-03-01T12:00:00.000Z', type: 'cycle-started', cycle: 1 },
      { time: '2026-03-01T12:00:00.000Z', type: 'round', round: 600, previous: null },
    ])
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true)
  })
})

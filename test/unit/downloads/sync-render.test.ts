import { describe, expect, it } from 'vitest'
import { barRenderer, describePlan, describeSummary, jsonRenderer, lineRenderer } from '../../../src/cli/sync-render'
import type { FileProgress, OverallProgress, PlannedArtifact, SyncEvent } from '../../../src/shared/downloads'

class Capture {
  text = ''
  isTTY = true
  columns = 120
  write(chunk: string): boolean {
    this.text += chunk
    return true
  }
  // cli-progress uses these on a TTY stream.
  cursorTo(): boolean {
    return true
  }
  moveCursor(): boolean {
    return true
  }
  clearLine(): boolean {
    return true
  }
  clearScreenDown(): boolean {
    return true
  }
  on(): this {
    return this
  }
  removeListener(): this {
    return this
  }
}

const artifact: PlannedArtifact = {
  key: 'order:a',
  source: 'order',
  artifactId: 'a',
  orderId: 1,
  productId: 2,
  productName: 'P',
  round: 600,
  objectName: 'x.csv',
  relativePath: 'P/600/x.csv',
  sealed: true,
  buyerPublicKey: 'k',
  declaredSize: 1048,
}

const overall: OverallProgress = {
  total: 2,
  done: 0,
  failed: 0,
  skipped: 1,
  cancelled: 0,
  active: 1,
  queued: 0,
  paused: 0,
  waitingForKey: 0,
  retrying: 0,
  bytesDone: 512,
  bytesTotal: 1048,
  speed: 1024,
  etaSeconds: 1,
}

const file: FileProgress = {
  key: 'order:a',
  orderId: 1,
  productName: 'P',
  round: 600,
  name: 'x.csv',
  relativePath: 'P/600/x.csv',
  state: 'downloading',
  bytesDone: 512,
  bytesTotal: 1048,
  speed: 1024,
  etaSeconds: 1,
  alreadyDownloaded: false,
  retry: null,
  reason: null,
  error: null,
}

const events: SyncEvent[] = [
  { type: 'plan', plan: { sellingRound: 600, scope: 'active', downloads: [artifact], skipped: [{ artifact: { ...artifact, key: 'order:b', relativePath: 'P/600/y.csv' }, reason: 'numerai-direct' }], orderProblems: [] } },
  { type: 'state', key: 'order:a', relativePath: 'P/600/x.csv', state: 'downloading' },
  { type: 'progress', overall, files: [file] },
  { type: 'retry', key: 'order:a', attempt: 1, problem: { code: 'DOWNLOAD_HTTP_ERROR', message: 'The storage server answered the download with an error.', action: 'Run again.', detail: 'HTTP 503' }, delayMs: 500 },
  { type: 'state', key: 'order:a', relativePath: 'P/600/x.csv', state: 'done', size: 1000, sha256: 'ab'.repeat(32) },
  { type: 'progress', overall: { ...overall, done: 1, active: 0 }, files: [{ ...file, state: 'done', bytesDone: 1048 }] },
  { type: 'finished', summary: { total: 2, done: 1, skipped: 1, failed: 0, cancelled: 0, unfinished: 0, bytesReceived: 1048, elapsedMs: 1500, complete: true } },
]

describe('sync renderers', () => {
  it('json: one parseable event per line', () => {
    const out = new Capture()
    const renderer = jsonRenderer(out)
    for (const event of events) renderer.onEvent(event)
    const lines = out.text.trim().split('\n')
    expect(lines).toHaveLength(events.length)
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(events.map((event) => event.type))
  })

  it('lines: states, retries and throttled progress', () => {
    const out = new Capture()
    const renderer = lineRenderer(out, 0)
    for (const event of events) renderer.onEvent(event)
    expect(out.text).toContain('start     P/600/x.csv')
    expect(out.text).toContain(`done      P/600/x.csv (1000 B, sha256 ${'ab'.repeat(32)})`)
    expect(out.text).toContain('retry     order:a: The storage server answered the download with an error. (HTTP 503)')
    expect(out.text).toContain('progress  0/2 files, 512 B / 1.02 KiB, 1.00 KiB/s, ETA 1s')
  })

  it('bars: draws on a terminal without throwing', () => {
    const out = new Capture()
    const renderer = barRenderer(out)
    for (const event of events) renderer.onEvent(event)
    renderer.close()
    expect(out.text.length).toBeGreaterThan(0)
  })

  it('plan and summary texts', () => {
    const plan = (events[0] as Extract<SyncEvent, { type: 'plan' }>).plan
    expect(describePlan(plan)).toContain('get   P/600/x.csv  (sealed, 1.02 KiB)')
    expect(describePlan(plan)).toContain('skip  P/600/y.csv: submitted directly to Numerai')
    expect(describeSummary((events.at(-1) as Extract<SyncEvent, { type: 'finished' }>).summary)).toBe('Sync complete: 1 done, 1 skipped of 2; 1.02 KiB received in 1.5 s.\n')
  })
})

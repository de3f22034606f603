// How `sync` shows its events: progress bars on a terminal (cli-progress), one line per event otherwise, or
// JSON lines (`--json`) for scripts. Every renderer reads the same SyncEvent stream from the engine.

import cliProgress from 'cli-progress'
import { SKIP_REASON_TEXT, type FileProgress, type SyncEvent, type SyncPlan, type SyncSummary } from '../shared/downloads'
import { formatBytes } from './progress-line'

export interface SyncRenderer {
  readonly onEvent: (event: SyncEvent) => void
  /** Stops drawing (bars are left on screen). */
  close(): void
}

interface Out {
  write(text: string): unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

function rate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`
}

function eta(seconds: number | null): string {
  if (seconds === null) return '--'
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`
}

export function describePlan(plan: SyncPlan): string {
  const lines = [`Selling round ${plan.sellingRound}, ${plan.scope === 'all' ? 'all confirmed orders' : 'active orders'}: ${plan.downloads.length} file(s) to fetch, ${plan.skipped.length} skipped.`]
  for (const download of plan.downloads) {
    const size = download.declaredSize === null ? 'size unknown' : formatBytes(download.declaredSize)
    lines.push(`  get   ${download.relativePath}  (${download.sealed ? 'sealed' : 'plain'}, ${size})`)
  }
  for (const { artifact, reason } of plan.skipped) lines.push(`  skip  ${artifact.relativePath}: ${SKIP_REASON_TEXT[reason]}`)
  for (const problem of plan.orderProblems) lines.push(`  skip  order #${problem.orderId} (${problem.productName}): ${SKIP_REASON_TEXT[problem.reason]}`)
  return `${lines.join('\n')}\n`
}

export function describeSummary(summary: SyncSummary): string {
  const parts = [`${summary.done} done`, `${summary.skipped} skipped`]
  if (summary.failed) parts.push(`${summary.failed} failed`)
  if (summary.cancelled) parts.push(`${summary.cancelled} cancelled`)
  if (summary.unfinished) parts.push(`${summary.unfinished} unfinished`)
  const seconds = summary.elapsedMs / 1000
  return `Sync ${summary.complete ? 'complete' : 'incomplete'}: ${parts.join(', ')} of ${summary.total}; ${formatBytes(summary.bytesReceived)} received in ${seconds.toFixed(1)} s.\n`
}

/** Every event as one JSON object per line. */
export function jsonRenderer(out: Out): SyncRenderer {
  return {
    onEvent: (event) => out.write(`${JSON.stringify(event)}\n`),
    close: () => undefined,
  }
}

function stateLine(event: Extract<SyncEvent, { type: 'state' }>): string | null {
  switch (event.state) {
    case 'downloading':
      return `start     ${event.relativePath}`
    case 'decrypting':
      return null
    case 'done':
      return `done      ${event.relativePath} (${formatBytes(event.size ?? 0)}, sha256 ${event.sha256 ?? '?'})`
    case 'skipped':
      return `skipped   ${event.relativePath}: ${event.reason ? SKIP_REASON_TEXT[event.reason] : 'skipped'}`
    case 'failed':
      return `FAILED    ${event.relativePath}: ${event.error?.message ?? 'failed'}${event.error?.detail ? ` (${event.error.detail})` : ''}${event.error?.action ? `\n          ${event.error.action}` : ''}`
    case 'paused':
      return `paused    ${event.relativePath}`
    case 'cancelled':
      return `cancelled ${event.relativePath}`
    case 'queued':
      return null
  }
}

/** One plain line per event (logs, pipes, CI); progress at most once every `progressEveryMs`. */
export function lineRenderer(out: Out, progressEveryMs = 2000, now: () => number = () => performance.now()): SyncRenderer {
  let lastProgress = Number.NEGATIVE_INFINITY
  return {
    onEvent: (event) => {
      if (event.type === 'state') {
        const line = stateLine(event)
        if (line) out.write(`${line}\n`)
      } else if (event.type === 'retry') {
        out.write(`retry     ${event.key}: ${event.problem.message}${event.problem.detail ? ` (${event.problem.detail})` : ''}\n`)
      } else if (event.type === 'paused') {
        out.write(`PAUSED    ${event.error ? `${event.error.message} ${event.error.action}` : 'by request'}\n`)
      } else if (event.type === 'resumed') {
        out.write('resumed\n')
      } else if (event.type === 'progress') {
        const at = now()
        if (at - lastProgress < progressEveryMs || event.overall.active === 0) return
        lastProgress = at
        const o = event.overall
        const total = o.bytesTotal === null ? '' : ` / ${formatBytes(o.bytesTotal)}`
        out.write(`progress  ${o.done}/${o.total} files, ${formatBytes(o.bytesDone)}${total}, ${rate(o.speed)}, ETA ${eta(o.etaSeconds)}\n`)
      }
    },
    close: () => undefined,
  }
}

/** Bars on a terminal: one for the whole sync, one per file while it is moving. */
export function barRenderer(out: Out): SyncRenderer {
  const multi = new cliProgress.MultiBar(
    {
      stream: out as NodeJS.WritableStream,
      format: ' {bar} {percentage}% | {label} | {amount} | {speed} | ETA {etaText}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
      fps: 10,
      forceRedraw: false,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  )
  const overall = multi.create(1, 0, { label: 'total', amount: '', speed: '', etaText: '--' })
  const bars = new Map<string, cliProgress.SingleBar>()
  const width = Math.max(16, Math.min(48, (out.columns ?? 100) - 70))
  const shortName = (name: string): string => (name.length <= width ? name.padEnd(width) : `…${name.slice(-(width - 1))}`)

  const drawFile = (file: FileProgress): void => {
    let bar = bars.get(file.key)
    const moving = file.state === 'downloading' || file.state === 'decrypting'
    if (!bar && moving) {
      bar = multi.create(Math.max(file.bytesTotal ?? 1, 1), 0, {})
      bars.set(file.key, bar)
    }
    if (!bar) return
    if (!moving) {
      multi.remove(bar)
      bars.delete(file.key)
      return
    }
    bar.setTotal(Math.max(file.bytesTotal ?? file.bytesDone, 1))
    bar.update(file.bytesDone, {
      label: shortName(file.name),
      amount: `${formatBytes(file.bytesDone)}${file.bytesTotal === null ? '' : ` / ${formatBytes(file.bytesTotal)}`}`,
      speed: rate(file.speed),
      etaText: file.state === 'decrypting' ? 'verifying' : eta(file.etaSeconds),
    })
  }

  return {
    onEvent: (event) => {
      if (event.type === 'progress') {
        for (const file of event.files) drawFile(file)
        const o = event.overall
        overall.setTotal(Math.max(o.bytesTotal ?? o.bytesDone, 1))
        overall.update(o.bytesDone, {
          label: shortName(`${o.done + o.skipped}/${o.total} files${o.failed ? `, ${o.failed} failed` : ''}`),
          amount: `${formatBytes(o.bytesDone)}${o.bytesTotal === null ? '' : ` / ${formatBytes(o.bytesTotal)}`}`,
          speed: rate(o.speed),
          etaText: eta(o.etaSeconds),
        })
      } else if (event.type === 'state' && event.state === 'failed') {
        multi.log(`FAILED ${event.relativePath}: ${event.error?.message ?? ''}${event.error?.detail ? ` (${event.error.detail})` : ''}\n`)
      } else if (event.type === 'paused' && event.error) {
        multi.log(`PAUSED: ${event.error.message} ${event.error.action}\n`)
      }
    },
    close: () => multi.stop(),
  }
}

// How `watch` shows its reports: one line each, stamped with the local time (a watcher's output is a log that
// runs for days), or one JSON object per line with `--json` (every report as the workflow gives it, plus `time`).
// Progress of a long transfer is shown at most every `progressEveryMs`.

import type { WatchReport } from '../main/workflows/watch'
import { describeWatchReport } from '../main/workflows/watch-report'

interface Out {
  write(text: string): unknown
}

export type WatchRenderer = (report: WatchReport) => void

/** "2026-03-01 12:00:05" in local time. */
export function localTime(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`
}

/** One line per report (progress at most every `progressEveryMs`), each stamped with the local time. */
export function watchLineRenderer(out: Out, progressEveryMs = 10_000, now: () => Date = () => new Date()): WatchRenderer {
  let lastProgress = Number.NEGATIVE_INFINITY
  return (report) => {
    const at = now()
    const progress = { shown: false }
    if (report.type === 'transfer' && report.event.type === 'progress' && at.getTime() - lastProgress >= progressEveryMs) progress.shown = true
    const text = describeWatchReport(report, progress)
    if (text === null) return
    if (progress.shown) lastProgress = at.getTime()
    const stamp = localTime(at)
    out.write(`${text.split('\n').map((line, i) => (i === 0 ? `${stamp}  ${line}` : `${' '.repeat(stamp.length)}  ${line}`)).join('\n')}\n`)
  }
}

/** Every report as one JSON object per line, with its time; transfer progress at most every `progressEveryMs`. */
export function watchJsonRenderer(out: Out, progressEveryMs = 2_000, now: () => Date = () => new Date()): WatchRenderer {
  let lastProgress = Number.NEGATIVE_INFINITY
  return (report) => {
    const at = now()
    if (report.type === 'transfer' && report.event.type === 'progress') {
      if (at.getTime() - lastProgress < progressEveryMs) return
      lastProgress = at.getTime()
    }
    out.write(`${JSON.stringify({ time: at.toISOString(), ...report })}\n`)
  }
}

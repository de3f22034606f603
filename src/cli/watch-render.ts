// How `watch` shows its reports: one line each, stamped with the local time (a watcher's output is a log that
// runs for days), or one JSON object per line with `--json` (every report as the workflow gives it, plus `time`).
// Progress of a long transfer is shown at most every `progressEveryMs`.

import { SKIP_REASON_TEXT } from '../shared/downloads'
import { formatDuration } from '../main/watch/interval'
import type { WatchReport } from '../main/workflows/watch'
import { formatBytes } from './progress-line'

interface Out {
  write(text: string): unknown
}

export type WatchRenderer = (report: WatchReport) => void

const INDENT = ' '.repeat(20)

/** "2026-03-01 12:00:05" in local time. */
export function localTime(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

function order(report: { orderId: number; productName: string; round: number }): string {
  return `order #${report.orderId} (${report.productName}), round ${report.round}`
}

/** The text of one report, or null for reports a person does not need to read. */
export function describeWatchReport(report: WatchReport, progress: { shown: boolean } = { shown: true }): string | null {
  switch (report.type) {
    case 'started':
      return report.once
        ? `Checking ${report.outDir} once${report.hook ? ', with a hook for each new file' : ''}.`
        : `Watching ${report.outDir}: a check now, then every ${formatDuration(report.intervalMs)}${report.hook ? ', with a hook for each new file' : ''}. Ctrl-C stops.`
    case 'cycle-started':
      return null
    case 'signed-in':
      return report.again ? `signed in again (NumerBay refused the old sign-in), with the ${report.method === 'wallet' ? 'wallet' : 'password'}` : `signed in with the ${report.method === 'wallet' ? 'wallet' : 'password'}`
    case 'waiting-for-rollover':
      return `rollover  NumerBay is rolling round ${report.round} over; asking again in ${formatDuration(report.checkAgainInMs)}`
    case 'record-set-aside':
      return `warning   the sync record was damaged and was moved to ${report.path}; files are checked again`
    case 'transfer': {
      const event = report.event
      if (event.type === 'state' && event.state === 'downloading') return `start     ${event.relativePath}`
      if (event.type === 'state' && event.state === 'skipped' && event.reason) return `skipped   ${event.relativePath}: ${SKIP_REASON_TEXT[event.reason]}`
      if (event.type === 'retry') return `retry     ${event.key}: ${event.problem.message}${event.problem.detail ? ` (${event.problem.detail})` : ''}`
      if (event.type === 'paused' && event.error) return `PAUSED    ${event.error.message} ${event.error.action}`
      if (event.type === 'progress' && progress.shown && event.overall.active > 0) {
        const o = event.overall
        return `progress  ${o.done}/${o.total} files, ${formatBytes(o.bytesDone)}${o.bytesTotal === null ? '' : ` / ${formatBytes(o.bytesTotal)}`}`
      }
      return null
    }
    case 'new-file':
      return `new file  ${report.relativePath} (${report.size === null ? 'size unknown' : formatBytes(report.size)}, sha256 ${report.sha256 ?? '?'})`
    case 'file-failed':
      return `FAILED    ${report.relativePath}: ${report.problem.message}${report.problem.detail ? ` (${report.problem.detail})` : ''}${report.problem.action ? `\n${INDENT}${report.problem.action}` : ''}`
    case 'round':
      return report.previous === null ? `round     ${report.round} is the selling round` : `round     ${report.round} is the selling round now (was ${report.previous})`
    case 'waiting-for-seller':
      return `waiting   ${order(report)}: no file from the seller yet${report.sinceMs > 0 ? ` (${formatDuration(report.sinceMs)} since this round's first check)` : ''}`
    case 'delivered':
      return `delivered ${order(report)}: its first file arrived`
    case 'missed':
      return `MISSED    ${order(report)}: no file arrived before the round ended (${report.uploaded === 0 ? 'the seller uploaded nothing' : `the seller uploaded ${plural(report.uploaded, 'file')}`})`
    case 'hook-ran':
      return `hook ok   ${report.relativePath} (run ${report.run}, ${formatDuration(report.durationMs)})`
    case 'hook-failed':
    case 'hook-gave-up': {
      const head =
        report.type === 'hook-failed'
          ? `hook FAILED ${report.relativePath}: ${report.description} (run ${report.run} of at most ${report.maxRuns}; tried again at the next check)`
          : `hook GAVE UP ${report.relativePath}: ${report.description}; after ${plural(report.run, 'run')} it is not run again for this file`
      return [head, ...report.lastLines.map((line) => `${INDENT}| ${line}`)].join('\n')
    }
    case 'backing-off':
      return `waiting   ${report.problem.message}${report.problem.detail ? ` (${report.problem.detail})` : ''} Checking again in ${formatDuration(report.delayMs)}${report.failures > 1 ? ` (${report.failures} failed checks in a row)` : ''}.`
    case 'cycle-finished': {
      const parts: string[] = []
      if (report.newFiles) parts.push(plural(report.newFiles, 'new file'))
      if (report.failedFiles) parts.push(`${plural(report.failedFiles, 'file')} FAILED`)
      if (report.hookFailures) parts.push(`${plural(report.hookFailures, 'hook')} FAILED`)
      const status = report.status
      if (status) {
        parts.push(`${status.delivered} of ${plural(status.ordersThisRound, 'order')} of round ${status.round} delivered`)
        if (status.waiting) parts.push(`${status.waiting} waiting for the seller`)
      } else if (!report.ok) parts.push('FAILED')
      const next = report.nextInMs === null ? '' : `; next check in ${formatDuration(report.nextInMs)}`
      return `check ${report.cycle}${' '.repeat(Math.max(1, 4 - String(report.cycle).length))}${parts.join(', ') || 'nothing new'} (${formatDuration(report.durationMs)})${next}`
    }
    case 'stopped':
      return `Stopped after ${plural(report.cycles, 'check')}; partial files are kept for the next run.`
  }
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

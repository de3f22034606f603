// The words for each watch report, one home for the CLI's `watch` (its log lines) and the app's "Keep this folder
// in sync" (its report list), so both say the same thing. A report a person does not need to read has no text.

import { SKIP_REASON_TEXT } from '../../shared/downloads'
import { formatBytes } from '../../shared/format-bytes'
import { formatDuration } from '../watch/interval'
import type { WatchReport } from './watch'

const INDENT = ' '.repeat(20)

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

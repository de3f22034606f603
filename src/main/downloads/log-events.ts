/**
 * How a sync shows up in the log: the plan's counts, each file's final state (with the error code when it
 * failed), retries and pauses, and the summary. Paths are relative to the output folder; progress ticks are
 * not logged. Subscribe it next to the renderer: `engine.subscribe(logSyncEvents(log))`.
 */
import type { SyncEvent } from '../../shared/downloads'
import type { Logger } from '../log'

export function logSyncEvents(logger: Logger | undefined): (event: SyncEvent) => void {
  if (!logger) return () => undefined
  const log = logger.child({ component: 'sync' })
  return (event) => {
    switch (event.type) {
      case 'plan':
        log.info({ event: 'sync-plan', sellingRound: event.plan.sellingRound, scope: event.plan.scope, downloads: event.plan.downloads.length, skipped: event.plan.skipped.length, orderProblems: event.plan.orderProblems.length }, 'sync planned')
        return
      case 'state':
        if (event.state === 'failed') log.warn({ event: 'sync-file', state: event.state, path: event.relativePath, code: event.error?.code, detail: event.error?.detail }, 'file failed')
        else if (event.state === 'done' || event.state === 'skipped' || event.state === 'cancelled') log.info({ event: 'sync-file', state: event.state, path: event.relativePath, ...(event.size !== undefined ? { size: event.size } : {}), ...(event.reason ? { reason: event.reason } : {}) }, `file ${event.state}`)
        else log.debug({ event: 'sync-file', state: event.state, path: event.relativePath }, `file ${event.state}`)
        return
      case 'retry':
        log.info({ event: 'sync-retry', key: event.key, attempt: event.attempt, code: event.problem.code, delayMs: event.delayMs }, 'retrying')
        return
      case 'paused':
        log.info({ event: 'sync-paused', reason: event.reason, ...(event.error ? { code: event.error.code } : {}) }, 'sync paused')
        return
      case 'resumed':
        log.info({ event: 'sync-resumed' }, 'sync resumed')
        return
      case 'finished': {
        const { summary } = event
        log.info({ event: 'sync-finished', complete: summary.complete, total: summary.total, done: summary.done, skipped: summary.skipped, failed: summary.failed, bytesReceived: summary.bytesReceived, ms: summary.elapsedMs }, 'sync finished')
        return
      }
      case 'progress':
        return
    }
  }
}

import type { DownloadsSnapshot } from '../../shared/ipc'
import type { SyncSummary } from '../../shared/downloads'

/** The downloads state before any run (or when this build has no downloads service). */
export function emptyDownloadsSnapshot(now: number = Date.now(), summary: SyncSummary | null = null): DownloadsSnapshot {
  return {
    running: false,
    destination: null,
    files: [],
    overall: { total: 0, done: 0, failed: 0, skipped: 0, cancelled: 0, active: 0, queued: 0, paused: 0, bytesDone: 0, bytesTotal: 0, speed: 0, etaSeconds: null },
    paused: null,
    summary,
    updatedAt: now,
  }
}

/**
 * The desktop app's log of what the person sees change: the signer, the Ledger's state, the WalletConnect
 * state, the key's lock state, and each download reaching done, failed (with its code) or skipped, plus each
 * finished run's summary. It listens to the backend's event stream (the same payloads the renderer gets,
 * already parsed by their schemas) and logs transitions only, never the payloads: a WalletConnect pairing
 * carries its URI, which must not reach the log.
 *
 *   const stop = logAppEvents(backend.events, log)
 */
import type { DownloadsSnapshot } from '../../shared/ipc/transfers'
import type { Logger } from './index'

/** The EventHub's subscribe, structurally (the log sits below the desktop layer). */
export interface AppEventSource {
  subscribe(sink: (name: string, payload: unknown) => void): () => void
}

const FINAL = new Set(['done', 'failed', 'skipped', 'cancelled'])

export function logAppEvents(source: AppEventSource, logger: Logger): () => void {
  const last = new Map<string, string>()
  const fileStates = new Map<string, string>()
  let lastSummaryAt: string | null = null

  /** Logs when the value's text changed since the last event of that stream. */
  const changed = (stream: string, text: string): boolean => {
    if (last.get(stream) === text) return false
    last.set(stream, text)
    return true
  }

  // One child for the stream: snapshots come several times a second.
  const syncLog = logger.child({ component: 'sync' })
  const onDownloads = (snapshot: DownloadsSnapshot): void => {
    for (const file of snapshot.files) {
      if (fileStates.get(file.key) === file.state) continue
      fileStates.set(file.key, file.state)
      if (!FINAL.has(file.state)) continue
      if (file.state === 'failed') syncLog.warn({ event: 'sync-file', state: file.state, path: file.relativePath, code: file.error?.code, detail: file.error?.detail }, 'file failed')
      else syncLog.info({ event: 'sync-file', state: file.state, path: file.relativePath, ...(file.reason ? { reason: file.reason } : {}) }, `file ${file.state}`)
    }
    if (snapshot.paused && changed('paused', snapshot.paused.reason)) syncLog.info({ event: 'sync-paused', reason: snapshot.paused.reason, code: snapshot.paused.error?.code }, 'sync paused')
    if (!snapshot.paused) last.delete('paused')
    const summary = snapshot.summary
    if (summary && !snapshot.running) {
      const key = `${summary.total}:${summary.done}:${summary.failed}:${summary.elapsedMs}`
      if (key !== lastSummaryAt) {
        lastSummaryAt = key
        syncLog.info({ event: 'sync-finished', complete: summary.complete, total: summary.total, done: summary.done, skipped: summary.skipped, failed: summary.failed, bytesReceived: summary.bytesReceived, ms: summary.elapsedMs }, 'sync finished')
      }
    }
  }

  return source.subscribe((name, payload) => {
    const value = payload as Record<string, unknown> | null
    switch (name) {
      case 'signer': {
        const text = value ? `${String(value.kind)}:${String(value.address)}` : 'none'
        if (changed(name, text)) logger.info({ event: 'signer', kind: value?.kind ?? null, address: value?.address ?? null }, 'signer changed')
        return
      }
      case 'ledgerStatus': {
        const fields = { state: value?.state, ...(value?.code ? { code: value.code } : {}), ...(value?.appVersion ? { appVersion: value.appVersion } : {}), ...(value?.model ? { model: value.model } : {}) }
        if (changed(name, JSON.stringify(fields))) logger.info({ event: 'ledger-status', ...fields }, 'Ledger status')
        return
      }
      case 'walletConnectStatus':
        // The state only: a pairing status carries the wc: URI.
        if (changed(name, String(value?.state))) logger.info({ event: 'walletconnect-status', state: value?.state }, 'WalletConnect status')
        return
      case 'keyState':
        if (changed(name, String(value?.state))) logger.info({ event: 'key-state', state: value?.state }, 'key state')
        return
      case 'downloads':
        onDownloads(payload as DownloadsSnapshot)
        return
      default:
        return
    }
  })
}

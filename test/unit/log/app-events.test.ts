// The desktop app's event log: transitions only, and never a payload's secret (the WalletConnect URI).
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileLogger } from '../../../src/main/log'
import { logAppEvents } from '../../../src/main/log/app-events'
import { EventHub } from '../../../src/main/desktop/event-hub'
import { emptyDownloadsSnapshot } from '../../../src/main/desktop/domains/downloads'

describe('logAppEvents', () => {
  it('logs signer, Ledger, WalletConnect and key transitions once each, file outcomes with codes, and no URI', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'numerbay-app-events-'))
    try {
      const log = createFileLogger({ dataDir, name: 'app', level: 'info' })
      const hub = new EventHub()
      const stop = logAppEvents(hub, log)
      hub.emit('ledgerStatus', { state: 'locked' })
      hub.emit('ledgerStatus', { state: 'locked' })
      hub.emit('ledgerStatus', { state: 'ready', appVersion: '1.19.1' })
      const uri = 'wc:7f6e504bfad60b485450578e05678ed3e8e8c4751d3c6160be17160d63ec90f9@2?relay-protocol=irn&symKey=587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303'
      hub.emit('walletConnectStatus', { state: 'pairing', uri, qrDataUrl: 'data:image/png;base64,AAAA', expiresAt: Date.now() + 60_000 })
      hub.emit('keyState', { state: 'unlocked', publicKey: null, autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false })
      const base = emptyDownloadsSnapshot()
      const file = { key: 'order:1', orderId: 1, productName: 'p', round: 1, name: 'a.csv', relativePath: 'p/1/a.csv', bytesDone: 0, bytesTotal: 10, speed: 0, etaSeconds: null, reason: null, error: null, alreadyDownloaded: false, retry: null }
      hub.emit('downloads', { ...base, running: true, files: [{ ...file, state: 'downloading' }] })
      hub.emit('downloads', {
        ...base,
        running: true,
        files: [{ ...file, state: 'failed', error: { code: 'DOWNLOAD_TAMPERED', message: 'm', action: 'a' } }],
      })
      stop()
      hub.emit('keyState', { state: 'locked', publicKey: null, autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false })
      await log.close()
      const text = await readFile(join(dataDir, 'logs', 'app.log'), 'utf8')
      const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(lines.filter((line) => line.event === 'ledger-status').map((line) => line.state)).toEqual(['locked', 'ready'])
      expect(lines.find((line) => line.event === 'walletconnect-status')).toMatchObject({ state: 'pairing' })
      expect(lines.filter((line) => line.event === 'key-state').map((line) => line.state)).toEqual(['unlocked'])
      expect(lines.filter((line) => line.event === 'sync-file')).toEqual([expect.objectContaining({ state: 'failed', code: 'DOWNLOAD_TAMPERED', path: 'p/1/a.csv' })])
      expect(text).not.toContain('wc:')
      expect(text).not.toContain('symKey')
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})

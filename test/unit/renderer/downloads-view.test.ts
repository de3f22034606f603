// What the Downloads screen says about a run (screens/Downloads/downloadsView.ts): it never reports success that
// did not happen, and the tabs and the summary read the same counts.
import { describe, expect, it } from 'vitest'
import { formatSpeed } from '../../../src/renderer/src/format/bytes'
import { countFiles, fileBadge, fileBytesText, giveUpText, headline, isComplete, remainingMs, retryText, soonestRetry } from '../../../src/renderer/src/screens/Downloads/downloadsView'
import { file, snapshot } from './fake-main'

const locked = { code: 'VAULT_LOCKED', message: 'Your NumerBay key is locked.', action: 'Unlock it by signing with your wallet.' }
const lost = { code: 'DOWNLOAD_NETWORK', message: 'The download was interrupted by the network and did not recover.', action: 'Check your connection.' }

describe('the headline', () => {
  it('says "All files are ready" only when every wanted file is on disk', () => {
    expect(headline(snapshot([file({ name: 'a.csv' }), file({ name: 'b.csv', state: 'skipped', reason: 'numerai-direct', bytesDone: 0 })])).text).toBe('All files are ready')
    // Sealed to a key you do not have: wanted, not on disk.
    const unreachable = snapshot([file({ name: 'a.csv' }), file({ name: 'b.csv', state: 'skipped', reason: 'not-sealed-to-your-key', bytesDone: 0 })])
    expect(headline(unreachable)).toEqual({ text: 'Finished: 1 file could not be downloaded', tone: 'problem' })
    expect(isComplete(unreachable)).toBe(false)
    expect(headline(snapshot([file({ name: 'a.csv' }), file({ name: 'b.csv', state: 'failed' })])).text).toBe('Finished with problems')
    expect(headline(snapshot([file({ name: 'a.csv' }), file({ name: 'b.csv', state: 'cancelled' }), file({ name: 'c.csv', state: 'cancelled' })])).text).toBe('Stopped: 2 files cancelled')
  })

  it('a locked key: asking for the unlock, then the files that wait for it, never "ready"', () => {
    const waiting = [file({ name: 'a.csv', state: 'paused', error: locked, bytesDone: 0 }), file({ name: 'b.csv', state: 'paused', error: locked, bytesDone: 0 }), file({ name: 'open.csv' })]
    expect(headline(snapshot(waiting, { keyWait: { files: 2, unlocking: true, problem: null }, running: true }))).toEqual({ text: 'Waiting for your signature to unlock your key…', tone: 'waiting' })
    const declined = snapshot(waiting, { keyWait: { files: 2, unlocking: false, problem: { code: 'SIGNER_REJECTED', message: 'Rejected.', action: 'Approve it.' } } })
    expect(headline(declined)).toEqual({ text: '2 files wait for your key', tone: 'waiting' })
    expect(isComplete(declined)).toBe(false)
  })

  it('a dead connection: "Connection lost" while every moving file waits to retry', () => {
    const retry = { attempt: 3, inMs: 4_000, problem: lost, giveUpInMs: 100_000 }
    expect(headline(snapshot([file({ name: 'a.csv', state: 'downloading', retry })])).text).toBe('Connection lost: retrying…')
    expect(headline(snapshot([file({ name: 'a.csv', state: 'downloading', retry }), file({ name: 'b.csv', state: 'downloading' })])).text).toBe('Downloading and decrypting…')
  })
})

describe('counts', () => {
  it('the tabs and the summary line count the same files: skipped and cancelled apart', () => {
    const files = [file({ name: 'a', state: 'skipped', reason: 'numerai-direct' }), ...['b', 'c', 'd'].map((name) => file({ name, state: 'cancelled' })), file({ name: 'e' }), file({ name: 'f', state: 'paused' })]
    const counts = countFiles(files)
    expect(counts).toEqual({ all: 6, active: 1, failed: 0, done: 1, skipped: 1, cancelled: 3 })
    const run = snapshot(files)
    expect([run.overall.skipped, run.overall.cancelled, run.overall.done]).toEqual([counts.skipped, counts.cancelled, counts.done])
  })
})

describe('connection and file words', () => {
  const retry = { attempt: 3, inMs: 4_000, problem: lost, giveUpInMs: 100_000 }

  it('says the connection is lost, when the next attempt comes, and which one', () => {
    expect(retryText(retry)).toBe('Connection lost, retrying in 4 s (attempt 3)')
    expect(retryText(retry, 300)).toBe('Connection lost, retrying now (attempt 3)')
    expect(retryText({ ...retry, problem: { code: 'DOWNLOAD_HTTP_ERROR', message: 'x', action: 'y' } })).toBe('The server answered with an error, retrying in 4 s (attempt 3)')
    expect(giveUpText(100_000)).toBe('Marked failed if no data arrives within 1 min 40 s.')
    expect(remainingMs(4_000, 10_000, 11_500)).toBe(2_500)
    expect(remainingMs(4_000, 10_000, 20_000)).toBe(0)
  })

  it('picks the soonest retry for the run line', () => {
    const files = [file({ name: 'a', state: 'downloading', retry: { ...retry, inMs: 9_000 } }), file({ name: 'b', state: 'downloading', retry }), file({ name: 'c', state: 'downloading' })]
    expect(soonestRetry(files)?.name).toBe('b')
    expect(soonestRetry([file({ name: 'c' })])).toBeNull()
  })

  it('a file already on disk is "already downloaded" with its size, not "Done · 0 B of …"', () => {
    const kept = file({ name: 'dataset.csv', alreadyDownloaded: true, bytesDone: 65_536, bytesTotal: 65_536 })
    expect(fileBadge(kept)).toEqual({ label: 'Already downloaded', color: 'teal' })
    expect(fileBytesText(kept)).toBe('64.0 KB on disk, checked and kept')
    expect(fileBadge(file({ name: 'x', state: 'paused', error: locked }))).toEqual({ label: 'Waiting for key', color: 'yellow' })
  })

  it('a speed of nothing reads 0 B/s, as a download manager shows a stalled transfer', () => {
    expect(formatSpeed(0)).toBe('0 B/s')
    expect(formatSpeed(2048)).toBe('2.0 KB/s')
  })
})

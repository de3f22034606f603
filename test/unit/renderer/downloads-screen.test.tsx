// @vitest-environment happy-dom
// The Downloads screen's recovery and truth-telling, through React Testing Library: cancel all asks first and
// says partials are discarded; the summary counts are the tabs'; the connection line and "Retry now"; the
// files waiting for a locked key and "Unlock and continue"; every retry names its file; "Sign in again" signs
// in and retries; "Retry all failed" and "Sync again".
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { DownloadsScreen } from '../../../src/renderer/src/screens/Downloads/DownloadsScreen'
import { account, fakeMain, file, ok, renderWithApp, snapshot } from './fake-main'

afterEach(cleanup)

const lost = { code: 'DOWNLOAD_NETWORK', message: 'The download was interrupted by the network and did not recover.', action: 'Check your connection.' }

function show(main: ReturnType<typeof fakeMain>) {
  return renderWithApp(main, <DownloadsScreen onNavigate={() => undefined} />)
}

describe('the Downloads screen', () => {
  it('asks before cancelling everything, says partial downloads are discarded, and only then cancels', async () => {
    const running = snapshot([file({ name: 'big.bin', state: 'downloading', bytesDone: 500, bytesTotal: 9000 }), file({ name: 'next.bin', state: 'queued', bytesDone: 0 })])
    const main = fakeMain({ downloads: running }, { cancelAllDownloads: () => ok(running) })
    show(main)
    fireEvent.click(await screen.findByTestId('cancel-all'))
    const dialog = await screen.findByRole('dialog', { name: 'Cancel all downloads?' })
    expect(dialog.textContent).toContain('The 2 files not finished yet stop, and their partial downloads are discarded')
    expect(main.calls.map((call) => call.name)).toEqual([])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep downloading' }))
    expect(main.calls).toEqual([])
    fireEvent.click(screen.getByTestId('cancel-all'))
    fireEvent.click(await screen.findByTestId('cancel-all-confirm-button'))
    await waitFor(() => expect(main.calls.map((call) => call.name)).toEqual(['cancelAllDownloads']))
  })

  it('after a cancel, the summary counts are the tabs\' counts', async () => {
    const files = [file({ name: 'a', state: 'skipped', reason: 'numerai-direct', bytesDone: 0 }), ...['b', 'c', 'd'].map((name) => file({ name, state: 'cancelled', bytesDone: 0 })), file({ name: 'e' })]
    show(fakeMain({ downloads: snapshot(files) }))
    expect(await screen.findByTestId('downloads-counts')).toHaveProperty('textContent', '1 skipped · 3 cancelled')
    const tabs = screen.getByTestId('downloads-tabs').textContent
    expect(tabs).toContain('Skipped 1')
    expect(tabs).toContain('Cancelled 3')
    expect(screen.getByTestId('downloads-headline').textContent).toBe('Stopped: 3 files cancelled')
    // Cancelled files can be retried, each by name.
    expect(screen.getByRole('button', { name: 'Retry b' })).toBeTruthy()
  })

  it('shows a lost connection with its countdown and attempt, zero speed, no time left, and "Retry now"', async () => {
    const retry = { attempt: 3, inMs: 4_000, problem: lost, giveUpInMs: 100_000 }
    const files = [file({ name: 'big.bin', state: 'downloading', bytesDone: 500, bytesTotal: 9000, retry })]
    const main = fakeMain({ downloads: snapshot(files) }, { retryDownloadsNow: () => ok(snapshot(files)) })
    show(main)
    const notice = await screen.findByTestId('connection-notice')
    expect(notice.textContent).toMatch(/Connection lost, retrying in [34] s \(attempt 3\)/)
    expect(notice.textContent).toContain('Marked failed if no data arrives within 1 min 4')
    expect(screen.getByTestId('downloads-speed').textContent).toBe('0 B/s')
    expect(screen.getByTestId('downloads-eta').textContent).toBe('—')
    expect(screen.getByTestId('file-retry-state').textContent).toContain('Connection lost, retrying in 4 s (attempt 3)')
    fireEvent.click(screen.getByTestId('retry-now'))
    await waitFor(() => expect(main.calls).toEqual([{ name: 'retryDownloadsNow', args: undefined }]))
  })

  it('files waiting for a locked key are paused, not skipped, with why and "Unlock and continue"', async () => {
    const locked = { code: 'VAULT_LOCKED', message: 'Your NumerBay key is locked.', action: 'Unlock it by signing with your wallet.' }
    const files = [file({ name: 'a.csv', state: 'paused', error: locked, bytesDone: 0 }), file({ name: 'open.csv' })]
    const waiting = snapshot(files, { keyWait: { files: 1, unlocking: false, problem: { code: 'SIGNER_REJECTED', message: 'You rejected the request on your device.', action: 'Approve it to continue.' } } })
    const main = fakeMain({ downloads: waiting }, { resumeAllDownloads: () => ok(waiting) })
    show(main)
    const notice = await screen.findByTestId('key-wait-notice')
    expect(notice.textContent).toContain('Your key is locked: 1 file sealed to your key waits')
    expect(notice.textContent).toContain('You rejected the request on your device.')
    expect(notice.textContent).toContain('They are paused, not skipped')
    expect(screen.getByTestId('downloads-headline').textContent).toBe('1 file waits for your key')
    expect(screen.queryByText('All files are ready')).toBeNull()
    fireEvent.click(screen.getByTestId('unlock-and-continue'))
    await waitFor(() => expect(main.calls.map((call) => call.name)).toEqual(['resumeAllDownloads']))
  })

  it('"Sign in again" on a file whose sign-in expired signs in with the wallet, then retries that file', async () => {
    const expired = { code: 'API_SESSION_EXPIRED', message: 'Your NumerBay sign-in has expired.', action: 'Sign in again.' }
    const files = [file({ name: 'a.csv', state: 'failed', error: expired, bytesDone: 0 })]
    const run = snapshot(files)
    const main = fakeMain(
      { downloads: run, session: { account, apiUrl: 'http://127.0.0.1:1', method: 'wallet' }, signer: { kind: 'ledger', address: account.publicAddress, label: "Ledger 44'/60'/0'/0/0" } },
      { signInWithWallet: () => ok({ account, apiUrl: 'http://127.0.0.1:1', method: 'wallet' }), resumeDownload: () => ok(run), cancelSigning: () => ok(false) },
    )
    show(main)
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in again and retry a.csv' }))
    await waitFor(() => expect(main.calls.map((call) => call.name)).toEqual(['signInWithWallet', 'resumeDownload']))
    expect(main.calls[1]!.args).toEqual({ key: 'order:a.csv' })
  })

  it('offers "Retry all failed" and "Sync again" once the run has stopped', async () => {
    const files = [file({ name: 'a.csv', state: 'failed', error: lost, bytesDone: 0 }), file({ name: 'b.csv' })]
    const run = snapshot(files, { canSyncAgain: true })
    const main = fakeMain({ downloads: run }, { retryFailedDownloads: () => ok(run), syncAgain: () => ok(run) })
    show(main)
    fireEvent.click(await screen.findByTestId('retry-all-failed'))
    fireEvent.click(screen.getByTestId('sync-again'))
    await waitFor(() => expect(main.calls.map((call) => call.name).sort()).toEqual(['retryFailedDownloads', 'syncAgain']))
    expect(screen.getByRole('button', { name: 'Retry: a.csv' })).toBeTruthy()
  })

  it('a file already on disk says so, with its size', async () => {
    show(fakeMain({ downloads: snapshot([file({ name: 'dataset.csv', alreadyDownloaded: true, bytesDone: 65_536, bytesTotal: 65_536 })]) }))
    const row = await screen.findByTestId('download-file')
    expect(within(row).getByTestId('file-state').textContent).toBe('Already downloaded')
    expect(within(row).getByTestId('file-bytes').textContent).toBe('64.0 KB on disk, checked and kept')
  })
})

// "Keep this folder in sync" end to end, in the browser preview against a demo server this test controls: sign in
// with the demo wallet, pick the download folder from the card, start watching with the key kept unlocked, see the
// first files arrive, then a seller's upload published meanwhile reported as "new file  …"; the header says
// "unlocked while syncing" and the manual sync buttons wait, saying why; axe finds nothing blocking on the card
// while it runs; the order with no file is listed as waiting, then as missed after a rollover; stopping gives the
// key back to auto-lock.
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DemoServerHandle } from '../../src/demo-server'
import { DEMO_WALLET_KEY, startTestDemoServer } from '../helpers/demo-server'
import { blocking, describeViolations, runAxe } from './support/axe'
import { launchBrowser, openApp, waitFor, type App, type BrowserHandle } from './support/app'

const WATCHING_REASON = /^Watching keeps this folder in sync/

describe('keeping the download folder in sync from the window', () => {
  let browser: BrowserHandle
  let demo: DemoServerHandle
  let app: App

  beforeAll(async () => {
    demo = await startTestDemoServer()
    browser = await launchBrowser()
    // Half a second between checks instead of the app's two minutes, so a late upload shows within the test.
    app = await openApp(browser.browser, { demo, demoPrivateKey: DEMO_WALLET_KEY, ledgerUnplugged: true, watchIntervalMs: 500 })
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    await browser?.close()
    await demo?.close()
  })

  it('watches with the key kept unlocked, gets a late upload, and gives the key back to auto-lock on stop', async () => {
    const { page, preview } = app
    const headerCountdown = () => page.getByTestId('header-key').getByTestId('auto-lock-countdown')
    // Sign in with the demo wallet and unlock.
    await app.go('connect')
    await page.getByRole('tab', { name: 'Demo' }).click()
    await page.getByRole('button', { name: 'Use the demo wallet' }).click()
    await waitFor(() => page.getByTestId('current-signer').getAttribute('data-kind'), (kind) => kind === 'demo')
    await app.go('sign-in')
    await page.getByTestId('sign-in-wallet').click()
    await page.getByTestId('account-username').waitFor({ timeout: 20_000 })

    // Locked: the card cannot start and says why.
    await app.go('downloads')
    const card = page.getByTestId('watch-card')
    expect(await card.getByTestId('watch-blocked').textContent()).toContain('Unlock your key first')
    expect(await page.getByTestId('watch-toggle').isDisabled()).toBe(true)
    await card.getByRole('button', { name: 'Go to the Key screen' }).click()
    await page.locator('[data-screen-view="key"]').waitFor()
    await page.getByTestId('unlock-key').click()
    await waitFor(() => page.getByTestId('key-lock-state').textContent(), (text) => text === 'Unlocked')
    await headerCountdown().waitFor()

    // No folder yet: the card offers main's folder dialog.
    await app.go('downloads')
    expect(await card.getByTestId('watch-blocked').textContent()).toContain('Choose a download folder first')
    const out = join(app.workDir, 'watched')
    await mkdir(out)
    preview.dialogs.answer('folder', out)
    await card.getByRole('button', { name: 'Choose a folder' }).click()
    await waitFor(() => card.getByTestId('watch-folder').getAttribute('data-path'), (path) => path === out)

    // Start, keeping the key unlocked.
    await card.getByRole('checkbox', { name: 'Keep my key unlocked while syncing' }).check()
    await page.getByTestId('watch-toggle').click()
    await waitFor(() => card.getAttribute('data-state'), (state) => state === 'watching')
    expect(await page.getByTestId('header-kept-unlocked').textContent()).toBe('unlocked while syncing')
    expect(await headerCountdown().count()).toBe(0)

    // The first check brings the round's files.
    const log = card.getByRole('log', { name: 'Reports' })
    await waitFor(() => log.textContent(), (text) => text?.includes('new file  ') ?? false, 60_000)
    await waitFor(() => card.getByTestId('watch-round').textContent(), (text) => /^Round 520: [1-9][0-9]* files? received$/.test(text ?? ''), 30_000)
    expect(await card.getByTestId('watch-last-check').textContent()).not.toBe('Not yet')
    // The watch's reports say what arrived: the manual sync's "No downloads yet" is not shown beside them.
    expect(await page.getByTestId('downloads-empty').count()).toBe(0)

    // A seller uploads to order 101 (round 520, the selling round) while the window watches.
    const content = 'id,prediction\nn1,0.25\n'
    await demo.addArtifact({ order: 101, objectName: 'late-upload.csv', content })
    const line = card.locator('[data-testid="watch-line"][data-kind="new-file"]').filter({ hasText: 'late-upload.csv' })
    await line.first().waitFor({ timeout: 30_000 })
    const text = (await line.first().textContent()) ?? ''
    // The CLI's words: "new file  <path> (<size>, sha256 <hex>)".
    const relativePath = /new file {2}(\S+) \(22 B, sha256 [0-9a-f]{64}\)/.exec(text)?.[1] ?? ''
    expect(relativePath).toMatch(/late-upload\.csv$/)
    expect(await readFile(join(out, relativePath), 'utf8')).toBe(content)
    // Newest last: the late file is the last new file, and the check's summary follows it.
    expect(await card.locator('[data-kind="new-file"]').last().textContent()).toContain('late-upload.csv')
    await waitFor(() => card.getByTestId('watch-line').last().textContent(), (text) => /check \d+ +1 new file/.test(text ?? ''), 30_000)

    await card.scrollIntoViewIfNeeded()
    await app.shot('downloads-watch', { fullPage: true })

    // Axe on the Downloads screen with the card running (stats, lists, the live log).
    const found = blocking(await runAxe(page))
    expect(describeViolations(found)).toBe('')

    // The order with no file yet waits for its seller; when the round rolls over without one, it is missed.
    expect(await card.getByTestId('watch-waiting').textContent()).toContain('demo-dataset (order 108): no file from the seller yet')
    await demo.rollover()
    await waitFor(() => card.getByTestId('watch-round').textContent(), (text) => /^Round 521:/.test(text ?? ''), 30_000)
    await card.getByTestId('watch-missed').waitFor({ timeout: 30_000 })
    expect(await card.getByTestId('watch-missed').textContent()).toContain('demo-dataset (order 108): no file arrived in round 520')
    await waitFor(() => card.locator('[data-kind="missed"]').count(), (count) => count > 0, 30_000)
    expect(await card.locator('[data-kind="missed"]').first().textContent()).toContain('MISSED    order #108 (demo-dataset), round 520')

    // Syncing by hand waits while watching, and says why.
    await app.go('purchases')
    await page.getByTestId('orders-table').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('sync-all').isDisabled()).toBe(true)
    expect(await page.getByTestId('sync-all').getAttribute('title')).toMatch(WATCHING_REASON)
    expect(await page.getByTestId('destination-locked').textContent()).toMatch(WATCHING_REASON)

    // Stop: auto-lock is back and the header shows its countdown again.
    await app.go('downloads')
    await page.getByRole('button', { name: 'Stop syncing' }).click()
    await waitFor(() => card.getAttribute('data-state'), (state) => state === 'off', 20_000)
    await headerCountdown().waitFor()
    expect(await page.getByTestId('header-kept-unlocked').count()).toBe(0)
    await page.getByTestId('downloads-empty').waitFor()
    await app.go('purchases')
    await waitFor(() => page.getByTestId('sync-all').isDisabled(), (disabled) => !disabled)
  }, 180_000)
})

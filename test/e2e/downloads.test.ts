// Downloads under pressure, against a demo server this test controls: pause and resume the whole run while the
// server is slow, then a file that fails its authentication (tampered on the server) is explained and
// retried from its card once the server has the right bytes again.
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DemoServerHandle } from '../../src/demo-server'
import { startTestDemoServer } from '../helpers/demo-server'
import { launchBrowser, openApp, signInAndUnlock, waitFor, type App, type BrowserHandle } from './support/app'
import { expectedDemoSyncHashes, hashTree, sha256 } from './support/files'

describe('Downloads: pause, resume, failure and retry', () => {
  let browser: BrowserHandle
  let demo: DemoServerHandle
  let app: App

  beforeAll(async () => {
    demo = await startTestDemoServer()
    browser = await launchBrowser()
    app = await openApp(browser.browser, { demo })
    await signInAndUnlock(app)
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    await browser?.close()
    await demo?.close()
  })

  async function syncInto(folder: string): Promise<void> {
    const { page, preview } = app
    await mkdir(folder, { recursive: true })
    await app.go('purchases')
    await page.getByTestId('orders-table').waitFor({ timeout: 20_000 })
    preview.dialogs.answer('folder', folder)
    await page.getByTestId('destination').getByRole('button', { name: /Choose|Change/ }).click()
    await waitFor(() => page.getByTestId('destination-path').getAttribute('data-path'), (path) => path === folder)
    await page.getByTestId('sync-all').click()
    await page.locator('[data-screen-view="downloads"]').waitFor()
  }

  it('pauses and resumes the whole run', async () => {
    const { page } = app
    const out = join(app.workDir, 'slow')
    demo.faults.latency(800)
    await syncInto(out)
    const overall = page.getByTestId('downloads-overall')
    await waitFor(() => overall.getAttribute('data-running'), (running) => running === 'true')
    await page.getByRole('button', { name: 'Pause all' }).click()
    await waitFor(() => page.getByTestId('downloads-headline').textContent(), (text) => text === 'Paused')
    expect(await page.locator('[data-testid="download-file"][data-state="paused"]').count()).toBeGreaterThan(0)
    await app.shot('downloads-paused', { fullPage: true })

    demo.faults.latency(0)
    await page.getByRole('button', { name: 'Resume all' }).click()
    await waitFor(() => overall.getAttribute('data-complete'), (complete) => complete === 'true', 60_000)
    const expected = await expectedDemoSyncHashes()
    expect([...(await hashTree(out)).values()].sort()).toEqual([...expected.values()].sort())
  })

  it('explains a file that fails its check and retries it from its card', async () => {
    const { page } = app
    const out = join(app.workDir, 'tampered')
    const target = demo.state.artifacts.find((artifact) => artifact.object_name.endsWith('.parquet'))
    if (!target) throw new Error('the demo seed has a .parquet artifact')
    await demo.faults.tamper(target.object_name)
    await syncInto(out)
    const card = page.locator(`[data-testid="download-file"][data-name="${target.object_name}"]`)
    await waitFor(() => card.getAttribute('data-state'), (state) => state === 'failed', 60_000)
    const failure = card.getByTestId('file-failure')
    expect((await failure.textContent())?.length).toBeGreaterThan(20)
    await waitFor(() => page.getByTestId('downloads-headline').textContent(), (text) => text === 'Finished with problems')
    // While other files still download the badge counts them; once the run ends it names the failure.
    await waitFor(() => page.getByTestId('nav-badge-downloads').textContent(), (text) => text === '1 failed')
    await app.shot('downloads-failed', { fullPage: true })

    // Flipping the same byte again restores the object: the retry now succeeds.
    await demo.faults.tamper(target.object_name)
    await failure.getByRole('button', { name: 'Retry' }).click()
    await waitFor(() => card.getAttribute('data-state'), (state) => state === 'done', 60_000)
    const expected = await expectedDemoSyncHashes()
    const written = [...(await hashTree(out)).entries()].find(([path]) => path.endsWith('.parquet'))
    expect(written?.[1]).toBe(expected.get('alpha_full.parquet'))
    expect(sha256(await readFile(written![0]))).toBe(expected.get('alpha_full.parquet'))
  })

  it('downloads only the selected orders', async () => {
    const { page, preview } = app
    const out = join(app.workDir, 'selected')
    await mkdir(out)
    await app.go('purchases')
    await page.getByTestId('orders-table').waitFor({ timeout: 20_000 })
    await page.getByRole('checkbox', { name: 'Select demo-beta' }).check()
    expect(await page.getByTestId('download-selected').textContent()).toBe('Download selected (1)')
    preview.dialogs.answer('folder', out)
    await page.getByTestId('destination').getByRole('button', { name: /Choose|Change/ }).click()
    await waitFor(() => page.getByTestId('destination-path').getAttribute('data-path'), (path) => path === out)
    await page.getByTestId('download-selected').click()
    await page.locator('[data-screen-view="downloads"]').waitFor()
    await waitFor(() => page.getByTestId('downloads-overall').getAttribute('data-complete'), (complete) => complete === 'true', 60_000)
    const expected = await expectedDemoSyncHashes()
    expect([...(await hashTree(out)).values()]).toEqual([expected.get('beta_live.csv')])
  })

  it('"Cancel all" asks first and says partials are discarded; the counts match the tabs; cancelled files retry', async () => {
    const { page } = app
    const out = join(app.workDir, 'cancelled')
    demo.faults.throttle(100_000)
    try {
      await syncInto(out)
      await waitFor(() => page.getByTestId('downloads-overall').getAttribute('data-running'), (running) => running === 'true')
      await page.getByTestId('cancel-all').click()
      const dialog = page.getByRole('dialog', { name: 'Cancel all downloads?' })
      await dialog.waitFor()
      expect(await dialog.textContent()).toContain('partial downloads are discarded')
      await app.shot('downloads-cancel-all', { fullPage: true })
      await dialog.getByTestId('cancel-all-confirm-button').click()
      await waitFor(() => page.getByTestId('downloads-headline').textContent(), (text) => text?.startsWith('Stopped:') ?? false, 20_000)
    } finally {
      demo.faults.throttle(0)
    }
    const tabs = (await page.getByTestId('downloads-tabs').textContent()) ?? ''
    const counts = (await page.getByTestId('downloads-counts').textContent()) ?? ''
    const cancelled = Number(/Cancelled (\d+)/.exec(tabs)?.[1])
    expect(cancelled).toBeGreaterThan(0)
    expect(counts).toContain(`${cancelled} cancelled`)
    expect(counts).toContain(`${/Skipped (\d+)/.exec(tabs)?.[1]} skipped`)
    // Each cancelled file can be retried, by name; retrying them all completes the sync.
    for (const button of await page.locator('[data-testid="download-file"][data-state="cancelled"] [data-testid="file-retry"]').all()) await button.click()
    await waitFor(() => page.getByTestId('downloads-overall').getAttribute('data-complete'), (complete) => complete === 'true', 60_000)
    const expected = await expectedDemoSyncHashes()
    expect([...(await hashTree(out)).values()].sort()).toEqual([...expected.values()].sort())
  })

  it('a sign-in that expired mid-sync: "Sign in again and retry" signs in with the wallet and the files complete', async () => {
    const { page, preview } = app
    const out = join(app.workDir, 'expired')
    await preview.backend.dispatch('updateSettings', { concurrency: 1 })
    demo.faults.throttle(150_000)
    try {
      await syncInto(out)
      await waitFor(() => page.locator('[data-testid="download-file"][data-state="downloading"]').count(), (count) => count > 0)
      demo.faults.expireTokens()
      await page.locator('[data-testid="file-failure"][data-error-code="API_SESSION_EXPIRED"]').first().waitFor({ timeout: 60_000 })
    } finally {
      demo.faults.throttle(0)
      await preview.backend.dispatch('updateSettings', { concurrency: 4 })
    }
    await waitFor(() => page.getByTestId('downloads-overall').getAttribute('data-running'), (running) => running === 'false', 60_000)
    // The Sign in screen says so and offers the same, instead of only "Sign out".
    await app.go('sign-in')
    expect(await page.getByTestId('sign-in-expired-note').textContent()).toMatch(/failed because the sign-in had expired/)
    expect(await page.getByTestId('sign-in-again').textContent()).toBe('Sign in again and retry')
    await app.go('downloads')
    await page.getByTestId('file-sign-in-again').first().click()
    await waitFor(() => page.getByTestId('downloads-overall').getAttribute('data-complete'), (complete) => complete === 'true', 60_000)
    const expected = await expectedDemoSyncHashes()
    expect([...(await hashTree(out)).values()].sort()).toEqual([...expected.values()].sort())
  })
})

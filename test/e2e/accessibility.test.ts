// Accessibility and small windows: axe-core on every screen, in the light and the dark theme, with no critical
// or serious violation (contrast, names, ARIA) and one h1 with no skipped heading levels; a 900×600 window keeps
// every navigation item visible and its badges whole; the preview asks for no file it does not have.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from './support/axe'
import { launchBrowser, openApp, signInAndUnlock, waitFor, type App, type BrowserHandle, type ScreenId } from './support/app'

/** The text of every badge whose label is cut ("DO…"), evaluated in the page. */
const CUT_BADGES = `[...document.querySelectorAll('.mantine-Badge-label')].filter((label) => label.scrollWidth > label.clientWidth + 1).map((label) => label.textContent)`

const SCREENS: readonly ScreenId[] = ['connect', 'sign-in', 'key', 'purchases', 'downloads', 'offline', 'settings']

describe('accessibility', () => {
  let browser: BrowserHandle
  let app: App
  const missing: string[] = []

  /** Blocking violations on the page as it is now, as one report (empty when none). */
  async function check(label: string): Promise<string> {
    const found = blocking(await runAxe(app.page))
    return found.length === 0 ? '' : `${label}:\n${describeViolations(found)}`
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    app = await openApp(browser.browser)
    app.page.on('response', (response) => {
      if (response.status() === 404) missing.push(new URL(response.url()).pathname)
    })
    await app.page.reload()
    await app.page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 })
  }, 180_000)

  it('has no critical or serious violations before sign-in (Connect, Sign in, Key, Purchases)', async () => {
    const report: string[] = []
    for (const screen of ['connect', 'sign-in', 'key', 'purchases'] as const) {
      await app.go(screen)
      await app.page.waitForTimeout(400)
      report.push(await check(`${screen} (signed out)`))
    }
    expect(report.filter(Boolean).join('\n\n')).toBe('')
    await signInAndUnlock(app)
    // A finished sync, so the Downloads screen has files, badges and its progress bar.
    const out = join(app.workDir, 'a11y')
    await mkdir(out)
    await app.go('purchases')
    await app.page.getByTestId('orders-table').waitFor({ timeout: 20_000 })
    app.preview.dialogs.answer('folder', out)
    await app.page.getByTestId('destination').getByRole('button', { name: /Choose|Change/ }).click()
    await waitFor(() => app.page.getByTestId('destination-path').getAttribute('data-path'), (path) => path === out)
    await app.page.getByTestId('sync-all').click()
    await waitFor(() => app.page.getByTestId('downloads-overall').getAttribute('data-complete'), (complete) => complete === 'true', 60_000)
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    await browser?.close()
  })

  for (const theme of ['light', 'dark'] as const) {
    it(`has no critical or serious violations on any screen in the ${theme} theme`, async () => {
      const { page, preview } = app
      const set = await preview.backend.dispatch('updateSettings', { theme })
      expect(set.ok).toBe(true)
      await waitFor(() => page.locator('html').getAttribute('data-mantine-color-scheme'), (scheme) => scheme === theme)
      const report: string[] = []
      for (const screen of SCREENS) {
        await app.go(screen)
        // Let lists and cards that load on arrival settle.
        await page.waitForTimeout(600)
        const found = blocking(await runAxe(page))
        if (found.length > 0) report.push(`${screen} (${theme}):\n${describeViolations(found)}`)
      }
      expect(report.join('\n\n')).toBe('')
    }, 120_000)
  }

  it('has none in the dialogs either, whose close button has a name and is not where the keyboard lands', async () => {
    const { page, preview } = app
    await preview.backend.dispatch('updateSettings', { theme: 'light' })
    await app.go('key')
    await page.getByTestId('replace-key-button').click()
    await page.getByTestId('replace-plan').waitFor({ timeout: 20_000 })
    const dialog = page.getByRole('dialog')
    expect(await dialog.getByRole('button', { name: 'Close' }).count()).toBe(1)
    expect(await page.evaluate<string | null>('document.activeElement?.getAttribute("aria-label") ?? null')).not.toBe('Close')
    // Measure the dialog as a person sees it: once its fade-in has ended (mid-transition, colours are blended
    // with the page behind and every text looks paler than it is).
    await waitFor(() => page.evaluate<string | null>(`(() => { const e = document.querySelector('.mantine-Modal-content'); return e ? getComputedStyle(e).opacity : null })()`), (opacity) => opacity === '1')
    expect(await check('replace key dialog')).toBe('')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
  })

  it('keeps every navigation item visible and its badge whole in a 900×600 window', async () => {
    const { page, preview } = app
    await preview.backend.dispatch('updateSettings', { theme: 'light' })
    await page.setViewportSize({ width: 900, height: 600 })
    try {
      await app.go('downloads')
      for (const screen of SCREENS) {
        const item = page.locator(`nav[aria-label="Main"] [data-screen="${screen}"]`)
        const box = await item.boundingBox()
        expect(box, screen).not.toBeNull()
        expect(box!.y, screen).toBeGreaterThanOrEqual(0)
        expect(box!.y + box!.height, screen).toBeLessThanOrEqual(600)
        // Nothing (the server badge, the footer) sits over the item: its centre is the item itself.
        const hit = await page.evaluate<boolean>(
          `document.elementFromPoint(${box!.x + box!.width / 2}, ${box!.y + box!.height / 2})?.closest('[data-screen]')?.getAttribute('data-screen') === ${JSON.stringify(screen)}`,
        )
        expect(hit, `${screen} is covered`).toBe(true)
      }
      // Badges show their whole text (no "DO…").
      const cut = await page.evaluate<string[]>(CUT_BADGES)
      expect(cut).toEqual([])
      await app.shot('downloads-900x600')
      await app.go('purchases')
      const cutHere = await page.evaluate<string[]>(CUT_BADGES)
      expect(cutHere).toEqual([])
      await app.shot('purchases-900x600')
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 })
    }
  })

  it('asks the preview for no file it does not have (no favicon 404)', () => {
    expect(missing).toEqual([])
  })
})

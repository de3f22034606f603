// What the person sees when the Ledger is not cooperating (locked, a signature rejected on the device, waiting
// for confirmation), and replacing the key pair with its warnings. Screenshots go to test-results/ui/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openApp, type App, type BrowserHandle } from './support/app'

describe('Ledger states and key replacement', () => {
  let browser: BrowserHandle
  let app: App

  beforeAll(async () => {
    browser = await launchBrowser()
    app = await openApp(browser.browser, { ledgerMode: 'locked' })
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    await browser?.close()
  })

  it('shows a locked Ledger with its advice, then follows it to ready', async () => {
    const { page, ledger } = app
    await expect.poll(() => page.getByTestId('ledger-state').textContent(), { timeout: 20_000 }).toBe('Locked')
    expect(await page.getByTestId('ledger-advice').textContent()).toBe('Enter your PIN on the Ledger to unlock it.')
    expect(await page.locator('[aria-label="Ledger checklist"] [aria-current="step"]').textContent()).toContain('Unlock it with your PIN')
    await app.shot('connect-ledger-locked')

    ledger.setMode('dashboard')
    await expect.poll(() => page.getByTestId('ledger-state').textContent(), { timeout: 20_000 }).toBe('Open the Ethereum app')
    expect(await page.getByTestId('ledger-advice').textContent()).toBe('Open the Ethereum app on your Ledger.')

    ledger.setMode('ready')
    await expect.poll(() => page.getByTestId('ledger-state').textContent(), { timeout: 20_000 }).toBe('Ready')
    await expect.poll(() => page.getByTestId('current-signer').getAttribute('data-kind'), { timeout: 20_000 }).toBe('ledger')
  })

  it('shows a signature rejected on the device calmly, with what to do', async () => {
    const { page, ledger } = app
    await app.go('sign-in')
    await page.getByTestId('sign-in-wallet').click()
    await page.getByTestId('account-username').waitFor({ timeout: 20_000 })

    await app.go('key')
    ledger.setMode('reject')
    await page.getByTestId('unlock-key').click()
    const notice = page.locator('[data-error-code]').first()
    await notice.waitFor({ timeout: 20_000 })
    expect(await notice.getAttribute('role')).toBe('status')
    expect(await notice.textContent()).toMatch(/rejected/i)
    expect(await notice.textContent()).toMatch(/Approve the request on your device/)
    expect(await page.getByTestId('key-lock-state').textContent()).toBe('Locked')
    await app.shot('key-signature-rejected')
  })

  it('explains a Ledger that locked itself before signing', async () => {
    const { page, ledger } = app
    ledger.setMode('locked')
    await page.getByTestId('unlock-key').click()
    const notice = page.locator('[data-error-code="LEDGER_LOCKED"]')
    await notice.waitFor({ timeout: 20_000 })
    expect(await notice.getAttribute('role')).toBe('alert')
    expect(await notice.textContent()).toContain('Enter your PIN on the Ledger')
    await expect.poll(() => page.getByTestId('header-signer').textContent(), { timeout: 20_000 }).toContain('Locked')
    await app.shot('key-ledger-locked')
  })

  it('asks to confirm on the Ledger while it waits, then unlocks', async () => {
    const { page, ledger } = app
    ledger.confirmDelayMs = 2_500
    ledger.setMode('slow')
    await expect.poll(() => page.getByTestId('header-signer').textContent(), { timeout: 20_000 }).toContain('Ready')
    await page.getByTestId('unlock-key').click()
    const prompt = page.getByTestId('confirm-on-device')
    await expect.poll(() => prompt.textContent(), { timeout: 20_000 }).toContain('Confirm on your Ledger')
    // The message the device displays, and its hash, to compare with the device's screen.
    expect(await page.getByTestId('signing-message-text').textContent()).toMatch(/^Sign this to retrieve your encryption key\.\n\nSalt:[A-Za-z0-9+/]{43}=$/)
    expect(await page.getByTestId('signing-message-hash').textContent()).toMatch(/^0x[0-9a-f]{64}$/)
    await app.shot('key-confirm-on-ledger')
    await expect.poll(() => page.getByTestId('key-lock-state').textContent(), { timeout: 20_000 }).toBe('Unlocked')
    ledger.confirmDelayMs = undefined
    ledger.setMode('ready')
  })

  it('replaces the key pair only after showing which orders follow the new key, and keeps the old one', async () => {
    const { page } = app
    const oldKey = await page.getByTestId('public-key').first().getAttribute('data-value')
    await page.getByTestId('replace-key-button').click()
    const plan = page.getByTestId('replace-plan')
    await plan.waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('replace-warnings').textContent()).toContain('re-keys only confirmed orders that cover the current selling round')
    const follow = page.getByTestId('follow-new-key')
    const stay = page.getByTestId('stay-on-old-key')
    expect(Number(await follow.getAttribute('data-count'))).toBeGreaterThan(0)
    expect(await follow.textContent()).toContain('demo-alpha')
    // Order 103 (rounds 521-522) has not started; order 104 is pending: both stay on the old key.
    expect(await stay.locator('[data-order-id="103"]').textContent()).toContain('rounds not started yet')
    expect(await stay.locator('[data-order-id="104"]').textContent()).toContain('pending payment')
    expect(await page.getByTestId('keyring-note').textContent()).toContain('local keyring')
    const confirm = page.getByTestId('replace-confirm')
    expect(await confirm.isDisabled()).toBe(true)
    await app.shot('key-replace')

    await page.getByTestId('replace-confirm-checkbox').check()
    expect(await confirm.isDisabled()).toBe(false)
    await confirm.click()
    await plan.waitFor({ state: 'detached', timeout: 30_000 })
    await expect.poll(() => page.getByTestId('public-key').first().getAttribute('data-value'), { timeout: 20_000 }).not.toBe(oldKey)
    await expect.poll(() => page.getByTestId('keyring-size').textContent()).toMatch(/^1 key/)

    // The order that stayed on the old key is still readable, through the keyring.
    await app.go('purchases')
    await page.getByTestId('orders-state-filter').getByText('Upcoming', { exact: true }).click()
    const upcoming = page.locator('[data-testid="order-row"][data-order-id="103"]')
    await expect.poll(() => upcoming.getByTestId('order-key-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('keyring')
    await page.getByTestId('orders-state-filter').getByText('Active', { exact: true }).click()
    const active = page.locator('[data-testid="order-row"][data-order-id="101"]')
    expect(await active.getByTestId('order-key-status').getAttribute('data-status')).toBe('current')
  })

  it('fits a small window: navigation in a drawer, tables scroll', async () => {
    const { page } = app
    await page.setViewportSize({ width: 760, height: 560 })
    expect(await page.getByRole('button', { name: 'Open navigation' }).isVisible()).toBe(true)
    await app.go('key')
    expect(await page.getByTestId('key-lock-state').textContent()).toBe('Unlocked')
    await app.shot('key-small-window')
    await app.go('purchases')
    await app.shot('purchases-small-window')
    await page.setViewportSize({ width: 1280, height: 800 })
  })
})

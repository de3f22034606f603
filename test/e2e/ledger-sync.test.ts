// The main journey through the real UI: connect the (emulated) Ledger, the account is picked, sign in, unlock,
// sync every active purchase, check the files on disk by SHA-256; export the key file and decrypt offline with
// it. Screenshots of every screen go to test-results/ui/.
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import sodium from 'libsodium-wrappers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ADDRESS } from '../helpers/demo-server'
import { launchBrowser, openApp, type App, type BrowserHandle } from './support/app'
import { expectedDemoSyncHashes, hashTree, sha256 } from './support/files'

describe('Ledger journey: connect, sign in, unlock, sync, export, offline decrypt', () => {
  let browser: BrowserHandle
  let app: App

  beforeAll(async () => {
    browser = await launchBrowser()
    app = await openApp(browser.browser)
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    await browser?.close()
  })

  it('connects the Ledger and picks its first Ledger Live account', async () => {
    const { page } = app
    await expect.poll(() => page.getByTestId('ledger-state').textContent(), { timeout: 20_000 }).toBe('Ready')
    const current = page.getByTestId('current-signer')
    await expect.poll(() => current.getAttribute('data-kind'), { timeout: 20_000 }).toBe('ledger')
    expect(await page.getByTestId('current-signer-label').textContent()).toContain("44'/60'/0'/0/0")
    expect(await current.locator(`[data-address="${DEMO_ADDRESS}"]`).count()).toBe(1)
    expect(await page.locator('[data-testid="ledger-account"][data-path="44\'/60\'/0\'/0/0"] input[type="radio"]').isChecked()).toBe(true)
    await app.shot('connect-ledger', { fullPage: true })
  })

  it('signs in with the Ledger and then recognises the account as the NumerBay one', async () => {
    const { page } = app
    await app.go('sign-in')
    await app.shot('sign-in')
    await page.getByTestId('sign-in-wallet').click()
    await page.getByTestId('account-username').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('account-username').textContent()).toBe('demo-buyer')
    expect(await page.getByTestId('key-scheme').getAttribute('data-scheme')).toBe('v2')
    await app.shot('signed-in')

    await app.go('connect')
    await page.getByTestId('ledger-matched').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('ledger-matched').textContent()).toContain("44'/60'/0'/0/0")
    expect(await page.getByTestId('header-account').textContent()).toContain('demo-buyer')
  })

  it('unlocks the key with a signature on the Ledger, showing the auto-lock countdown', async () => {
    const { page } = app
    await app.go('key')
    expect(await page.getByTestId('key-lock-state').textContent()).toBe('Locked')
    await app.shot('key-locked')
    await page.getByTestId('unlock-key').click()
    await expect.poll(() => page.getByTestId('key-lock-state').textContent(), { timeout: 20_000 }).toBe('Unlocked')
    expect(await page.getByTestId('header-key').getAttribute('data-locked')).toBe('false')
    expect(await page.getByTestId('auto-lock-countdown').first().textContent()).toMatch(/locks in 1[45]:\d\d/)
    await app.shot('key-unlocked')
  })

  it('syncs every active purchase and writes exactly the expected plaintexts', async () => {
    const { page, preview } = app
    const out = join(app.workDir, 'downloads')
    await mkdir(out)
    await app.go('purchases')
    await page.getByTestId('orders-table').waitFor({ timeout: 20_000 })
    const rows = page.getByTestId('order-row')
    expect(await rows.count()).toBe(5)
    expect(await page.getByTestId('order-product').allTextContents()).toEqual(expect.arrayContaining(['demo-alpha', 'demo-beta', 'demo-open', 'demo-signals', 'demo-dataset']))
    // Past, pending and upcoming orders are one click away.
    await page.getByTestId('orders-state-filter').getByText('All', { exact: true }).click()
    await expect.poll(() => rows.count()).toBeGreaterThan(5)
    await page.getByTestId('orders-state-filter').getByText('Active', { exact: true }).click()
    await page.locator('[data-testid="order-row"]', { hasText: 'demo-alpha' }).getByRole('button', { name: /Show files/ }).click()
    await page.getByTestId('artifact-list').waitFor()
    expect(await page.getByTestId('artifact-list').textContent()).toContain('sent directly to Numerai')
    await app.shot('purchases', { fullPage: true })

    preview.dialogs.answer('folder', out)
    await page.getByTestId('destination').getByRole('button', { name: /Choose/ }).click()
    await expect.poll(() => page.getByTestId('destination-path').getAttribute('data-path')).toBe(out)

    await page.getByTestId('sync-all').click()
    await page.locator('[data-screen-view="downloads"]').waitFor()
    const overall = page.getByTestId('downloads-overall')
    await expect.poll(() => overall.getAttribute('data-complete'), { timeout: 60_000 }).toBe('true')
    expect(await page.getByTestId('downloads-headline').textContent()).toBe('All files are ready')
    await app.shot('downloads', { fullPage: true })

    const expected = await expectedDemoSyncHashes()
    const onDisk = await hashTree(out)
    expect(expected.size).toBe(5)
    expect([...onDisk.values()].sort()).toEqual([...expected.values()].sort())
    const doneCount = await page.locator('[data-testid="download-file"][data-state="done"]').count()
    expect(doneCount).toBe(expected.size)
    await page.getByTestId('open-folder').click()
    await expect.poll(() => preview.opened.folders).toContain(out)
  })

  it('exports numerbay.json through the save dialog and decrypts a sealed file offline with it', async () => {
    const { page, preview } = app
    const keyPath = join(app.workDir, 'numerbay.json')
    await app.go('key')
    expect(await page.getByTestId('export-key').textContent()).toContain('NUMERBAY_KEY_PATH')
    preview.dialogs.answer('save', keyPath)
    await page.getByTestId('export-key-button').click()
    await page.getByTestId('export-result').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('export-result').textContent()).toContain(keyPath)
    const keyFile = JSON.parse(await readFile(keyPath, 'utf8')) as { public_key: string; private_key: string }
    expect(Object.keys(keyFile).sort()).toEqual(['private_key', 'public_key'])
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600)
    expect(await page.getByTestId('public-key').first().getAttribute('data-value')).toBe(keyFile.public_key)

    // A file sealed by libsodium to the exported public key, as a seller would upload it.
    await sodium.ready
    const plaintext = 'id,prediction\nn0003aa52cab36c2,0.25\n'.repeat(200)
    const sealed = sodium.crypto_box_seal(Buffer.from(plaintext), sodium.from_base64(keyFile.public_key, sodium.base64_variants.ORIGINAL))
    const inbox = join(app.workDir, 'inbox')
    const decrypted = join(app.workDir, 'decrypted')
    await mkdir(inbox)
    await mkdir(decrypted)
    await writeFile(join(inbox, 'offline_live.csv'), sealed)
    await writeFile(join(inbox, 'not_for_me.csv'), Buffer.from('not a sealed file, just text that is long enough to look like one'))

    await app.go('offline')
    await page.getByTestId('decrypt-key-source').getByText('Key file', { exact: true }).click()
    preview.dialogs.answer('files', [keyPath])
    await page.getByTestId('decrypt-key-file').getByRole('button', { name: /Choose/ }).click()
    preview.dialogs.answer('files', [join(inbox, 'offline_live.csv'), join(inbox, 'not_for_me.csv')])
    await page.getByTestId('choose-files').click()
    preview.dialogs.answer('folder', decrypted)
    await page.getByTestId('decrypt-output').getByRole('button', { name: /Choose/ }).click()
    await expect.poll(() => page.getByTestId('decrypt-inputs').locator('[data-path]').count()).toBe(2)
    await page.getByTestId('decrypt-start').click()
    await page.getByTestId('decrypt-results').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('decrypt-succeeded').textContent()).toBe('1 decrypted')
    expect(await page.getByTestId('decrypt-failed').textContent()).toBe('1 failed')
    expect(sha256(await readFile(join(decrypted, 'offline_live.csv')))).toBe(sha256(plaintext))
    await app.shot('offline-decrypt', { fullPage: true })
  })

  it('changes auto-lock in settings, and switches to the dark theme', async () => {
    const { page } = app
    await app.go('settings')
    expect(await page.getByTestId('settings-api-url').inputValue()).toBe(app.preview.apiUrl)
    await app.shot('settings', { fullPage: true })
    const autoLock = page.getByTestId('settings-auto-lock')
    await autoLock.fill('5')
    await page.getByRole('button', { name: 'Save auto-lock' }).click()
    await app.go('key')
    await expect.poll(() => page.getByTestId('auto-lock-setting').textContent()).toBe('After 5 min idle')
    await app.go('settings')
    await page.getByTestId('settings-theme').getByText('Dark').click()
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark')
    await app.shot('settings-dark', { fullPage: true })
    await app.go('downloads')
    await app.shot('downloads-dark', { fullPage: true })
    await app.go('settings')
    await page.getByTestId('settings-theme').getByText('Light').click()
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('light')
  })

  it('runs the diagnostics from Settings: the Ledger the app holds, the demo API, and free space against the next sync', async () => {
    const { page } = app
    await app.go('settings')
    const card = page.getByTestId('diagnostics')
    expect(await card.getByTestId('support-notice').textContent()).toContain('never asks for your private key')
    await card.getByTestId('run-diagnostics').click()
    await card.getByTestId('diagnostics-counts').waitFor({ timeout: 30_000 })
    const status = (id: string) => card.locator(`[data-check="${id}"]`).getAttribute('data-status')
    expect(await card.locator('[data-check]').count()).toBe(14)
    // The app's own Ledger connection answers: not "held by another program".
    expect(await status('ledger')).toBe('ok')
    expect(await status('ethereum-app')).toBe('ok')
    expect(await status('api')).toBe('ok')
    expect(await status('clock')).toBe('ok')
    expect(await status('data-folder')).toBe('ok')
    // Signed in, with the download folder of the sync above: the next sync's size is known.
    expect(await card.locator('[data-check="free-space"]').textContent()).toMatch(/The next sync fetches/)
    await app.shot('settings-diagnostics', { fullPage: true })
  })
})

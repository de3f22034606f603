// A phone wallet over WalletConnect through the real UI: the test reads the pairing link from the page (the copy
// field), the test wallet (a wallet-side SignClient on the local relay) scans it and approves; then sign-in and
// unlock are approved on the "phone", a rejection is shown calmly, and disconnect clears the signer.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sodium from 'libsodium-wrappers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../fixtures/walletconnect/relay'
import { startTestWallet, type TestWallet } from '../fixtures/walletconnect/wallet'
import { DEMO_ADDRESS, DEMO_LEGACY_PRIVATE_KEY, DEMO_WALLET_KEY } from '../helpers/demo-server'
import { launchBrowser, openApp, type App, type BrowserHandle } from './support/app'

describe('WalletConnect pairing and signing from the UI', () => {
  let browser: BrowserHandle
  let relay: TestRelay
  let app: App
  let wallet: TestWallet

  beforeAll(async () => {
    relay = await startTestRelay()
    browser = await launchBrowser()
    app = await openApp(browser.browser, { walletConnectRelayUrl: relay.url, ledgerUnplugged: true })
    wallet = await startTestWallet({ relayUrl: relay.url, privateKey: DEMO_WALLET_KEY, name: 'NumerBay Test Wallet' })
  }, 120_000)

  afterAll(async () => {
    await wallet?.close()
    await app?.close()
    await browser?.close()
    await relay?.close()
  })

  it('shows the QR code and the pairing link, and connects when the wallet scans it', async () => {
    const { page } = app
    await expect.poll(() => page.getByTestId('ledger-state').textContent(), { timeout: 20_000 }).toBe('No Ledger')
    await app.shot('connect-no-ledger')
    await page.getByRole('tab', { name: 'Phone wallet' }).click()
    await page.getByTestId('walletconnect-pair').click()
    const link = page.getByTestId('walletconnect-uri')
    await link.waitFor({ timeout: 20_000 })
    const uri = await link.inputValue()
    expect(uri).toMatch(/^wc:[0-9a-f]{64}@2\?/)
    expect(await page.getByRole('img', { name: /WalletConnect pairing QR code/ }).getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    expect(await page.getByTestId('walletconnect-countdown').textContent()).toMatch(/A new code replaces this one in [45]:\d\d/)
    await app.shot('connect-walletconnect-qr')

    await wallet.pair(uri)
    const session = page.getByTestId('walletconnect-session')
    await session.waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('walletconnect-wallet-name').textContent()).toBe('NumerBay Test Wallet')
    expect(await session.locator(`[data-address="${DEMO_ADDRESS}"]`).count()).toBe(1)
    await expect.poll(() => page.getByTestId('current-signer').getAttribute('data-kind'), { timeout: 20_000 }).toBe('walletconnect')
    await app.shot('connect-walletconnect-connected')
  })

  it('signs in and unlocks with approvals on the phone', async () => {
    const { page } = app
    await app.go('sign-in')
    expect(await page.getByTestId('sign-in-wallet').textContent()).toBe('Sign in with phone wallet')
    await page.getByTestId('sign-in-wallet').click()
    await page.getByTestId('account-username').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('account-username').textContent()).toBe('demo-buyer')

    await app.go('key')
    await page.getByTestId('unlock-key').click()
    await expect.poll(() => page.getByTestId('key-lock-state').textContent(), { timeout: 30_000 }).toBe('Unlocked')
    expect(wallet.requests.filter((request) => request.method === 'personal_sign').length).toBe(2)
  })

  it('shows a rejection on the phone calmly', async () => {
    const { page } = app
    await page.getByTestId('lock-key').click()
    await expect.poll(() => page.getByTestId('key-lock-state').textContent()).toBe('Locked')
    wallet.mode = 'reject-request'
    await page.getByTestId('unlock-key').click()
    const notice = page.locator('[data-error-code]').first()
    await notice.waitFor({ timeout: 30_000 })
    expect(await notice.getAttribute('role')).toBe('status')
    expect(await notice.textContent()).toMatch(/reject/i)
    expect(await page.getByTestId('key-lock-state').textContent()).toBe('Locked')
    await app.shot('key-walletconnect-rejected')
    wallet.mode = 'approve'
  })

  it('Cancel while the phone has not answered ends the wait at once; the late approval unlocks nothing', async () => {
    const { page } = app
    expect(await page.getByTestId('key-lock-state').textContent()).toBe('Locked')
    wallet.mode = 'slow' // answers (approves) 3 s after the request reaches it
    const before = wallet.requests.length
    await page.getByTestId('unlock-key').click()
    const prompt = page.getByTestId('confirm-on-device')
    await prompt.waitFor({ timeout: 20_000 })
    await expect.poll(() => wallet.requests.length, { timeout: 20_000 }).toBe(before + 1)
    await page.getByTestId('cancel-signing').click()
    await prompt.waitFor({ state: 'detached', timeout: 10_000 })
    // A cancel is the person's choice: nothing is shown as an error.
    expect(await page.locator('[data-error-code]:not([data-error-code="CANCELLED"])').count()).toBe(0)
    // The phone's approval arrives after the cancel and is dropped (had the cancel not ended the wait, it would
    // have unlocked the key).
    await new Promise((resolve) => setTimeout(resolve, 4_000))
    expect(await page.getByTestId('key-lock-state').textContent()).toBe('Locked')
    wallet.mode = 'approve'
    await page.getByTestId('unlock-key').click()
    await expect.poll(() => page.getByTestId('key-lock-state').textContent(), { timeout: 30_000 }).toBe('Unlocked')
    await page.getByTestId('lock-key').click()
  })

  it('disconnects the wallet, which clears the signer', async () => {
    const { page } = app
    await app.go('connect')
    await page.getByRole('tab', { name: 'Phone wallet' }).click()
    await page.getByTestId('walletconnect-session').getByRole('button', { name: 'Disconnect' }).click()
    await expect.poll(() => page.getByTestId('walletconnect').getAttribute('data-state'), { timeout: 20_000 }).toBe('idle')
    await expect.poll(() => page.getByTestId('current-signer').getAttribute('data-kind'), { timeout: 20_000 }).toBe('none')
  })

  it('signs in with a password, refusing a wrong one, explains a legacy key and imports its key file', async () => {
    const { page } = app
    await app.go('sign-in')
    await page.getByRole('button', { name: 'Sign out' }).click()
    const form = page.getByTestId('password-sign-in')
    await form.waitFor()
    await form.getByRole('textbox', { name: 'Username' }).fill('legacy-buyer')
    await form.locator('input[type="password"]').fill('not-the-password')
    await page.getByTestId('sign-in-password').click()
    const refused = form.locator('[data-error-code]')
    await refused.waitFor({ timeout: 20_000 })
    expect(await refused.getAttribute('role')).toBe('alert')
    expect(await refused.textContent()).toContain('did not accept the sign-in')

    await form.locator('input[type="password"]').fill('legacy-password')
    await page.getByTestId('sign-in-password').click()
    await page.getByTestId('account-username').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('account-username').textContent()).toBe('legacy-buyer')
    expect(await page.getByTestId('key-scheme').getAttribute('data-scheme')).toBe('legacy')
    await app.go('key')
    expect(await page.getByTestId('legacy-key-note').textContent()).toContain('import that numerbay.json')
    expect(await page.getByTestId('key-lock-state').textContent()).toBe('Legacy key')
    expect(await page.getByTestId('unlock-key').count()).toBe(0)
    await app.shot('key-legacy')

    // The legacy key exported long ago on numerbay.ai, imported back.
    await sodium.ready
    const privateKey = sodium.from_base64(DEMO_LEGACY_PRIVATE_KEY, sodium.base64_variants.ORIGINAL)
    const publicKey = sodium.to_base64(sodium.crypto_scalarmult_base(privateKey), sodium.base64_variants.ORIGINAL)
    const keyPath = join(app.workDir, 'legacy-numerbay.json')
    await writeFile(keyPath, JSON.stringify({ public_key: publicKey, private_key: DEMO_LEGACY_PRIVATE_KEY }), { mode: 0o600 })
    app.preview.dialogs.answer('files', [keyPath])
    await page.getByTestId('import-key-button').click()
    const imported = page.getByTestId('import-result')
    await imported.waitFor({ timeout: 20_000 })
    expect(await imported.textContent()).toContain('Your legacy key was imported')
    expect(await imported.textContent()).toContain('1 order is sealed to it')
  })
})

// A phone wallet over WalletConnect through the real UI: the test reads the pairing link from the page (the copy
// field), the test wallet (a wallet-side SignClient on the local relay) scans it and approves; then sign-in and
// unlock are approved on the "phone", a rejection is shown calmly, and disconnect clears the signer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../fixtures/walletconnect/relay'
import { startTestWallet, type TestWallet } from '../fixtures/walletconnect/wallet'
import { DEMO_ADDRESS, DEMO_WALLET_KEY } from '../helpers/sandbox'
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

  it('disconnects the wallet, which clears the signer', async () => {
    const { page } = app
    await app.go('connect')
    await page.getByRole('tab', { name: 'Phone wallet' }).click()
    await page.getByTestId('walletconnect-session').getByRole('button', { name: 'Disconnect' }).click()
    await expect.poll(() => page.getByTestId('walletconnect').getAttribute('data-state'), { timeout: 20_000 }).toBe('idle')
    await expect.poll(() => page.getByTestId('current-signer').getAttribute('data-kind'), { timeout: 20_000 }).toBe('none')
  })
})

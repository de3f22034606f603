// End-to-end harness: the real backend and renderer through the browser preview bridge, the demo server,
// the Ledger emulator (held here so tests can lock it or make it reject), and the system's Chromium driven by
// playwright-core as a library.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createDefaultServices } from '../../../src/main/desktop/services'
import type { ServiceFactories } from '../../../src/main/desktop/services'
import type { LedgerPort } from '../../../src/main/desktop/ports'
import { ledgerPortOver } from '../../../src/main/desktop/adapters/ledger'
import { startPreview, HARDHAT_MNEMONIC, type PreviewHandle } from '../../../src/main/preview'
import { createLedgerDeviceManager } from '../../../src/main/signers/ledger'
import type { DemoServerHandle } from '../../../src/demo-server'
import { chromiumPath } from '../../helpers/system-deps'
import { createEmulatedLedger, createEmulatorBackend, type EmulatedLedger, type EmulatorMode } from '../../fixtures/ledger-emulator'

/** The renderer's screens (src/renderer/src/app/screens.ts; the renderer is outside this TS project). */
export type ScreenId = 'connect' | 'sign-in' | 'key' | 'purchases' | 'downloads' | 'offline' | 'settings'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Where screenshots go (listed in docs/contributing/development.md, "Screenshots"). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'ui')

export interface BrowserHandle {
  readonly browser: Browser
  close(): Promise<void>
}

/** One chromium per test file. Playwright gives every launch a fresh temporary profile (user data dir). */
export async function launchBrowser(): Promise<BrowserHandle> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined)
    },
  }
}

export interface AppOptions {
  /** The emulated Ledger's starting mode (default ready). */
  readonly ledgerMode?: EmulatorMode
  /** Start with the Ledger unplugged (a phone-wallet user); `ledger.plug()` is not needed by any test yet. */
  readonly ledgerUnplugged?: boolean
  /** A WalletConnect relay (the test relay); without it WalletConnect is not configured. */
  readonly walletConnectRelayUrl?: string
  readonly viewport?: { readonly width: number; readonly height: number }
  /** Use a demo server this test controls (faults, tampering) instead of the preview's own. */
  readonly demo?: DemoServerHandle
  /** With `demo`: its wallet key, so the Connect screen's demo wallet signs for that server. */
  readonly demoPrivateKey?: string
  /** The time between watch checks ("Keep this folder in sync"); the app's default is 2 minutes. */
  readonly watchIntervalMs?: number
}

export interface App {
  readonly page: Page
  readonly preview: PreviewHandle
  readonly ledger: EmulatedLedger
  /** A scratch folder for this app (downloads, exports, decrypt outputs). */
  readonly workDir: string
  /** Clicks a screen in the side navigation and waits for it. */
  go(screen: ScreenId): Promise<void>
  /** Saves test-results/ui/<name>.png (the viewport, or the whole page). */
  shot(name: string, options?: { fullPage?: boolean }): Promise<string>
  close(): Promise<void>
}

/** A Ledger port over an emulator this test holds, polling fast so mode changes show within a second. */
function emulatedLedgerPort(ledger: EmulatedLedger): () => Promise<LedgerPort> {
  return async () =>
    ledgerPortOver(createLedgerDeviceManager({ backend: createEmulatorBackend(ledger), pollReadyMs: 1_000, pollWaitingMs: 300, graceMs: 1_000 }))
}

/** Starts the preview (demo with the demo seed, emulated Ledger) and opens the app in a new page. */
export async function openApp(browser: Browser, options: AppOptions = {}): Promise<App> {
  const workDir = await mkdtemp(join(tmpdir(), 'numerbay-e2e-'))
  const dataDir = join(workDir, 'data')
  await mkdir(dataDir, { mode: 0o700 })
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.NUMERBAY_LEDGER_TRANSPORT
  if (options.walletConnectRelayUrl) env.NUMERBAY_WC_RELAY_URL = options.walletConnectRelayUrl
  const ledger = createEmulatedLedger({ mnemonic: HARDHAT_MNEMONIC, mode: options.ledgerMode ?? 'ready', reenumerateMs: 50 })
  if (options.ledgerUnplugged) ledger.unplug()
  const services: ServiceFactories = { ...createDefaultServices({ dataDir, ...(options.walletConnectRelayUrl ? { walletConnect: { relayUrl: options.walletConnectRelayUrl } } : {}) }), ledger: emulatedLedgerPort(ledger) }
  const preview = await startPreview({
    ...(options.demo ? { apiUrl: options.demo.apiUrl, ...(options.demoPrivateKey ? { demoPrivateKey: options.demoPrivateKey } : {}) } : { demo: true }),
    ...(options.watchIntervalMs !== undefined ? { watchIntervalMs: options.watchIntervalMs } : {}),
    dataDir,
    env,
    services,
    ...(options.walletConnectRelayUrl ? { walletConnectRelayUrl: options.walletConnectRelayUrl } : {}),
  })
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } })
  // Fail a step with the locator that did not show up, well before the test's own timeout.
  page.setDefaultTimeout(10_000)
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  // The first load compiles the renderer in Vite's dev server: allow it time once.
  await page.goto(preview.url, { timeout: 90_000 })
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 })

  return {
    page,
    preview,
    ledger,
    workDir,
    async go(screen) {
      const link = page.locator(`nav[aria-label="Main"] [data-screen="${screen}"]`)
      // In a narrow window the navigation is a drawer behind the burger button.
      const burger = page.getByRole('button', { name: 'Open navigation' })
      if (await burger.isVisible()) await burger.click()
      await link.click()
      await page.locator(`[data-screen-view="${screen}"]`).waitFor()
    },
    async shot(name, shotOptions = {}) {
      await mkdir(SCREENSHOT_DIR, { recursive: true })
      const path = join(SCREENSHOT_DIR, `${name}.png`)
      // Let transitions and countdowns settle so the picture shows a steady state.
      await page.waitForTimeout(250)
      if (!shotOptions.fullPage) {
        await page.screenshot({ path, animations: 'disabled' })
        return path
      }
      // Playwright's fullPage capture draws the app's fixed header wherever the page was scrolled to; a viewport as
      // tall as the page renders it as a person would see it on a tall screen.
      const viewport = page.viewportSize()
      await page.evaluate('window.scrollTo(0, 0)')
      const height = await page.evaluate<number>('document.documentElement.scrollHeight')
      if (viewport) await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) })
      try {
        await page.waitForTimeout(150)
        await page.screenshot({ path, animations: 'disabled' })
      } finally {
        if (viewport) await page.setViewportSize(viewport)
      }
      return path
    },
    async close() {
      await page.close().catch(() => undefined)
      await preview.close()
      await rm(workDir, { recursive: true, force: true })
      if (problems.length > 0) throw new Error(`page errors: ${problems.join('; ')}`)
    },
  }
}

/** Connect the emulated Ledger (its first account is picked), sign in with it and unlock the key. */
export async function signInAndUnlock(app: App): Promise<void> {
  const { page } = app
  await app.go('connect')
  await waitFor(() => page.getByTestId('current-signer').getAttribute('data-kind'), (kind) => kind === 'ledger')
  await app.go('sign-in')
  await page.getByTestId('sign-in-wallet').click()
  await page.getByTestId('account-username').waitFor({ timeout: 20_000 })
  await app.go('key')
  await page.getByTestId('unlock-key').click()
  await waitFor(() => page.getByTestId('key-lock-state').textContent(), (text) => text === 'Unlocked')
}

/** Polls `read` until `done` holds (20 s at most). */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

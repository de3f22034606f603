// The real desktop app in Electron, driven by Playwright's _electron: the window is sandboxed with context
// isolation, the renderer is served with the CSP header, an IPC round trip works through the real preload, a
// demo-server sync completes through the real main process with the decrypt workers running (from inside
// app.asar when a packaged `--dir` build exists in release/), and the app quits within 5 s.
//
// Runs only through `npm run test:electron` (scripts/test-electron.mjs), which passes the Electron binary in
// NUMERBAY_ELECTRON_BINARY and skips the tier with one line when there is none.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RENDERER_CSP } from '../../src/shared/csp'
import { MANIFEST_FILE_NAME, type Manifest } from '../../src/shared/downloads'
import { cleanEnv, repoRoot } from '../helpers/cli'

const version = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version

/** app.asar of a packaged `--dir` build of this version (`npx electron-builder --dir`), if there is one. */
function packagedAsar(): string | null {
  const release = join(repoRoot, 'release', version)
  if (!existsSync(release)) return null
  for (const entry of readdirSync(release)) {
    const candidates = [join(release, entry, 'resources', 'app.asar')]
    if (existsSync(join(release, entry)) && entry.startsWith('mac')) {
      for (const bundle of readdirSync(join(release, entry))) candidates.push(join(release, entry, bundle, 'Contents', 'Resources', 'app.asar'))
    }
    const found = candidates.find((candidate) => existsSync(candidate))
    if (found) return found
  }
  return null
}

type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }

describe('the desktop app in Electron', () => {
  let dir: string
  let electronApp: ElectronApplication
  let page: Page
  const asar = packagedAsar()

  beforeAll(async () => {
    const binary = process.env.NUMERBAY_ELECTRON_BINARY
    if (!binary) throw new Error('Run this tier with npm run test:electron (it finds the Electron binary).')
    if (!asar && !existsSync(join(repoRoot, 'out', 'main', 'index.js'))) execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' })
    dir = await mkdtemp(join(tmpdir(), 'numerbay-electron-'))
    const env: Record<string, string> = {}
    for (const [name, value] of Object.entries(cleanEnv({ NUMERBAY_DATA_DIR: join(dir, 'data'), NUMERBAY_LOG_LEVEL: 'debug' }))) {
      // The built renderer over app://, never a dev server; Electron as itself, never as plain Node.
      if (value !== undefined && name !== 'ELECTRON_RENDERER_URL' && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value
    }
    // Chromium refuses to start as root with its OS sandbox; the renderer keeps Electron's sandbox either way.
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : []
    electronApp = await _electron.launch({
      executablePath: binary,
      args: [asar ?? repoRoot, `--user-data-dir=${join(dir, 'chromium')}`, ...rootArgs],
      env,
      timeout: 60_000,
    })
    page = await electronApp.firstWindow()
    await page.waitForLoadState('domcontentloaded')
  })

  afterAll(async () => {
    if (electronApp?.process().exitCode === null) await electronApp.close().catch(() => undefined)
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('loads the renderer from app:// in a sandboxed window with context isolation and no Node', async () => {
    expect(page.url()).toBe('app://numerbay/index.html')
    // Electron gives no read-back of webPreferences: check what they do. app.enableSandbox() puts every renderer in
    // the sandbox (the --enable-sandbox switch), and the OS reports the tab process sandboxed on macOS and Windows.
    const main = await electronApp.evaluate(({ app, BrowserWindow }) => ({
      windows: BrowserWindow.getAllWindows().length,
      sandboxAll: app.commandLine.hasSwitch('enable-sandbox'),
      tabsSandboxed: app.getAppMetrics().filter((metric) => metric.type === 'Tab').map((metric) => metric.sandboxed ?? null),
    }))
    expect(main).toMatchObject({ windows: 1, sandboxAll: true })
    if (process.platform !== 'linux' && process.getuid?.() !== 0) expect(main.tabsSandboxed.every((sandboxed) => sandboxed === true)).toBe(true)
    // No Node in the page; the API exists only because contextBridge exposed it, which requires context isolation.
    // Page code as strings: this file is type-checked without the DOM library.
    expect(await page.evaluate('[typeof window.require, typeof window.process, typeof window.numerbay, typeof window.numerbay.getAppInfo]')).toEqual([
      'undefined',
      'undefined',
      'object',
      'function',
    ])
    if (asar) expect(await electronApp.evaluate(({ app }) => app.getAppPath())).toBe(asar)
  })

  it('serves the renderer with the Content-Security-Policy header, and the policy is live', async () => {
    const header = await page.evaluate("fetch('app://numerbay/index.html').then((response) => response.headers.get('content-security-policy'))")
    expect(header).toBe(RENDERER_CSP)
    await page.evaluate("{ const script = document.createElement('script'); script.textContent = 'window.inlineRan = true'; document.head.append(script) }")
    expect(await page.evaluate('window.inlineRan === true')).toBe(false)
  })

  it('answers an IPC round trip through the preload', async () => {
    const info = (await page.evaluate('window.numerbay.getAppInfo()')) as ApiResult<{ shell: string; version: string; dataDir: string }>
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron', version, dataDir: join(dir, 'data') } })
    const refused = (await page.evaluate("window.numerbay.openExternal({ url: 'https://example.com/' })")) as ApiResult
    expect(refused).toMatchObject({ ok: false, error: { code: 'EXTERNAL_LINK_BLOCKED' } })
  })

  it('syncs the demo purchases through the real main process, decrypted by the worker pool', async () => {
    const out = join(dir, 'purchases')
    const steps = (await page.evaluate(`(async () => {
      const api = window.numerbay
      const results = []
      results.push(await api.startDemoServer())
      results.push(await api.useDemoSigner())
      results.push(await api.signInWithWallet())
      results.push(await api.unlockKey())
      results.push(await api.startDownloads({ scope: 'active', destination: ${JSON.stringify(out)} }))
      return results
    })()`)) as ApiResult[]
    for (const step of steps) expect(step, JSON.stringify(step)).toMatchObject({ ok: true })

    type Snapshot = { running: boolean; summary: { complete: boolean; done: number; failed: number } | null }
    let snapshot: Snapshot | null = null
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      const result = (await page.evaluate('window.numerbay.getDownloads()')) as ApiResult<Snapshot>
      if (result.ok && !result.value.running && result.value.summary) {
        snapshot = result.value
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(snapshot?.summary).toMatchObject({ complete: true, failed: 0 })
    expect(snapshot!.summary!.done).toBeGreaterThan(0)

    // Every file on disk is the plaintext the workers verified (the sync record holds their SHA-256).
    const manifest = JSON.parse(await readFile(join(out, MANIFEST_FILE_NAME), 'utf8')) as Manifest
    const done = Object.values(manifest.entries).filter((entry) => entry.state === 'done')
    expect(done.length).toBe(snapshot!.summary!.done)
    expect(done.some((entry) => entry.sealed)).toBe(true)
    for (const entry of done) {
      const bytes = await readFile(join(out, entry.relativePath))
      expect(createHash('sha256').update(bytes).digest('hex'), entry.relativePath).toBe(entry.sha256)
    }

    const log = await readFile(join(dir, 'data', 'logs', 'app.log'), 'utf8')
    expect(log).toContain('"event":"sign-in"')
    expect(log).toContain('"event":"sync-finished"')
  })

  it('quits within 5 s, cleanly', async () => {
    const started = Date.now()
    await electronApp.close()
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(electronApp.process().exitCode).toBe(0)
  })
})

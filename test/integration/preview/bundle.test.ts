// The production build (what the packaged app ships): the renderer has the strict CSP and none of the
// preview bridge; the preload is one sandbox-ready CommonJS file that requires only electron; the main bundle
// parses as an ES module.
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium } from 'playwright-core'
import { RENDERER_CSP } from '../../../src/shared/csp'
import { startPreview } from '../../../src/main/preview'
import { chromiumPath } from '../../helpers/system-deps'
import { PREVIEW_BRIDGE_PATH, PREVIEW_CLIENT_PATH } from '../../../src/shared/ipc/preview-protocol'

const run = promisify(execFile)
const root = new URL('../../../', import.meta.url).pathname
let out: string

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

beforeAll(async () => {
  // Inside the checkout (.tmp is git-ignored) so the main bundle resolves its external dependencies.
  await mkdir(join(root, '.tmp'), { recursive: true })
  out = await mkdtemp(join(root, '.tmp', 'shell-bundle-'))
  await run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out], { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
}, 240_000)

afterAll(() => rm(out, { recursive: true, force: true }))

describe('production bundle', () => {
  it('renderer: strict CSP meta matching the header, and no preview bridge code', async () => {
    const html = await readFile(join(out, 'renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    const directives = meta!.split(';').map((part) => part.trim())
    const header = RENDERER_CSP.split(';').map((part) => part.trim())
    // The meta repeats the header (frame-ancestors only works as a header).
    expect(directives).toEqual(header.filter((directive) => !directive.startsWith('frame-ancestors')))
    expect(meta).not.toContain('unsafe-eval')
    const files = await filesUnder(join(out, 'renderer'))
    expect(files.some((file) => file.endsWith('.js'))).toBe(true)
    for (const file of files) {
      const text = await readFile(file, 'utf8')
      for (const marker of [PREVIEW_BRIDGE_PATH, PREVIEW_CLIENT_PATH, 'numerbay-preview-token', 'dialog-answer']) {
        expect(text.includes(marker), `${marker} in ${file}`).toBe(false)
      }
      expect(text).not.toMatch(/new WebSocket\(/)
    }
  })

  it('preload: one CommonJS file that requires only electron and exposes named functions', async () => {
    const preload = await readFile(join(out, 'preload/index.cjs'), 'utf8')
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1])
    expect(new Set(requires)).toEqual(new Set(['electron']))
    expect(preload).toContain('exposeInMainWorld("numerbay"')
    // Channel names only: no schema library in the sandboxed preload.
    expect(preload).not.toContain('safeParse')
    expect(preload.length).toBeLessThan(20_000)
    expect(preload).not.toMatch(/^(import|export) /m)
  })

  it('main: parses as an ES module (no duplicate top-level bindings from the CommonJS shim)', async () => {
    const copy = join(out, 'main-check.mjs')
    await cp(join(out, 'main/index.js'), copy)
    await expect(run(process.execPath, ['--check', copy])).resolves.toBeDefined()
  })

  it('main: boots against a stand-in electron module, opens the hardened window and shuts down on quit', async () => {
    const fake = join(out, 'fake-electron.mjs')
    await writeFile(
      fake,
      `import { EventEmitter } from 'node:events'
const log = (line) => process.stdout.write(JSON.stringify(line) + '\\n')
let ready
const whenReady = new Promise((resolve) => (ready = resolve))
export const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  requestSingleInstanceLock: () => true,
  enableSandbox: () => log({ enableSandbox: true }),
  whenReady: () => whenReady,
  getName: () => 'NumerBay Desktop',
  getVersion: () => '0.0.0',
  quit: () => { log({ quit: true }); process.exit(0) },
  setLoginItemSettings: (settings) => log({ loginItem: settings }),
})
export class Tray { constructor() { log({ tray: true }) } setToolTip() {} setContextMenu() {} on() {} destroy() {} }
export const Menu = { buildFromTemplate: (template) => template }
export class Notification { static isSupported() { return false } }
export const nativeImage = { createFromDataURL: () => ({}) }
export class BrowserWindow extends EventEmitter {
  constructor(options) { super(); this.webContents = new EventEmitter(); log({ webPreferences: options.webPreferences }) }
  loadURL(url) {
    log({ loadURL: url })
    setTimeout(() => { let prevented = false; app.emit('before-quit', { preventDefault: () => (prevented = true) }); log({ quitDeferred: prevented }) }, 50)
    return Promise.resolve()
  }
  once() {}
}
export const dialog = {}
export const ipcMain = { handled: 0, handle() { this.handled++ }, removeHandler() {} }
export const protocol = { registerSchemesAsPrivileged: (schemes) => log({ schemes }), handle: (scheme) => log({ handle: scheme }) }
export const session = { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {} } }
export const shell = {}
export const safeStorage = {}
setTimeout(() => { log({ handlers: ipcMain.handled }); ready() }, 10)
`,
    )
    const hooks = join(out, 'hooks.mjs')
    await writeFile(hooks, `export async function resolve(specifier, context, next) {\n  if (specifier === 'electron') return { url: ${JSON.stringify(pathToFileURL(fake).href)}, shortCircuit: true }\n  return next(specifier, context)\n}\n`)
    const register = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(pathToFileURL(hooks).href)})`
    const dataDir = await mkdtemp(join(tmpdir(), 'shell-boot-'))
    try {
      const { stdout } = await run(process.execPath, ['--import', register, join(out, 'main/index.js')], {
        cwd: root,
        env: { ...process.env, NUMERBAY_DATA_DIR: dataDir },
        timeout: 60_000,
      })
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
      const find = (key: string) => lines.find((line) => key in line)?.[key]
      expect(find('enableSandbox')).toBe(true)
      expect(find('schemes')).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }])
      expect(find('handle')).toBe('app')
      expect(find('webPreferences')).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false })
      const preload = (find('webPreferences') as { preload: string }).preload
      expect(preload).toBe(join(out, 'preload/index.cjs'))
      await expect(readFile(preload, 'utf8')).resolves.toContain('exposeInMainWorld')
      expect(find('loadURL')).toBe('app://numerbay/index.html')
      expect(find('quitDeferred')).toBe(true)
      // Nothing watched, the window open: no tray; start at login is off by default.
      expect(find('tray')).toBeUndefined()
      expect(find('quit')).toBe(true)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 90_000)

  it('the built renderer runs in a real browser under the CSP header, over the preview bridge', async () => {
    const preview = await startPreview({ renderer: 'built', rendererDir: join(out, 'renderer'), demo: true })
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] })
    try {
      const page = await browser.newPage()
      const problems: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy|Refused/i.test(message.text())) problems.push(message.text())
      })
      page.on('pageerror', (error) => problems.push(error.message))
      await page.goto(preview.url)
      // Page code as strings: this file is type-checked without the DOM library.
      const info = await page.evaluate('window.numerbay.getAppInfo()')
      expect(info).toMatchObject({ ok: true, value: { shell: 'preview' } })
      // The token left the address bar.
      expect(page.url()).not.toContain('token=')
      // Something the CSP forbids is refused (so the policy is live), and nothing of ours was.
      await page.evaluate("{ const script = document.createElement('script'); script.textContent = 'window.inlineRan = true'; document.head.append(script) }")
      expect(await page.evaluate('window.inlineRan === true')).toBe(false)
      expect(problems.filter((problem) => !problem.includes('inline script'))).toEqual([])
    } finally {
      await browser.close()
      await preview.close()
    }
  }, 90_000)
})

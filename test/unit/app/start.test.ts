import { EventEmitter } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { invokeChannel, invokeNameList } from '../../../src/shared/ipc/names'
import { secureWebPreferences } from '../../../src/main/app/window'
import { FakeIpcMain, FakeWebContents } from './fakes'

// A stand-in for the electron module: the glue runs as in the app, against recorders.
const electron = vi.hoisted(() => ({ current: null as unknown as Record<string, unknown> }))
vi.mock('electron', () => {
  const names = ['app', 'BrowserWindow', 'dialog', 'ipcMain', 'Menu', 'nativeImage', 'Notification', 'protocol', 'session', 'shell', 'Tray']
  return Object.defineProperties({}, Object.fromEntries(names.map((name) => [name, { enumerable: true, get: () => electron.current[name] }])))
})

function fakeElectron(options: { lock?: boolean } = {}) {
  const order: string[] = []
  let ready!: () => void
  const whenReady = new Promise<void>((resolve) => (ready = resolve))
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    requestSingleInstanceLock: vi.fn(() => options.lock ?? true),
    enableSandbox: vi.fn(() => order.push('enableSandbox')),
    whenReady: () => whenReady,
    getName: () => 'NumerBay Desktop',
    getVersion: () => '0.1.0',
    quit: vi.fn(),
  })
  const windows: FakeWindow[] = []
  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeWebContents()
    loaded: string | null = null
    constructor(readonly options: { webPreferences: unknown }) {
      super()
      windows.push(this)
    }
    loadURL(url: string): Promise<void> {
      this.loaded = url
      return Promise.resolve()
    }
    shown = 0
    hidden = 0
    show(): void {
      this.shown++
    }
    hide(): void {
      this.hidden++
    }
    restore(): void {}
    isMinimized(): boolean {
      return false
    }
    focus(): void {}
  }
  const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() }
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(() => order.push('registerScheme')),
    handle: vi.fn(),
  }
  const ipcMain = new FakeIpcMain()
  const trays: Array<{ destroyed: boolean }> = []
  class FakeTray {
    destroyed = false
    constructor() {
      trays.push(this)
    }
    setToolTip(): void {}
    setContextMenu(): void {}
    on(): this {
      return this
    }
    destroy(): void {
      this.destroyed = true
    }
  }
  Object.assign(app, { setLoginItemSettings: vi.fn() })
  electron.current = {
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    Notification: Object.assign(function FakeNotification() {}, { isSupported: () => false }),
    nativeImage: { createFromDataURL: () => ({}) },
    app,
    BrowserWindow: FakeWindow,
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    ipcMain,
    protocol,
    session: { defaultSession: session },
    shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') },
  }
  return { app, windows, trays, session, protocol, ipcMain, order, ready }
}

/** Lets the whenReady chain (data dir, settings load, backend) run to the window. */
async function settle(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
}

/** The app started and ready, its window open. */
async function startedWithWindow(): Promise<ReturnType<typeof fakeElectron>> {
  const fake = fakeElectron()
  const { startDesktopApp } = await import('../../../src/main/app/start')
  startDesktopApp()
  fake.ready()
  await settle(() => fake.windows.length > 0)
  return fake
}

let dataDir: string
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'shell-start-'))
  vi.stubEnv('NUMERBAY_DATA_DIR', dataDir)
  vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173')
  vi.resetModules()
})
afterEach(async () => {
  vi.unstubAllEnvs()
  await rm(dataDir, { recursive: true, force: true })
})

describe('startDesktopApp', () => {
  it('quits when another instance holds the lock', async () => {
    const fake = fakeElectron({ lock: false })
    const { startDesktopApp } = await import('../../../src/main/app/start')
    startDesktopApp()
    expect(fake.app.quit).toHaveBeenCalled()
    expect(fake.app.enableSandbox).not.toHaveBeenCalled()
  })

  it('demo servers, registers the scheme before ready, and opens one hardened window with the IPC contract', async () => {
    const fake = fakeElectron()
    const { startDesktopApp } = await import('../../../src/main/app/start')
    startDesktopApp()
    expect(fake.order).toEqual(['enableSandbox', 'registerScheme'])
    expect(fake.app.listenerCount('web-contents-created')).toBe(1)
    expect(fake.windows).toHaveLength(0)

    fake.ready()
    await settle(() => fake.windows.length > 0)
    expect(fake.windows).toHaveLength(1)
    const window = fake.windows[0]!
    expect(window.options.webPreferences).toEqual(secureWebPreferences(expect.stringMatching(/preload[/\\]index\.cjs$/) as unknown as string))
    // Packaged: the dev server URL is ignored and the renderer comes from app://.
    expect(window.loaded).toBe('app://numerbay/index.html')
    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    expect(fake.session.setPermissionRequestHandler).toHaveBeenCalled()
    expect(fake.session.setPermissionCheckHandler).toHaveBeenCalled()
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(invokeNameList.map(invokeChannel).sort())

    // IPC from the window's main frame works end to end (settings from the data dir).
    const result = (await fake.ipcMain.handlers.get(invokeChannel('getSettings'))!({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, undefined)) as { ok: boolean; value: { concurrency: number } }
    expect(result.ok).toBe(true)
    expect(result.value.concurrency).toBe(4)
    // A second window's contents is not our renderer.
    const stranger = new FakeWebContents()
    const refused = (await fake.ipcMain.handlers.get(invokeChannel('getSettings'))!({ sender: stranger, senderFrame: stranger.mainFrame }, undefined)) as { error: { code: string } }
    expect(refused.error.code).toBe('IPC_FORBIDDEN')
  })

  it('never loads test code when packaged: the Ledger emulator variable is refused', async () => {
    vi.stubEnv('NUMERBAY_LEDGER_TRANSPORT', 'emulator:test test test test test test test test test test test junk')
    const fake = await startedWithWindow()
    const window = fake.windows[0]!
    const invoke = (name: string, args?: unknown) =>
      fake.ipcMain.handlers.get(invokeChannel(name as never))!({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, args) as Promise<{
        ok: boolean
        error?: { code: string; message: string }
      }>
    const result = await invoke('getLedgerStatus')
    expect(result).toMatchObject({ ok: false, error: { code: 'LEDGER_EMULATOR_INVALID', message: expect.stringContaining('installed app') } })
    await fake.app.emit('before-quit', { preventDefault: () => undefined })
    await settle(() => fake.app.quit.mock.calls.length > 0)
  })

  it('shuts the backend down before quitting', async () => {
    const fake = await startedWithWindow()
    let prevented = false
    fake.app.emit('before-quit', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    await settle(() => fake.app.quit.mock.calls.length > 0)
    expect(fake.app.quit).toHaveBeenCalledTimes(1)
    // The second before-quit (from that quit) goes through.
    let preventedAgain = false
    fake.app.emit('before-quit', { preventDefault: () => (preventedAgain = true) })
    expect(preventedAgain).toBe(false)
  })

  it('started at login (--hidden): no window, a tray to reach the app, and the window on a second launch', async () => {
    const fake = fakeElectron()
    process.argv.push('--hidden')
    try {
      const { startDesktopApp } = await import('../../../src/main/app/start')
      startDesktopApp()
      fake.ready()
      await settle(() => fake.trays.length > 0)
    } finally {
      process.argv.splice(process.argv.indexOf('--hidden'), 1)
    }
    expect(fake.windows).toHaveLength(0)
    expect(fake.trays.filter((tray) => !tray.destroyed)).toHaveLength(1)
    fake.app.emit('second-instance')
    expect(fake.windows).toHaveLength(1)
    // With the window open and nothing watched, the tray goes.
    expect(fake.trays.filter((tray) => !tray.destroyed)).toHaveLength(0)
  })

  it('closing the window while not watching closes it, and the app quits when no window is left', async () => {
    const fake = await startedWithWindow()
    let prevented = false
    fake.windows[0]!.emit('close', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(false)
    expect(fake.windows[0]!.hidden).toBe(0)
    fake.app.emit('window-all-closed')
    expect(fake.app.quit).toHaveBeenCalledTimes(1)
  })
})

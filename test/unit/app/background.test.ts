import { describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions, NotificationConstructorOptions } from 'electron'
import { defaultSettings, watchOff, type WatchStateView } from '../../../src/shared/ipc'
import type { Result } from '../../../src/shared/errors'
import { EventHub } from '../../../src/main/desktop/event-hub'
import { startBackground, trayLine, type BackgroundElectron } from '../../../src/main/app/background'

// Recorders for the slice of Electron background.ts takes: trays made and destroyed, their menus, notifications shown.
function fakeElectron(options: { notifications?: boolean } = {}) {
  const trays: FakeTray[] = []
  const notices: Array<NotificationConstructorOptions & { clicked: () => void }> = []
  const loginItems: unknown[] = []
  class FakeTray {
    tooltip = ''
    menu: MenuItemConstructorOptions[] = []
    destroyed = false
    readonly clicks: Array<() => void> = []
    constructor() {
      trays.push(this)
    }
    setToolTip(text: string): void {
      this.tooltip = text
    }
    setContextMenu(menu: unknown): void {
      this.menu = menu as MenuItemConstructorOptions[]
    }
    destroy(): void {
      this.destroyed = true
    }
    on(event: string, listener: () => void): this {
      if (event === 'click') this.clicks.push(listener)
      return this
    }
  }
  class FakeNotification {
    static isSupported = () => options.notifications ?? true
    #click: () => void = () => undefined
    constructor(readonly options: NotificationConstructorOptions) {}
    on(event: string, listener: () => void): this {
      if (event === 'click') this.#click = listener
      return this
    }
    show(): void {
      notices.push({ ...this.options, clicked: () => this.#click() })
    }
  }
  const app = { setLoginItemSettings: vi.fn((settings: unknown) => void loginItems.push(settings)), quit: vi.fn() }
  const electron = {
    app,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template },
    Notification: FakeNotification,
    nativeImage: { createFromDataURL: (url: string) => ({ url }) },
  } as unknown as BackgroundElectron
  const liveTrays = () => trays.filter((tray) => !tray.destroyed)
  return { electron, app, trays, liveTrays, notices, loginItems }
}

function watching(overrides: Partial<WatchStateView> = {}): WatchStateView {
  return { ...watchOff(), state: 'watching', destination: '/home/a/numerai', keepUnlocked: true, intervalMs: 60_000, nextCheckAt: Date.UTC(2026, 11, 3, 12, 0), ...overrides }
}

function setUp(answers: Record<string, Result<unknown>> = {}) {
  const fake = fakeElectron()
  const events = new EventHub()
  const calls: Array<{ name: unknown; args: unknown }> = []
  const dispatch = vi.fn(async (name: unknown, args: unknown) => {
    calls.push({ name, args })
    return answers[String(name)] ?? ({ ok: true, value: null } as Result<unknown>)
  })
  const showWindow = vi.fn()
  const background = startBackground({ electron: fake.electron, events, dispatch, showWindow })
  const item = (label: string) => fake.liveTrays()[0]?.menu.find((entry) => entry.label === label)
  return { ...fake, events, calls, showWindow, background, item }
}

describe('the app in the background', () => {
  it('shows a tray with the watch state while watching, and none once watching stops with the window open', () => {
    const { events, liveTrays, item, background } = setUp()
    expect(liveTrays()).toHaveLength(0)
    events.emit('watchState', watching({ filesThisRound: 3, waiting: [{ orderId: 1, productName: 'alpha', sinceMs: 0 }] }))
    expect(liveTrays()).toHaveLength(1)
    const [tray] = liveTrays()
    expect(tray!.tooltip).toMatch(/^NumerBay Desktop: Keeping in sync: 3 files this round, next check at /)
    expect(tray!.menu.map((entry) => entry.label ?? entry.type)).toEqual([expect.stringMatching(/^Keeping in sync/), '1 order waiting for the seller', 'separator', 'Pause syncing', 'Open', 'Quit'])
    expect(item('Pause syncing')!.enabled).toBe(true)
    expect(background.keepRunningWhenClosed()).toBe(true)

    events.emit('watchState', watchOff())
    expect(liveTrays()).toHaveLength(0)
    expect(background.keepRunningWhenClosed()).toBe(false)
  })

  it('"Pause syncing" stops the watch and leaves "Resume syncing", which starts it again with the same key choice', async () => {
    const { events, calls, item, liveTrays } = setUp()
    events.emit('watchState', watching({ keepUnlocked: true }))
    item('Pause syncing')!.click!({} as never, undefined, {} as never)
    expect(calls).toEqual([{ name: 'stopWatch', args: undefined }])
    events.emit('watchState', watchOff())
    expect(liveTrays()).toHaveLength(1)
    expect(liveTrays()[0]!.menu[0]!.label).toBe('Syncing paused')
    item('Resume syncing')!.click!({} as never, undefined, {} as never)
    await vi.waitFor(() => expect(calls.at(-1)).toEqual({ name: 'startWatch', args: { keepUnlocked: true } }))
    events.emit('watchState', watching())
    expect(item('Resume syncing')).toBeUndefined()
    expect(item('Pause syncing')).toBeDefined()
  })

  it('a resume that cannot start unattended opens the window, which says why', async () => {
    const { events, item, showWindow } = setUp({ startWatch: { ok: false, error: { code: 'VAULT_LOCKED', message: 'Your key is locked.', action: 'Unlock it.' } } as Result<unknown> })
    events.emit('watchState', watching())
    item('Pause syncing')!.click!({} as never, undefined, {} as never)
    events.emit('watchState', watchOff())
    item('Resume syncing')!.click!({} as never, undefined, {} as never)
    await vi.waitFor(() => expect(showWindow).toHaveBeenCalledTimes(1))
  })

  it('closing the window keeps the app running only while watching and when the setting allows it', () => {
    const { events, background } = setUp()
    events.emit('watchState', watching())
    events.emit('settings', { ...defaultSettings, keepInTray: false })
    expect(background.keepRunningWhenClosed()).toBe(false)
    events.emit('settings', { ...defaultSettings, keepInTray: true })
    expect(background.keepRunningWhenClosed()).toBe(true)
  })

  it('with no window (a hidden start), the tray stays so the app can be opened; Open and a click show the window, Quit quits', () => {
    const { background, liveTrays, item, showWindow, app } = setUp()
    background.setWindowShown(false)
    expect(liveTrays()).toHaveLength(1)
    expect(liveTrays()[0]!.menu[0]!.label).toBe('Not syncing: open to sign in and keep a folder in sync')
    item('Open')!.click!({} as never, undefined, {} as never)
    liveTrays()[0]!.clicks[0]!()
    expect(showWindow).toHaveBeenCalledTimes(2)
    item('Quit')!.click!({} as never, undefined, {} as never)
    expect(app.quit).toHaveBeenCalledTimes(1)
    background.setWindowShown(true)
    expect(liveTrays()).toHaveLength(0)
  })

  it('shows a notification per watch notice (new files quietly), and a click opens the window', () => {
    const { events, notices, showWindow } = setUp()
    events.emit('watchNotice', { kind: 'files-ready', title: '2 new files', body: 'alpha: predictions.csv, beta: live.parquet' })
    events.emit('watchNotice', { kind: 'file-failed', title: 'A file failed', body: 'alpha: predictions.csv could not be decrypted.' })
    expect(notices.map((notice) => [notice.title, notice.silent])).toEqual([
      ['2 new files', true],
      ['A file failed', false],
    ])
    notices[1]!.clicked()
    expect(showWindow).toHaveBeenCalledTimes(1)
  })

  it('starts at login (hidden) as the setting says, telling Electron only when it changes', () => {
    const { events, loginItems } = setUp()
    events.emit('settings', { ...defaultSettings, openAtLogin: true })
    events.emit('settings', { ...defaultSettings, openAtLogin: true, theme: 'dark' })
    events.emit('settings', { ...defaultSettings, openAtLogin: false })
    expect(loginItems).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ])
  })

  it('close() removes the tray and stops listening', () => {
    const { events, background, liveTrays, notices } = setUp()
    events.emit('watchState', watching())
    background.close()
    expect(liveTrays()).toHaveLength(0)
    events.emit('watchState', watching())
    events.emit('watchNotice', { kind: 'missed', title: 'Missed', body: 'x' })
    expect(liveTrays()).toHaveLength(0)
    expect(notices).toHaveLength(0)
  })

  it('words the tray line for every state', () => {
    expect(trayLine(null, false)).toMatch(/^Not syncing/)
    expect(trayLine(watchOff(), true)).toBe('Syncing paused')
    expect(trayLine(watching({ state: 'stopping' }), false)).toBe('Stopping…')
    expect(trayLine(watching({ checking: true }), false)).toBe('Checking NumerBay…')
    expect(trayLine(watching({ filesThisRound: 1, nextCheckAt: null }), false)).toBe('Keeping in sync: 1 file this round')
  })
})

// The app outside its window while it keeps a folder in sync: a tray icon with the watch's state and "Pause
// syncing", "Open", "Quit"; desktop notifications for new files, failures and missed files; and starting at
// login (hidden). It only listens to the backend's events and calls its channels, like the window does: the
// watch itself is the desktop watch domain's.

import type { App, Menu, MenuItemConstructorOptions, NativeImage, Notification, NotificationConstructorOptions, Tray } from 'electron'
import type { EventPayload } from '../../shared/ipc'
import type { Dispatch } from '../desktop/dispatcher'
import type { EventHub } from '../desktop/event-hub'

/** 32×32 PNG: a download arrow on the app's teal. */
export const TRAY_ICON_DATA_URL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAeklEQVR42mNgwAGEdrT9pyZmIAZQ21KSHEMvy7E6gt6WYzhiZDuAXM3ogGxHjDpg1AGjDhh1AKkWkQqoEgK0spykKKCF5SSnAWpbPvQcQIwj6JINqWX50C6IkB1BUatooJpjg6ckJNQupKUDRpvlg6drNig6pwPVPQcAmku2nrcDOv4AAAAASUVORK5CYII='

/** The slice of Electron this uses (src/main/app/start.ts passes the real modules; tests pass recorders). */
export interface BackgroundElectron {
  readonly app: Pick<App, 'setLoginItemSettings' | 'quit'>
  readonly Tray: new (image: NativeImage) => Pick<Tray, 'setToolTip' | 'setContextMenu' | 'destroy' | 'on'>
  readonly Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu }
  readonly Notification: { isSupported(): boolean } & (new (options: NotificationConstructorOptions) => Pick<Notification, 'show' | 'on'>)
  readonly nativeImage: { createFromDataURL(url: string): NativeImage }
}

export interface BackgroundOptions {
  readonly electron: BackgroundElectron
  readonly events: EventHub
  readonly dispatch: Dispatch
  /** Shows and focuses the window (creating it if it was closed). */
  readonly showWindow: () => void
}

export interface Background {
  /**
   * Whether closing the window should leave the app running in the tray: watching (or paused from the tray) and
   * the "keep running in the tray" setting on.
   */
  keepRunningWhenClosed(): boolean
  /** The window was shown or hidden: with no window, the tray stays so the app can be reached (a hidden start). */
  setWindowShown(shown: boolean): void
  close(): void
}

type WatchState = EventPayload<'watchState'>
type Settings = EventPayload<'settings'>

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** The tray's first line: what the watch is doing. */
export function trayLine(state: WatchState | null, paused: boolean): string {
  if (!state || state.state === 'off') return paused ? 'Syncing paused' : 'Not syncing: open to sign in and keep a folder in sync'
  if (state.state === 'stopping') return 'Stopping…'
  if (state.checking) return 'Checking NumerBay…'
  const next = state.nextCheckAt ? `, next check at ${new Date(state.nextCheckAt).toLocaleTimeString()}` : ''
  return `Keeping in sync: ${plural(state.filesThisRound, 'file')} this round${next}`
}

type TrayHandle = Pick<Tray, 'setToolTip' | 'setContextMenu' | 'destroy' | 'on'>

export function startBackground(options: BackgroundOptions): Background {
  const { electron, events, dispatch } = options
  let tray: TrayHandle | null = null
  let watch: WatchState | null = events.last('watchState') ?? null
  let settings: Settings | null = events.last('settings') ?? null
  let loginItem: boolean | null = null
  let windowShown = true
  // Paused from the tray: the watch is off, but the tray offers to resume it with the same choice of keeping the key unlocked.
  let pausedWith: { keepUnlocked: boolean } | null = null

  const watching = (): boolean => watch !== null && watch.state !== 'off'

  const menu = (): MenuItemConstructorOptions[] => {
    const items: MenuItemConstructorOptions[] = [{ label: trayLine(watch, pausedWith !== null), enabled: false }]
    if (watching() && watch && watch.waiting.length > 0) items.push({ label: `${plural(watch.waiting.length, 'order')} waiting for the seller`, enabled: false })
    items.push({ type: 'separator' })
    if (watching()) {
      items.push({
        label: 'Pause syncing',
        enabled: watch?.state === 'watching',
        click: () => {
          pausedWith = { keepUnlocked: watch?.keepUnlocked ?? false }
          void dispatch('stopWatch', undefined)
        },
      })
    } else if (pausedWith) {
      const args = pausedWith
      items.push({ label: 'Resume syncing', click: () => void resume(args) })
    }
    items.push({ label: 'Open', click: () => options.showWindow() }, { label: 'Quit', click: () => electron.app.quit() })
    return items
  }

  const resume = async (args: { keepUnlocked: boolean }): Promise<void> => {
    const result = await dispatch('startWatch', args)
    // It cannot start unattended (signed out, key locked): the window says why and what to do.
    if (!result.ok) options.showWindow()
  }

  const refreshTray = (): void => {
    if (!watching() && !pausedWith && windowShown) {
      tray?.destroy()
      tray = null
      return
    }
    if (!tray) {
      tray = new electron.Tray(electron.nativeImage.createFromDataURL(TRAY_ICON_DATA_URL))
      tray.on('click', () => options.showWindow())
    }
    tray.setToolTip(`NumerBay Desktop: ${trayLine(watch, pausedWith !== null)}`)
    tray.setContextMenu(electron.Menu.buildFromTemplate(menu()))
  }

  const applyLoginItem = (open: boolean): void => {
    if (loginItem === open) return
    loginItem = open
    // Hidden: the app starts in the tray; the person opens it to sign in and resume syncing.
    electron.app.setLoginItemSettings({ openAtLogin: open, args: ['--hidden'] })
  }

  const notify = (notice: EventPayload<'watchNotice'>): void => {
    if (!electron.Notification.isSupported()) return
    const shown = new electron.Notification({ title: notice.title, body: notice.body, silent: notice.kind === 'files-ready' })
    shown.on('click', () => options.showWindow())
    shown.show()
  }

  if (settings) applyLoginItem(settings.openAtLogin)
  refreshTray()
  const unsubscribe = events.subscribe((name, payload) => {
    if (name === 'watchState') {
      watch = payload as WatchState
      if (watching()) pausedWith = null
      refreshTray()
    } else if (name === 'watchNotice') {
      notify(payload as EventPayload<'watchNotice'>)
    } else if (name === 'settings') {
      settings = payload as Settings
      applyLoginItem(settings.openAtLogin)
    }
  })

  return {
    keepRunningWhenClosed: () => (watching() || pausedWith !== null) && (settings?.keepInTray ?? true),
    setWindowShown(shown) {
      windowShown = shown
      refreshTray()
    },
    close() {
      unsubscribe()
      tray?.destroy()
      tray = null
    },
  }
}

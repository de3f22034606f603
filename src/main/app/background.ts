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
  /** Whether closing the window should leave the app running in the tray (watching, and the setting says so). */
  keepRunningWhenClosed(): boolean
  close(): void
}

type WatchState = EventPayload<'watchState'>
type Settings = EventPayload<'settings'>

function trayLine(state: WatchState): string {
  if (state.state === 'stopping') return 'Stopping…'
  if (state.checking) return 'Checking NumerBay…'
  const files = `${state.filesThisRound} file${state.filesThisRound === 1 ? '' : 's'} this round`
  const next = state.nextCheckAt ? `, next check at ${new Date(state.nextCheckAt).toLocaleTimeString()}` : ''
  return `Keeping in sync: ${files}${next}`
}

export function startBackground(options: BackgroundOptions): Background {
  const { electron, events, dispatch } = options
  let tray: Pick<Tray, 'setToolTip' | 'setContextMenu' | 'destroy' | 'on'> | null = null
  let watch: WatchState | null = events.last('watchState') ?? null
  let settings: Settings | null = events.last('settings') ?? null
  let loginItem: boolean | null = null

  const showTray = (state: WatchState): void => {
    if (state.state === 'off') {
      tray?.destroy()
      tray = null
      return
    }
    if (!tray) {
      tray = new electron.Tray(electron.nativeImage.createFromDataURL(TRAY_ICON_DATA_URL))
      tray.on('click', () => options.showWindow())
    }
    const line = trayLine(state)
    tray.setToolTip(`NumerBay Desktop: ${line}`)
    tray.setContextMenu(
      electron.Menu.buildFromTemplate([
        { label: line, enabled: false },
        ...(state.waiting.length > 0 ? [{ label: `${state.waiting.length} order${state.waiting.length === 1 ? '' : 's'} waiting for the seller`, enabled: false }] : []),
        { type: 'separator' },
        { label: 'Pause syncing', enabled: state.state === 'watching', click: () => void dispatch('stopWatch', undefined) },
        { label: 'Open', click: () => options.showWindow() },
        { label: 'Quit', click: () => electron.app.quit() },
      ]),
    )
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

  if (watch) showTray(watch)
  if (settings) applyLoginItem(settings.openAtLogin)
  const unsubscribe = events.subscribe((name, payload) => {
    if (name === 'watchState') {
      watch = payload as WatchState
      showTray(watch)
    } else if (name === 'watchNotice') {
      notify(payload as EventPayload<'watchNotice'>)
    } else if (name === 'settings') {
      settings = payload as Settings
      applyLoginItem(settings.openAtLogin)
    }
  })

  return {
    keepRunningWhenClosed: () => watch !== null && watch.state !== 'off' && (settings?.keepInTray ?? true),
    close() {
      unsubscribe()
      tray?.destroy()
      tray = null
    },
  }
}

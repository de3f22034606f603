// The Electron app's start-up and shutdown: Electron's pieces (window, app:// protocol, IPC, dialogs, safeStorage,
// the log, the tray and notifications) wired to the desktop backend (src/main/desktop), which does everything else.
// While a folder is kept in sync, closing the window hides it and the app stays in the tray (background.ts); a start
// at login passes --hidden and opens no window until the person asks for it.

import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, safeStorage, session, shell, Tray } from 'electron'
import { readEnvironment } from '../config/environment'
import { ensurePrivateDir } from '../fs/data-dir'
import { createBackend, type Backend } from '../desktop/backend'
import { createDefaultServices, serviceOptionsFrom } from '../desktop/services'
import { createFileLogger, errorFields, resolveLogLevel, type FileLogger } from '../log'
import { logAppEvents } from '../log/app-events'
import { createNumerBayClient } from '../numerbay/client'
import { startBackground, type Background } from './background'
import { electronDialogs, electronShell } from './dialogs'
import { safeStorageCodec } from './keychain-codec'
import { forwardEvents, registerIpcHandlers } from './ipc'
import { handleAppProtocol, registerAppScheme } from './protocol'
import { rendererLocation } from './renderer-location'
import { denyAllPermissions, installGlobalGuards } from './security'
import { createMainWindow } from './window'

/**
 * One instance, one sandboxed window, and a clean shutdown (downloads paused and flushed, devices closed, keys
 * wiped) before quitting.
 */
export function startDesktopApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.enableSandbox()
  registerAppScheme(protocol)

  const location = rendererLocation(app.isPackaged)
  const shellPort = electronShell(shell)
  installGlobalGuards(app, location, shellPort.openExternal)

  let mainWindow: BrowserWindow | null = null
  let backend: Backend | null = null
  let background: Background | null = null
  let log: FileLogger | null = null
  // Set once the quit has begun: a window closed then really closes.
  let shutDown = false

  const openWindow = (): void => {
    mainWindow = createMainWindow(BrowserWindow, join(__dirname, '../preload/index.cjs'), location.url)
    background?.setWindowShown(true)
    mainWindow.on('close', (event) => {
      // Watching: the window goes, the app stays in the tray (the setting says so); a quit still quits.
      if (shutDown || !background?.keepRunningWhenClosed()) return
      event.preventDefault()
      mainWindow?.hide()
      background.setWindowShown(false)
    })
    mainWindow.on('closed', () => {
      mainWindow = null
      background?.setWindowShown(false)
    })
  }

  const showWindow = (): void => {
    if (!backend) return
    if (!mainWindow) return openWindow()
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
    background?.setWindowShown(true)
  }

  app.on('second-instance', () => showWindow())

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession)
    handleAppProtocol(protocol, join(__dirname, '../renderer'))
    // The one read of NUMERBAY_* for the app (src/main/config): the API address and the project id win over
    // the settings file, as they do for the CLI.
    const environment = readEnvironment(process.env)
    const dataDir = await ensurePrivateDir(environment.dataDir)
    const appLog = createFileLogger({ dataDir, name: 'app', level: resolveLogLevel(environment.logLevel, process.argv.includes('--verbose')) })
    log = appLog
    appLog.info({ event: 'start', version: app.getVersion(), electron: process.versions.electron, platform: process.platform, packaged: app.isPackaged }, 'app started')
    backend = await createBackend({
      dataDir,
      dialogs: electronDialogs(dialog, () => mainWindow),
      shell: shellPort,
      info: { name: app.getName(), version: app.getVersion(), platform: process.platform, shell: 'electron' },
      services: createDefaultServices({
        dataDir,
        ...serviceOptionsFrom(environment),
        packaged: app.isPackaged,
        walletConnectCodec: () => safeStorageCodec(safeStorage, process.platform, (message) => appLog.warn({ event: 'walletconnect-keychain' }, message)),
      }),
      environment,
      createClient: (baseUrl) => createNumerBayClient({ baseUrl, logger: appLog }),
      onFailure: (name, code, internal) => {
        // Channel and code only: arguments and values can hold secrets.
        if (code === 'INTERNAL') appLog.error({ event: 'ipc-error', channel: name, ...errorFields(internal) }, 'request failed unexpectedly')
        else appLog.info({ event: 'ipc-error', channel: name, code }, 'request failed')
      },
    })
    logAppEvents(backend.events, appLog)
    registerIpcHandlers(ipcMain, backend.dispatch, location, (contents) => contents === mainWindow?.webContents)
    forwardEvents(backend.events, () => mainWindow?.webContents ?? null)
    const dispatch = backend.dispatch
    background = startBackground({ electron: { app, Tray, Menu, Notification, nativeImage }, events: backend.events, dispatch, showWindow })
    if (process.argv.includes('--hidden')) background.setWindowShown(false)
    else openWindow()
  })

  // The window is hidden, not closed, while the app stays in the tray; this fires only when it really went.
  app.on('window-all-closed', () => {
    if (!background?.keepRunningWhenClosed()) app.quit()
  })

  app.on('before-quit', (event) => {
    if (shutDown || !backend) return
    event.preventDefault()
    shutDown = true
    background?.close()
    log?.info({ event: 'quit' }, 'app quitting')
    const closing = backend.close()
    // Never hang the quit on a stuck device or relay.
    const deadline = new Promise((resolve) => setTimeout(resolve, 5_000))
    void Promise.race([closing, deadline])
      .then(() => log?.close())
      .finally(() => app.quit())
  })
}

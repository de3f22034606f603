// The Electron app's start-up and shutdown: Electron's pieces (window, app:// protocol, IPC, dialogs, safeStorage,
// the log) wired to the desktop backend (src/main/desktop), which does everything else.

import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron'
import { readEnvironment } from '../config/environment'
import { ensurePrivateDir } from '../fs/data-dir'
import { createBackend, type Backend } from '../desktop/backend'
import { createDefaultServices, serviceOptionsFrom } from '../desktop/services'
import { createFileLogger, errorFields, resolveLogLevel, type FileLogger } from '../log'
import { logAppEvents } from '../log/app-events'
import { createNumerBayClient } from '../numerbay/client'
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
  let log: FileLogger | null = null

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

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
    mainWindow = createMainWindow(BrowserWindow, join(__dirname, '../preload/index.cjs'), location.url)
    mainWindow.on('closed', () => {
      mainWindow = null
    })
  })

  app.on('window-all-closed', () => app.quit())

  let shutDown = false
  app.on('before-quit', (event) => {
    if (shutDown || !backend) return
    event.preventDefault()
    shutDown = true
    log?.info({ event: 'quit' }, 'app quitting')
    const closing = backend.close()
    // Never hang the quit on a stuck device or relay.
    const deadline = new Promise((resolve) => setTimeout(resolve, 5_000))
    void Promise.race([closing, deadline])
      .then(() => log?.close())
      .finally(() => app.quit())
  })
}

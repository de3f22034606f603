import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'

/** Starts the desktop app (filled in by the shell issue: guards, IPC, services). */
export function startDesktopApp(): void {
  app.enableSandbox()
  void app.whenReady().then(() => {
    const window = new BrowserWindow({
      width: 1100,
      height: 760,
      show: false,
      webPreferences: {
        preload: join(__dirname, '../preload/index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
      },
    })
    window.once('ready-to-show', () => window.show())
    const devUrl = process.env.ELECTRON_RENDERER_URL
    if (!app.isPackaged && devUrl) void window.loadURL(devUrl)
    else void window.loadFile(join(__dirname, '../renderer/index.html'))
  })
  app.on('window-all-closed', () => app.quit())
}

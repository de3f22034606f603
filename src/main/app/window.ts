// The main window, and the webPreferences every window gets.

import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron'

/** The only webPreferences any window gets: isolated, sandboxed, no Node, no webview. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  }
}

export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 800,
    minWidth: 720,
    minHeight: 540,
    show: false,
    title: 'NumerBay Desktop',
    backgroundColor: '#1a1b1e',
    webPreferences: secureWebPreferences(preload),
  }
}

type WindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow

export function createMainWindow(Window: WindowConstructor, preload: string, url: string): BrowserWindow {
  const window = new Window(mainWindowOptions(preload))
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}

// Electron's dialogs and shell as the desktop side's ports (src/main/desktop/ports.ts), so the domains stay free of
// Electron and the browser preview can supply its own.

import type { BrowserWindow, Dialog, FileFilter, Shell } from 'electron'
import type { FilePurpose } from '../../shared/ipc'
import type { DialogPort, ShellPort } from '../desktop/ports'

const filters: Record<FilePurpose, FileFilter[]> = {
  'key-file': [{ name: 'NumerBay key file', extensions: ['json'] }],
  'sealed-files': [{ name: 'All files', extensions: ['*'] }],
  any: [{ name: 'All files', extensions: ['*'] }],
}

/** Native dialogs, attached to the main window. Paths chosen here go back to the renderer (they are not secret). */
export function electronDialogs(dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>, parent: () => BrowserWindow | null): DialogPort {
  const withParent = async <T>(show: (window: BrowserWindow | undefined) => Promise<T>): Promise<T> => show(parent() ?? undefined)
  return {
    async chooseFolder(options) {
      const result = await withParent((window) =>
        window
          ? dialog.showOpenDialog(window, { title: options.title ?? 'Choose a folder', properties: ['openDirectory', 'createDirectory'], ...(options.defaultPath ? { defaultPath: options.defaultPath } : {}) })
          : dialog.showOpenDialog({ title: options.title ?? 'Choose a folder', properties: ['openDirectory', 'createDirectory'], ...(options.defaultPath ? { defaultPath: options.defaultPath } : {}) }),
      )
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async chooseFiles(options) {
      const settings = {
        title: options.title ?? 'Choose files',
        properties: (options.multiple ? ['openFile', 'multiSelections'] : ['openFile']) as Array<'openFile' | 'multiSelections'>,
        filters: filters[options.purpose],
        ...(options.defaultPath ? { defaultPath: options.defaultPath } : {}),
      }
      const result = await withParent((window) => (window ? dialog.showOpenDialog(window, settings) : dialog.showOpenDialog(settings)))
      return result.canceled ? null : result.filePaths
    },
    async chooseSavePath(options) {
      const settings = {
        title: options.title ?? 'Save',
        defaultPath: options.defaultPath ?? options.defaultName,
        filters: filters[options.purpose],
        properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
      }
      const result = await withParent((window) => (window ? dialog.showSaveDialog(window, settings) : dialog.showSaveDialog(settings)))
      return result.canceled || !result.filePath ? null : result.filePath
    },
  }
}

export function electronShell(shell: Pick<Shell, 'openExternal' | 'openPath'>): ShellPort {
  return {
    openExternal: (url) => shell.openExternal(url),
    async openPath(path) {
      const problem = await shell.openPath(path)
      if (problem) throw new Error('openPath failed')
    },
  }
}

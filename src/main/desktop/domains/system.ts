// The app itself: settings, the in-app demo server, links, native dialogs, and which folders the window may
// name. The renderer is untrusted: a folder it names is used only if the person picked it in a native dialog
// during this run (or it is the download folder), and it may open only folders a run wrote to.

import { realpath, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { AppInfo, DemoServerInfo } from '../../../shared/ipc'
import type { Settings } from '../../../shared/ipc/settings'
import { AppError } from '../../../shared/errors'
import { fsError } from '../../fs/fs-errors'
import type { SettingsStore } from '../../settings/store'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import { isAllowedExternalUrl } from '../links'
import type { DialogPort, ShellPort } from '../ports'
import type { Services } from '../services'

/** The demo server's demo wallet, while the in-app demo server is the API (public test data). */
export interface DemoWallet {
  readonly apiUrl: string
  readonly privateKey: string
}

export type SystemHandlers = Pick<Handlers, 'getAppInfo' | 'getSettings' | 'updateSettings' | 'startDemoServer' | 'openExternal' | 'chooseFolder' | 'chooseFiles' | 'openFolder'>

export interface SystemDeps {
  readonly settings: SettingsStore
  readonly dialogs: DialogPort
  readonly shell: ShellPort
  readonly info: AppInfo
  readonly events: EventHub
  readonly services: Services
  /** What changes elsewhere when a setting changes (a new API URL ends the session, and so on). */
  readonly onSettingsChanged: (before: Settings, after: Settings) => Promise<void>
  readonly demoWallet?: DemoWallet
}

/** Windows UNC (\\server\share) and device (\\?\, \\.\) paths: never opened or written on the renderer's word. */
export function isNetworkOrDevicePath(path: string): boolean {
  return /^[\\/]{2}/.test(path)
}

function cancelled(): AppError {
  return new AppError('CANCELLED')
}

export class SystemDomain {
  readonly #deps: SystemDeps
  #demoWallet: DemoWallet | null
  /** Folders the person picked in a native dialog during this run (resolved paths). */
  readonly #picked = new Set<string>()
  /** Folders a run wrote to (real paths), which openFolder may open. */
  readonly #written = new Set<string>()
  readonly handlers: SystemHandlers

  constructor(deps: SystemDeps) {
    this.#deps = deps
    this.#demoWallet = deps.demoWallet ?? null
    this.handlers = {
      getAppInfo: () => deps.info,
      getSettings: () => deps.settings.get(),
      updateSettings: (patch) => this.#updateSettings(patch),
      startDemoServer: () => this.#startDemoServer(),
      openExternal: async ({ url }) => {
        if (!isAllowedExternalUrl(url)) throw new AppError('EXTERNAL_LINK_BLOCKED', { detail: new URL(url).hostname })
        await deps.shell.openExternal(url)
        return null
      },
      chooseFolder: async (args) => {
        const path = await deps.dialogs.chooseFolder({ ...(args?.title ? { title: args.title } : {}), ...(args?.defaultPath ? { defaultPath: args.defaultPath } : {}) })
        if (!path) throw cancelled()
        this.#picked.add(resolve(path))
        return { path }
      },
      chooseFiles: async (args) => {
        const paths = await deps.dialogs.chooseFiles(args)
        if (!paths || paths.length === 0) throw cancelled()
        return { paths }
      },
      openFolder: async (args) => {
        await deps.shell.openPath(await this.#openable(args?.path))
        return null
      },
    }
  }

  settings(): Settings {
    return this.#deps.settings.get()
  }

  demoWallet(): DemoWallet | null {
    const wallet = this.#demoWallet
    return wallet && this.settings().apiUrl === wallet.apiUrl ? wallet : null
  }

  /**
   * A folder the renderer named for the app to write into: the download folder, or one the person picked in a
   * dialog this run. Anything else (a path a compromised page made up) is FOLDER_NOT_ALLOWED.
   */
  permitFolder(path: string): string {
    if (isNetworkOrDevicePath(path)) throw new AppError('FOLDER_NOT_ALLOWED', { detail: 'network and device paths are not used' })
    const wanted = resolve(path)
    const downloadDir = this.settings().downloadDir
    if ((downloadDir && resolve(downloadDir) === wanted) || this.#picked.has(wanted)) return wanted
    throw new AppError('FOLDER_NOT_ALLOWED')
  }

  /** After a run wrote to `path`: the real folder becomes one "Open folder" may open. */
  async recordWritten(path: string): Promise<void> {
    const real = await realpath(path).catch(() => null)
    if (real && (await stat(real).catch(() => null))?.isDirectory()) this.#written.add(real)
  }

  async #openable(given: string | undefined): Promise<string> {
    const downloadDir = this.settings().downloadDir
    const path = given ?? downloadDir
    if (!path) throw new AppError('INVALID_ARGUMENT', { message: 'Choose a download folder first.' })
    if (isNetworkOrDevicePath(path)) throw new AppError('FOLDER_NOT_ALLOWED')
    let real: string
    try {
      real = await realpath(path)
    } catch (error) {
      throw fsError(error, path)
    }
    const allowed = this.#written.has(real) || (downloadDir !== null && real === (await realpath(downloadDir).catch(() => null)))
    // A file (an executable, on Windows) is never "opened": only real folders are.
    if (!allowed || !(await stat(real)).isDirectory()) throw new AppError('FOLDER_NOT_ALLOWED')
    return real
  }

  async #updateSettings(patch: Parameters<Handlers['updateSettings']>[0]): Promise<Settings> {
    if (patch.downloadDir) this.permitFolder(patch.downloadDir)
    const before = this.settings()
    const after = await this.#deps.settings.update(patch)
    this.#deps.events.emit('settings', after)
    await this.#deps.onSettingsChanged(before, after)
    return after
  }

  async #startDemoServer(): Promise<DemoServerInfo> {
    const demo = await this.#deps.services.get('demoServer')
    const started = await demo.start()
    this.#demoWallet = started.demoPrivateKey ? { apiUrl: started.apiUrl, privateKey: started.demoPrivateKey } : null
    // The demo server lives as long as the app: its URL is for this run only, so a restart is back on the saved server.
    const before = this.settings()
    const after = this.#deps.settings.useForThisSession({ apiUrl: started.apiUrl })
    this.#deps.events.emit('settings', after)
    await this.#deps.onSettingsChanged(before, after)
    return { apiUrl: started.apiUrl, demoAddress: started.demoAddress, demoLogin: started.demoLogin }
  }
}

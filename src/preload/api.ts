// The renderer's API over ipcRenderer, built from the contract's channel names: one function per invoke channel,
// one subscriber per event, and a dropped file's path. Apart from index.ts so it is tested without Electron.

import type { IpcRenderer, WebUtils } from 'electron'
import type { NumerBayApi } from '../shared/ipc/contract'
import { eventChannel, eventListenerName, eventNameList, invokeChannel, invokeNameList } from '../shared/ipc/names'

type IpcPort = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>
type FilePathPort = Pick<WebUtils, 'getPathForFile'>

/** Builds the renderer API over ipcRenderer. */
export function buildPreloadApi(ipc: IpcPort, files: FilePathPort): NumerBayApi {
  const api: Record<string, unknown> = {}
  for (const name of invokeNameList) {
    const channel = invokeChannel(name)
    // One argument at most: whatever else the page passes never reaches main.
    api[name] = (args?: unknown) => ipc.invoke(channel, args)
  }
  for (const name of eventNameList) {
    const channel = eventChannel(name)
    api[eventListenerName(name)] = (listener: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${eventListenerName(name)} needs a function`)
      const forward = (_event: unknown, payload: unknown): void => {
        ;(listener as (payload: unknown) => void)(payload)
      }
      ipc.on(channel, forward)
      let subscribed = true
      return () => {
        if (!subscribed) return
        subscribed = false
        ipc.removeListener(channel, forward)
      }
    }
  }
  api.pathForFile = (file: object): string | null => {
    try {
      const path = files.getPathForFile(file as Parameters<FilePathPort['getPathForFile']>[0])
      return path === '' ? null : path
    } catch {
      return null
    }
  }
  return Object.freeze(api) as unknown as NumerBayApi
}

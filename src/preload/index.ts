// Sandboxed preload (bundled to one CommonJS file): exposes `window.numerbay`, the NumerBayApi built from the
// IPC contract's channel names. Only named functions cross: no generic invoke(channel), and listeners receive
// the payload only, never the IpcRendererEvent.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { buildPreloadApi } from './api'

contextBridge.exposeInMainWorld('numerbay', buildPreloadApi(ipcRenderer, webUtils))

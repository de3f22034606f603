// Sandboxed preload: exposes named functions generated from the IPC contract (filled in by the shell issue).
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('numerbay', {})

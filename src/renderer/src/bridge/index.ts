/**
 * The renderer's access to main: `getApi()` returns the NumerBayApi (see src/shared/ipc/contract.ts).
 * In Electron the sandboxed preload exposes it as `window.numerbay`. In the browser preview
 * (`npm run browser`) the preview server injects a client that installs the same API over a loopback
 * WebSocket before the app starts, so the production bundle never contains preview code.
 */
import type { NumerBayApi } from '../../../shared/ipc'

declare global {
  interface Window {
    readonly numerbay?: NumerBayApi
  }
}

export function hasApi(): boolean {
  return typeof window !== 'undefined' && window.numerbay !== undefined
}

export function getApi(): NumerBayApi {
  const api = typeof window === 'undefined' ? undefined : window.numerbay
  if (!api) throw new Error('NumerBay API missing: open the app through Electron or `npm run browser`.')
  return api
}

export { unwrap, IpcCallError } from '../../../shared/ipc/result'
export type * from '../../../shared/ipc'

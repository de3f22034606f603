// The main-process API handed down the component tree, so no component reaches for window.numerbay itself.

import { createContext, useContext } from 'react'
import type { NumerBayApi } from '../../../shared/ipc'

const ApiContext = createContext<NumerBayApi | null>(null)

export function ApiProvider({ api, children }: { readonly api: NumerBayApi; readonly children: React.ReactNode }): React.JSX.Element {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
}

/** The main-process API (window.numerbay in Electron, the WebSocket bridge in the browser preview). */
export function useApi(): NumerBayApi {
  const api = useContext(ApiContext)
  if (!api) throw new Error('useApi outside ApiProvider')
  return api
}

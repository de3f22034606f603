// The downloads stream, in a context of its own: main pushes a snapshot a few times a second while a sync runs,
// and only the components that show it (the downloads screen, the navigation badge) should re-render for each.
// The rest of the main-process state lives in LiveState.

import { createContext, useContext } from 'react'
import type { DownloadsSnapshot } from '../../../shared/ipc'
import { useLive, type Live } from '../hooks/useLive'
import { useApi } from './ApiContext'

const DownloadsContext = createContext<Live<DownloadsSnapshot> | null>(null)

export function DownloadsProvider({ children }: { readonly children: React.ReactNode }): React.JSX.Element {
  const api = useApi()
  const downloads = useLive(api.getDownloads, api.onDownloads)
  return <DownloadsContext.Provider value={downloads}>{children}</DownloadsContext.Provider>
}

export function useDownloads(): Live<DownloadsSnapshot> {
  const downloads = useContext(DownloadsContext)
  if (!downloads) throw new Error('useDownloads outside DownloadsProvider')
  return downloads
}

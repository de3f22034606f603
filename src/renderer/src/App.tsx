// The window's root: the providers (the API, the live state, the downloads stream, the theme) around the layout.

import type { NumerBayApi } from '../../shared/ipc'
import { ApiProvider } from './app/ApiContext'
import { AppLayout } from './app/AppLayout'
import { DownloadsProvider } from './app/DownloadsState'
import { LiveStateProvider } from './app/LiveState'
import { ThemedProvider } from './app/ThemedProvider'
import { OfflineDecryptProvider } from './screens/OfflineDecrypt/OfflineDecryptState'

export function App({ api }: { readonly api: NumerBayApi }): React.JSX.Element {
  return (
    <ApiProvider api={api}>
      <LiveStateProvider>
        <DownloadsProvider>
          <OfflineDecryptProvider>
            <ThemedProvider>
              <AppLayout />
            </ThemedProvider>
          </OfflineDecryptProvider>
        </DownloadsProvider>
      </LiveStateProvider>
    </ApiProvider>
  )
}

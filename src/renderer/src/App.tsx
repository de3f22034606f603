import type { NumerBayApi } from '../../shared/ipc'
import { ApiProvider } from './app/ApiContext'
import { AppLayout } from './app/AppLayout'
import { LiveStateProvider } from './app/LiveState'
import { ThemedProvider } from './app/ThemedProvider'

export function App({ api }: { readonly api: NumerBayApi }): React.JSX.Element {
  return (
    <ApiProvider api={api}>
      <LiveStateProvider>
        <ThemedProvider>
          <AppLayout />
        </ThemedProvider>
      </LiveStateProvider>
    </ApiProvider>
  )
}

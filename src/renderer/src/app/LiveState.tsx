import { createContext, useContext, useMemo } from 'react'
import type {
  DownloadsSnapshot,
  KeyState,
  LedgerStatusView,
  Session,
  Settings,
  SignerSummary,
  WalletConnectStatusView,
} from '../../../shared/ipc'
import { useLive, type Live } from '../hooks/useLive'
import { useApi } from './ApiContext'

/** Main-process state every screen may show: one subscription each for the whole window. */
export interface LiveState {
  readonly settings: Live<Settings>
  readonly session: Live<Session>
  readonly signer: Live<SignerSummary>
  readonly ledger: Live<LedgerStatusView>
  readonly walletConnect: Live<WalletConnectStatusView>
  readonly key: Live<KeyState>
  readonly downloads: Live<DownloadsSnapshot>
}

const LiveStateContext = createContext<LiveState | null>(null)

export function LiveStateProvider({ children }: { readonly children: React.ReactNode }): React.JSX.Element {
  const api = useApi()
  const settings = useLive(api.getSettings, api.onSettings)
  const session = useLive(api.getSession, api.onSession)
  const signer = useLive(api.getSigner, api.onSigner)
  const ledger = useLive(api.getLedgerStatus, api.onLedgerStatus)
  const walletConnect = useLive(api.getWalletConnectStatus, api.onWalletConnectStatus)
  const key = useLive(api.getKeyState, api.onKeyState)
  const downloads = useLive(api.getDownloads, api.onDownloads)
  const value = useMemo(
    () => ({ settings, session, signer, ledger, walletConnect, key, downloads }),
    [settings, session, signer, ledger, walletConnect, key, downloads],
  )
  return <LiveStateContext.Provider value={value}>{children}</LiveStateContext.Provider>
}

export function useLiveState(): LiveState {
  const state = useContext(LiveStateContext)
  if (!state) throw new Error('useLiveState outside LiveStateProvider')
  return state
}

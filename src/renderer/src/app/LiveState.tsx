// The main-process state every screen may show, subscribed to once for the whole window. It changes now and then;
// the downloads stream, which changes several times a second, has its own provider (DownloadsState.tsx).

import { createContext, useContext, useMemo } from 'react'
import type {
  KeyState,
  LedgerStatusView,
  Session,
  Settings,
  SignerSummary,
  WalletConnectStatusView,
  WatchStateView,
} from '../../../shared/ipc'
import { useLive, type Live } from '../hooks/useLive'
import { useApi } from './ApiContext'

/** What useLiveState() gives: one live value per stream (see useLive). */
export interface LiveState {
  readonly settings: Live<Settings>
  readonly session: Live<Session>
  readonly signer: Live<SignerSummary>
  readonly ledger: Live<LedgerStatusView>
  readonly walletConnect: Live<WalletConnectStatusView>
  readonly key: Live<KeyState>
  /** "Keep this folder in sync": the Downloads card, the manual sync buttons it disables, the header. */
  readonly watch: Live<WatchStateView>
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
  const watch = useLive(api.getWatchState, api.onWatchState)
  const value = useMemo(
    () => ({ settings, session, signer, ledger, walletConnect, key, watch }),
    [settings, session, signer, ledger, walletConnect, key, watch],
  )
  return <LiveStateContext.Provider value={value}>{children}</LiveStateContext.Provider>
}

export function useLiveState(): LiveState {
  const state = useContext(LiveStateContext)
  if (!state) throw new Error('useLiveState outside LiveStateProvider')
  return state
}

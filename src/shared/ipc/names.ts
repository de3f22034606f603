// The channel names alone, without schemas, so the sandboxed preload can build the API without bundling zod.
// contract.ts checks at compile time that these lists match its keys exactly.

export const invokeNameList = [
  'getAppInfo',
  'getSettings',
  'updateSettings',
  'startDemoServer',
  'openExternal',
  'runDiagnostics',
  'chooseFolder',
  'chooseFiles',
  'getSigner',
  'clearSigner',
  'useDemoSigner',
  'useKeyFile',
  'getLedgerStatus',
  'listLedgerAccounts',
  'connectLedger',
  'getWalletConnectStatus',
  'pairWalletConnect',
  'useWalletConnectSigner',
  'cancelWalletConnect',
  'disconnectWalletConnect',
  'cancelSigning',
  'getSession',
  'signInWithWallet',
  'signInWithPassword',
  'signOut',
  'getKeyState',
  'unlockKey',
  'lockKey',
  'exportKey',
  'importKey',
  'planKeyReplacement',
  'replaceKey',
  'listOrders',
  'listArtifacts',
  'planDownloads',
  'startDownloads',
  'getDownloads',
  'pauseDownload',
  'resumeDownload',
  'cancelDownload',
  'pauseAllDownloads',
  'resumeAllDownloads',
  'cancelAllDownloads',
  'retryFailedDownloads',
  'retryDownloadsNow',
  'syncAgain',
  'openFolder',
  'getWatchState',
  'startWatch',
  'stopWatch',
  'chooseDecryptKeyFile',
  'decryptFiles',
  'cancelDecrypt',
] as const

export const eventNameList = [
  'settings',
  'session',
  'signer',
  'ledgerStatus',
  'walletConnectStatus',
  'keyState',
  'signingMessage',
  'downloads',
  'decryptProgress',
  'watchState',
  'watchNotice',
] as const

export type InvokeName = (typeof invokeNameList)[number]
export type EventName = (typeof eventNameList)[number]
export type EventListenerName<K extends EventName> = `on${Capitalize<K>}`

/** The Electron IPC channel carrying an invoke. */
export function invokeChannel(name: InvokeName): string {
  return `numerbay:${name}`
}

/** The Electron IPC channel carrying an event stream. */
export function eventChannel(name: EventName): string {
  return `numerbay:event:${name}`
}

export function eventListenerName<K extends EventName>(name: K): EventListenerName<K> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as EventListenerName<K>
}

export function isInvokeName(value: unknown): value is InvokeName {
  return typeof value === 'string' && (invokeNameList as readonly string[]).includes(value)
}

// The WalletConnect client's configuration (project id, relay, app metadata), refused early when the public relay
// would reject it.

import { join } from 'node:path'
import { AppError } from '../../../shared/errors'

/** The SDK's public relay (what real phone wallets use); the wc: URI does not carry the relay URL. */
export const PUBLIC_RELAY_URL = 'wss://relay.walletconnect.org'

/**
 * The SDK's other public relay host: the same service under another domain, which WalletConnect's docs give
 * for networks that block the default one. It needs a project id like the default.
 */
export const ALTERNATE_PUBLIC_RELAY_URL = 'wss://relay.walletconnect.com'

/** Whether a relay URL is one of WalletConnect's public relays (which need a real project id). */
export function isPublicRelay(url: string): boolean {
  const host = /^wss?:\/\/([^/?#:]+)/i.exec(url.trim())?.[1]?.toLowerCase()
  return host === 'relay.walletconnect.org' || host === 'relay.walletconnect.com'
}

/** The project id sent to a non-public relay, which ignores it. */
export const LOCAL_RELAY_PROJECT_ID = 'numerbay-desktop-local'

export const APP_METADATA = {
  name: 'NumerBay Desktop',
  description: 'Unlock your NumerBay key and decrypt your purchases with your phone wallet.',
  url: 'https://numerbay.ai',
  icons: ['https://numerbay.ai/favicon.ico'],
} as const

/** What decides the client's configuration (resolved by src/main/config: flags, environment, settings). */
export interface WalletConnectSources {
  readonly projectId?: string
  readonly relayUrl?: string
  readonly relayTimeoutMs?: number
}

export interface WalletConnectConfig {
  readonly projectId: string
  readonly relayUrl: string
  /** How long the relay may take to answer before it counts as unreachable. */
  readonly relayTimeoutMs?: number
}

/**
 * The client's configuration from what src/main/config resolved (project id: environment, then the app's
 * setting; relay: NUMERBAY_WC_RELAY_URL, else the public relay). The public relay refuses clients without a
 * real project id, so that case fails here with instructions instead of later with a socket error.
 */
export function walletConnectConfig(sources: WalletConnectSources): WalletConnectConfig {
  const relayUrl = nonEmpty(sources.relayUrl) ?? PUBLIC_RELAY_URL
  if (!/^wss?:\/\//i.test(relayUrl)) {
    throw new AppError('INVALID_ARGUMENT', { message: `The WalletConnect relay URL must start with wss:// or ws:// (got ${relayUrl}).` })
  }
  const timeout = sources.relayTimeoutMs ? { relayTimeoutMs: sources.relayTimeoutMs } : {}
  const projectId = nonEmpty(sources.projectId)
  if (projectId) return { projectId, relayUrl, ...timeout }
  if (isPublicRelay(relayUrl)) throw new AppError('WC_PROJECT_ID_MISSING')
  return { projectId: LOCAL_RELAY_PROJECT_ID, relayUrl, ...timeout }
}

/** Where sessions live: <app data dir>/walletconnect (private folder). */
export function walletConnectStorageDir(dataDir: string): string {
  return join(dataDir, 'walletconnect')
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

// The one reader of NumerBay's environment variables. Entry points pass process.env in once; everything
// below them receives typed values (an API URL, a data folder, a Ledger transport), never the environment.
// (`--signer env:NAME` is the exception by design: NAME is the user's own variable, read by that signer.)

import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { platformDataDir } from '../fs/data-dir'

/** Every NUMERBAY_* variable the app and the CLI understand, with what it does (docs/user/configuration.md). */
export const ENVIRONMENT_VARIABLES = {
  NUMERBAY_API_URL: 'NumerBay API base URL (beats the app setting; --api beats it)',
  NUMERBAY_DATA_DIR: "the app's data folder: settings, WalletConnect sessions, the local keyring",
  NUMERBAY_KEY_PATH: 'the key file (numerbay.json) read and written when none is named, as the Python client reads it',
  NUMERBAY_PASSWORD: 'the password for --username sign-ins (otherwise asked on the terminal)',
  NUMERBAY_WC_PROJECT_ID: 'WalletConnect Cloud project id (beats the app setting)',
  NUMERBAY_WC_RELAY_URL: 'WalletConnect relay (default: the public relay); a local test relay needs no project id',
  NUMERBAY_WC_RELAY_TIMEOUT_MS: 'how long the WalletConnect relay may take to answer before it counts as unreachable',
  NUMERBAY_LEDGER_TRANSPORT: '`hid` (default, the USB device) or `emulator:<mnemonic>[;mode=…]` in development',
  NUMERBAY_LOG_LEVEL: 'how much goes to the log file in the data folder: silent, error, warn, info (default), debug',
  NUMERBAY_DEBUG: 'print stack traces of unexpected errors on the terminal',
  NUMERBAY_DEMO_URL: 'the running demo server that `demo-server publish|rollover|storm|expire-tokens` steer',
  NUMERBAY_DEMO_ADMIN_TOKEN: "that demo server's admin token",
} as const

export type EnvironmentVariable = keyof typeof ENVIRONMENT_VARIABLES

/** What the environment says, typed; unset and empty variables are absent. */
export interface Environment {
  readonly apiUrl?: string
  /** NUMERBAY_DATA_DIR, else the platform's folder for the app (from the same environment). */
  readonly dataDir: string
  readonly keyPath?: string
  readonly password?: string
  readonly walletConnectProjectId?: string
  readonly walletConnectRelayUrl?: string
  readonly walletConnectRelayTimeoutMs?: number
  readonly ledgerTransport?: string
  /** The log level asked for (checked by src/main/log). */
  readonly logLevel?: string
  readonly demoUrl?: string
  readonly demoAdminToken?: string
  readonly debug: boolean
}

const positiveMs = z.coerce.number().int().positive().max(10 * 60_000)

function value(env: NodeJS.ProcessEnv, name: EnvironmentVariable): string | undefined {
  const raw = env[name]
  if (raw === undefined) return undefined
  const trimmed = name === 'NUMERBAY_PASSWORD' ? raw : raw.trim()
  return trimmed === '' ? undefined : trimmed
}

/** Reads NUMERBAY_* once. A malformed value is a clear error naming the variable, not a silent default. */
export function readEnvironment(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Environment {
  const timeout = value(env, 'NUMERBAY_WC_RELAY_TIMEOUT_MS')
  let walletConnectRelayTimeoutMs: number | undefined
  if (timeout !== undefined) {
    const parsed = positiveMs.safeParse(timeout)
    if (!parsed.success) throw new AppError('INVALID_ARGUMENT', { message: `NUMERBAY_WC_RELAY_TIMEOUT_MS must be a number of milliseconds (1 to 600000), not "${timeout}".` })
    walletConnectRelayTimeoutMs = parsed.data
  }
  const entries = {
    apiUrl: value(env, 'NUMERBAY_API_URL'),
    keyPath: value(env, 'NUMERBAY_KEY_PATH'),
    password: value(env, 'NUMERBAY_PASSWORD'),
    walletConnectProjectId: value(env, 'NUMERBAY_WC_PROJECT_ID'),
    walletConnectRelayUrl: value(env, 'NUMERBAY_WC_RELAY_URL'),
    walletConnectRelayTimeoutMs,
    ledgerTransport: value(env, 'NUMERBAY_LEDGER_TRANSPORT'),
    logLevel: value(env, 'NUMERBAY_LOG_LEVEL'),
    demoUrl: value(env, 'NUMERBAY_DEMO_URL'),
    demoAdminToken: value(env, 'NUMERBAY_DEMO_ADMIN_TOKEN'),
  }
  const present = Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Omit<Environment, 'debug' | 'dataDir'>
  return { ...present, dataDir: value(env, 'NUMERBAY_DATA_DIR') ?? platformDataDir(env, platform), debug: debugRequested(env) }
}

/** NUMERBAY_DEBUG alone, for the last-resort error printer (which must not fail on another bad variable). */
export function debugRequested(env: NodeJS.ProcessEnv): boolean {
  return Boolean(value(env, 'NUMERBAY_DEBUG'))
}

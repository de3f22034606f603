// One precedence for every setting, for the app and the CLI alike:
//   command-line flag (or a choice made for this run only) > environment > the app's settings file > default.
// The app's settings file lives in the data folder (src/main/settings/store.ts); the CLI reads the same file,
// so a WalletConnect project id or an API address set in the app also serves the command line.

import { AppError } from '../../shared/errors'
import { defaultSettings, type Settings } from '../../shared/ipc/settings'
import { normalizeApiBaseUrl } from '../numerbay/api-url'
import type { WalletConnectSources } from '../signers/walletconnect/config'
import type { Environment, EnvironmentVariable } from './environment'

/** The settings the environment can set, and by which variable. */
export const SETTINGS_FROM_ENVIRONMENT = {
  apiUrl: 'NUMERBAY_API_URL',
  walletConnectProjectId: 'NUMERBAY_WC_PROJECT_ID',
} as const satisfies Partial<Record<keyof Settings, EnvironmentVariable>>

type EnvironmentSetting = keyof typeof SETTINGS_FROM_ENVIRONMENT

export interface SettingsLayers {
  /** Flags, or values chosen for this run only (the in-app demo server's URL). */
  readonly flags?: Partial<Settings>
  readonly environment: Environment
  /** What the settings file holds (already checked field by field). */
  readonly file?: Partial<Settings>
}

/** The effective settings, and which of them the environment decided (the app cannot change those). */
export interface ResolvedSettings {
  readonly settings: Settings
  readonly fromEnvironment: Partial<Record<keyof Settings, EnvironmentVariable>>
}

function environmentValue(environment: Environment, field: EnvironmentSetting): string | undefined {
  return field === 'apiUrl' ? environment.apiUrl : environment.walletConnectProjectId
}

export function resolveSettings(layers: SettingsLayers): ResolvedSettings {
  const settings: Record<string, unknown> = { ...defaultSettings, ...layers.file }
  const fromEnvironment: Partial<Record<keyof Settings, EnvironmentVariable>> = {}
  for (const field of Object.keys(SETTINGS_FROM_ENVIRONMENT) as EnvironmentSetting[]) {
    const value = environmentValue(layers.environment, field)
    if (value === undefined) continue
    settings[field] = value
    fromEnvironment[field] = SETTINGS_FROM_ENVIRONMENT[field]
  }
  for (const [field, value] of Object.entries(layers.flags ?? {})) {
    if (value === undefined) continue
    settings[field] = value
    delete fromEnvironment[field as keyof Settings]
  }
  return { settings: settings as Settings, fromEnvironment }
}

/** Everything a CLI command or the app needs to know before it builds a service. */
export interface Config {
  readonly settings: Settings
  readonly fromEnvironment: ResolvedSettings['fromEnvironment']
  readonly dataDir: string
  /** The key file named by NUMERBAY_KEY_PATH (or a flag), absolute. */
  readonly keyPath?: string
  readonly password?: string
  readonly walletConnect: WalletConnectSources
  readonly ledgerTransport?: string
  readonly debug: boolean
}

export interface ConfigLayers extends SettingsLayers {
  readonly flags?: Partial<Settings> & { readonly dataDir?: string; readonly keyPath?: string }
}

/** Checks the environment's API address here, so a bad NUMERBAY_API_URL is named as such. */
function checkedApiUrl(environment: Environment): Environment {
  if (environment.apiUrl === undefined) return environment
  try {
    return { ...environment, apiUrl: normalizeApiBaseUrl(environment.apiUrl) }
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', { message: `NUMERBAY_API_URL is not a usable API address: ${(error as Error).message}`, cause: error })
  }
}

export function resolveConfig(layers: ConfigLayers): Config {
  const environment = checkedApiUrl(layers.environment)
  const { dataDir, keyPath, ...settingFlags } = layers.flags ?? {}
  const { settings, fromEnvironment } = resolveSettings({ ...layers, environment, flags: settingFlags })
  const chosenKeyPath = keyPath ?? environment.keyPath
  return {
    settings,
    fromEnvironment,
    dataDir: dataDir ?? environment.dataDir,
    ...(chosenKeyPath ? { keyPath: chosenKeyPath } : {}),
    ...(environment.password !== undefined ? { password: environment.password } : {}),
    walletConnect: {
      ...(settings.walletConnectProjectId ? { projectId: settings.walletConnectProjectId } : {}),
      ...(environment.walletConnectRelayUrl ? { relayUrl: environment.walletConnectRelayUrl } : {}),
      ...(environment.walletConnectRelayTimeoutMs ? { relayTimeoutMs: environment.walletConnectRelayTimeoutMs } : {}),
    },
    ...(environment.ledgerTransport ? { ledgerTransport: environment.ledgerTransport } : {}),
    debug: environment.debug,
  }
}

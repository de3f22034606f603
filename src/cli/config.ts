// The configuration of one CLI command, with the precedence every entry point uses (src/main/config/config.ts).

import type { Command } from 'commander'
import { resolveConfig, type Config } from '../main/config/config'
import { readEnvironment } from '../main/config/environment'
import { SettingsStore } from '../main/settings/store'
import { globalOptions, type CliContext } from './context'

/**
 * The configuration of one command: `--api` (and the flags the command passes), then NUMERBAY_* from the
 * environment, then the desktop app's settings file (read, never written), then the defaults.
 */
export async function loadConfig(command: Command, context: CliContext, flags: { readonly keyPath?: string } = {}): Promise<Config> {
  const environment = readEnvironment(context.env)
  const api = globalOptions(command).api
  const file = await new SettingsStore({ dataDir: environment.dataDir }).load()
  return resolveConfig({
    environment,
    file,
    flags: { ...(api ? { apiUrl: api } : {}), ...(flags.keyPath ? { keyPath: flags.keyPath } : {}) },
  })
}

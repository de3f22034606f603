// The app's data folder (settings, sessions, keyring): where it is on each platform, and creating it owner-only.

import { mkdir, chmod } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

const APP_FOLDER = 'numerbay-desktop'
const APP_FOLDER_MAC_WIN = 'NumerBay Desktop'

/**
 * Where the app keeps its own state (settings, WalletConnect sessions, the local keyring) by the platform's
 * convention: the same folder Electron's app.getPath('userData') gives for this product name, so the CLI and
 * the app share it. NUMERBAY_DATA_DIR replaces it (src/main/config/environment.ts).
 */
export function platformDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER_MAC_WIN)
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER_MAC_WIN)
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_FOLDER)
}

/** Creates (if needed) a private folder: owner-only, because it holds sessions and encrypted keys. */
export async function ensurePrivateDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await chmod(dir, 0o700)
  return dir
}

// The settings' one definition: what the app stores, the Settings screen edits and the CLI reads, with the
// defaults.

import { z } from 'zod'
import { isAllowedApiUrl } from '../net'

export const themeSchema = z.enum(['light', 'dark', 'auto'])

/** The app's settings, stored as JSON in the data folder by src/main/settings. */
export const settingsSchema = z.object({
  /** NumerBay API base URL: https, or http only to this computer (localhost, 127.x.x.x, [::1]). */
  apiUrl: z.url({ protocol: /^https?$/ }).refine(isAllowedApiUrl, 'The API URL must use https:// (http:// only for a server on this computer).'),
  /** Where downloads go; null until the user picks one (the UI proposes one). */
  downloadDir: z.string().min(1).max(4096).nullable(),
  /** Files transferred at the same time. */
  concurrency: z.number().int().min(1).max(16),
  /** WalletConnect Cloud project id; NUMERBAY_WC_PROJECT_ID wins over it (src/main/config). */
  walletConnectProjectId: z.string().trim().min(1).max(128).nullable(),
  /** Idle minutes before the unlocked key is wiped from memory; 0 = never. */
  autoLockMinutes: z.number().int().min(0).max(24 * 60),
  theme: themeSchema,
  /** While keeping a folder in sync, closing the window leaves the app running in the tray. */
  keepInTray: z.boolean(),
  /** Start the app, hidden in the tray, when you log in to this computer. */
  openAtLogin: z.boolean(),
})

export type Settings = z.infer<typeof settingsSchema>
export type Theme = z.infer<typeof themeSchema>

export const defaultSettings: Settings = {
  apiUrl: 'https://numerbay.ai/backend-api/v1',
  downloadDir: null,
  concurrency: 4,
  walletConnectProjectId: null,
  autoLockMinutes: 15,
  theme: 'auto',
  keepInTray: true,
  openAtLogin: false,
}

/** A partial update: only the fields given change; unknown fields are refused. */
export const settingsPatchSchema = settingsSchema.partial().strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

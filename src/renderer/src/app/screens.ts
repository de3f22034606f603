// The window's screens: ids, labels and one-line hints for the navigation, and the props every screen gets.

import {
  IconDownload,
  IconFileLock,
  IconKey,
  IconLogin2,
  IconPlugConnected,
  IconSettings,
  IconShoppingBag,
  type Icon,
} from '@tabler/icons-react'

export type ScreenId = 'connect' | 'sign-in' | 'key' | 'purchases' | 'downloads' | 'offline' | 'settings'

/** What every screen gets from the layout: a way to send the person to another screen. */
export interface ScreenProps {
  readonly onNavigate: (id: ScreenId) => void
}

export interface ScreenInfo {
  readonly id: ScreenId
  readonly label: string
  /** One line under the label in the navigation: what the screen is for. */
  readonly hint: string
  readonly icon: Icon
}

/** The screens in the order a new user goes through them. */
export const screens: readonly ScreenInfo[] = [
  { id: 'connect', label: 'Connect', hint: 'Ledger, phone wallet or key file', icon: IconPlugConnected },
  { id: 'sign-in', label: 'Sign in', hint: 'Your NumerBay account', icon: IconLogin2 },
  { id: 'key', label: 'Key', hint: 'Unlock, export, replace', icon: IconKey },
  { id: 'purchases', label: 'Purchases', hint: 'Orders and their files', icon: IconShoppingBag },
  { id: 'downloads', label: 'Downloads', hint: 'Progress and results', icon: IconDownload },
  { id: 'offline', label: 'Offline decrypt', hint: 'Files you already have', icon: IconFileLock },
  { id: 'settings', label: 'Settings', hint: 'Server, folders, theme', icon: IconSettings },
]

export function isScreenId(value: string): value is ScreenId {
  return screens.some((screen) => screen.id === value)
}

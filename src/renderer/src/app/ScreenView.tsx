// The screen component for a screen id. Screens import screens.ts (ids, ScreenProps), never this file, so importing
// every screen here makes no cycle.

import { ConnectScreen } from '../screens/Connect/ConnectScreen'
import { DownloadsScreen } from '../screens/Downloads/DownloadsScreen'
import { KeyScreen } from '../screens/Key/KeyScreen'
import { OfflineDecryptScreen } from '../screens/OfflineDecrypt/OfflineDecryptScreen'
import { PurchasesScreen } from '../screens/Purchases/PurchasesScreen'
import { SettingsScreen } from '../screens/Settings/SettingsScreen'
import { SignInScreen } from '../screens/SignIn/SignInScreen'
import type { ScreenId, ScreenProps } from './screens'

export function ScreenView({ screen, onNavigate }: { readonly screen: ScreenId } & ScreenProps): React.JSX.Element {
  switch (screen) {
    case 'connect':
      return <ConnectScreen onNavigate={onNavigate} />
    case 'sign-in':
      return <SignInScreen onNavigate={onNavigate} />
    case 'key':
      return <KeyScreen onNavigate={onNavigate} />
    case 'purchases':
      return <PurchasesScreen onNavigate={onNavigate} />
    case 'downloads':
      return <DownloadsScreen onNavigate={onNavigate} />
    case 'offline':
      return <OfflineDecryptScreen onNavigate={onNavigate} />
    case 'settings':
      return <SettingsScreen onNavigate={onNavigate} />
  }
}

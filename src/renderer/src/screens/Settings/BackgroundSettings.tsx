import { Card, Divider, Switch, Text } from '@mantine/core'
import { IconBellRinging } from '@tabler/icons-react'
import type { Settings } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { CardTitle } from '../../components/CardTitle'
import { useCall, useLoad } from '../../hooks/useCall'
import { SettingRow } from './SettingRow'

/** What the app does outside its window while it keeps a folder in sync: the tray, and starting at login. */
export function BackgroundSettings({ settings }: { readonly settings: Settings }): React.JSX.Element {
  const api = useApi()
  const update = useCall((patch: Partial<Settings>) => api.updateSettings(patch))
  const info = useLoad(() => api.getAppInfo())
  const preview = info.value?.shell === 'preview'

  return (
    <Card data-testid="settings-background">
      <CardTitle icon={IconBellRinging} mb="xs">Syncing in the background</CardTitle>
      <SettingRow
        title="Keep running in the tray while syncing"
        description="While a folder is kept in sync (Downloads), closing the window leaves the app in the tray, still checking and notifying you of new files. Quit from the tray icon. Off: closing the window stops syncing and quits."
      >
        <Switch
          checked={settings.keepInTray}
          onChange={(event) => void update.run({ keepInTray: event.currentTarget.checked })}
          label="Keep running in the tray while syncing"
          disabled={update.running}
          data-testid="settings-keep-in-tray"
        />
      </SettingRow>
      <Divider />
      <SettingRow
        title="Start at login, hidden in the tray"
        description="The app starts when you log in to this computer, with no window: open it from the tray. Syncing does not start by itself, because your key has to be unlocked with your wallet first."
      >
        <Switch
          checked={settings.openAtLogin}
          onChange={(event) => void update.run({ openAtLogin: event.currentTarget.checked })}
          label="Start at login, hidden in the tray"
          disabled={update.running}
          data-testid="settings-open-at-login"
        />
      </SettingRow>
      {preview && (
        <Text size="xs" c="dimmed" data-testid="settings-background-preview">
          In the browser preview these settings are saved for the desktop app; the preview itself has no tray and does not start at login.
        </Text>
      )}
    </Card>
  )
}

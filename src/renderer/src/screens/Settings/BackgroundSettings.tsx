import { Card, Divider, Switch, Text } from '@mantine/core'
import { IconBellRinging } from '@tabler/icons-react'
import type { Settings } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { CardTitle } from '../../components/CardTitle'
import { useCall, useLoad } from '../../hooks/useCall'
import { SettingRow } from './SettingRow'

interface SwitchRowProps {
  readonly field: 'keepInTray' | 'openAtLogin'
  readonly title: string
  readonly description: string
  readonly settings: Settings
  readonly onChange: (patch: Partial<Settings>) => void
  readonly disabled: boolean
  readonly testId: string
}

/** One on/off setting, its switch labelled with the setting's title. */
function SwitchRow({ field, title, description, settings, onChange, disabled, testId }: SwitchRowProps): React.JSX.Element {
  return (
    <SettingRow title={title} description={description}>
      <Switch checked={settings[field]} onChange={(event) => onChange({ [field]: event.currentTarget.checked })} label={title} disabled={disabled} data-testid={testId} />
    </SettingRow>
  )
}

/** What the app does outside its window while it keeps a folder in sync: the tray, and starting at login. */
export function BackgroundSettings({ settings }: { readonly settings: Settings }): React.JSX.Element {
  const api = useApi()
  const update = useCall((patch: Partial<Settings>) => api.updateSettings(patch))
  const info = useLoad(() => api.getAppInfo())
  const preview = info.value?.shell === 'preview'

  return (
    <Card data-testid="settings-background">
      <CardTitle icon={IconBellRinging} mb="xs">Syncing in the background</CardTitle>
      <SwitchRow
        field="keepInTray"
        title="Keep running in the tray while syncing"
        description="While a folder is kept in sync (Downloads), closing the window leaves the app in the tray, still checking and notifying you of new files. Quit from the tray icon. Off: closing the window stops syncing and quits."
        settings={settings}
        onChange={(patch) => void update.run(patch)}
        disabled={update.running}
        testId="settings-keep-in-tray"
      />
      <Divider />
      <SwitchRow
        field="openAtLogin"
        title="Start at login, hidden in the tray"
        description="The app starts when you log in to this computer, with no window: open it from the tray. Syncing does not start by itself, because your key has to be unlocked with your wallet first."
        settings={settings}
        onChange={(patch) => void update.run(patch)}
        disabled={update.running}
        testId="settings-open-at-login"
      />
      {preview && (
        <Text size="xs" c="dimmed" data-testid="settings-background-preview">
          In the browser preview these settings are saved for the desktop app; the preview itself has no tray and does not start at login.
        </Text>
      )}
    </Card>
  )
}

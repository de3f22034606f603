import { Card, Center, SegmentedControl } from '@mantine/core'
import { IconDeviceDesktop, IconMoon, IconPalette, IconSun } from '@tabler/icons-react'
import type { Settings, Theme } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useCall } from '../../hooks/useCall'
import { SettingRow } from './SettingRow'
import { CardTitle } from '../../components/CardTitle'

function option(value: Theme, label: string, icon: React.ReactNode): { value: Theme; label: React.ReactNode } {
  return {
    value,
    label: (
      <Center style={{ gap: 6 }}>
        {icon}
        <span>{label}</span>
      </Center>
    ),
  }
}

export function AppearanceSettings({ settings }: { readonly settings: Settings }): React.JSX.Element {
  const api = useApi()
  const update = useCall((theme: Theme) => api.updateSettings({ theme }))
  return (
    <Card>
      <CardTitle icon={IconPalette} mb="xs">Appearance</CardTitle>
      <SettingRow title="Theme" description="Follow the system, or choose light or dark.">
        <SegmentedControl
          value={settings.theme}
          onChange={(value) => void update.run(value as Theme)}
          aria-label="Theme"
          data-testid="settings-theme"
          data={[option('auto', 'System', <IconDeviceDesktop size={14} />), option('light', 'Light', <IconSun size={14} />), option('dark', 'Dark', <IconMoon size={14} />)]}
        />
      </SettingRow>
    </Card>
  )
}

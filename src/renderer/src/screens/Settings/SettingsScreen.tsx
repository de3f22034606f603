import { Stack } from '@mantine/core'
import { useLiveState } from '../../app/LiveState'
import type { ScreenProps } from '../../app/screens'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingBlock } from '../../components/LoadingBlock'
import { ScreenHeader } from '../../components/ScreenHeader'
import { AppearanceSettings } from './AppearanceSettings'
import { BackgroundSettings } from './BackgroundSettings'
import { DiagnosticsCard } from './DiagnosticsCard'
import { SecuritySettings } from './SecuritySettings'
import { ServerSettings } from './ServerSettings'
import { TransferSettings } from './TransferSettings'

export function SettingsScreen(_props: ScreenProps): React.JSX.Element {
  const { settings } = useLiveState()
  const value = settings.value
  return (
    <Stack gap="lg">
      <ScreenHeader title="Settings" description="Saved on this computer and applied immediately." />
      {!value && (settings.error ? <ErrorNotice error={settings.error} /> : <LoadingBlock label="Loading settings…" />)}
      {value && (
        <>
          <ServerSettings settings={value} />
          <TransferSettings settings={value} />
          <BackgroundSettings settings={value} />
          <SecuritySettings settings={value} />
          <AppearanceSettings settings={value} />
        </>
      )}
      <DiagnosticsCard />
    </Stack>
  )
}

import { Anchor, Button, Card, Divider, Group, NumberInput, Stack, TextInput } from '@mantine/core'
import { IconShieldLock } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { Settings } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { notifySuccess } from '../../components/notify'
import { useCall } from '../../hooks/useCall'
import { SettingRow } from './SettingRow'
import { CardTitle } from '../../components/CardTitle'
import { WALLETCONNECT_DASHBOARD_URL } from '../../../../shared/links'
import { AUTO_LOCK_MAX_MINUTES, autoLockProblem } from './validation'

/** Auto-lock and the WalletConnect project id. */
export function SecuritySettings({ settings }: { readonly settings: Settings }): React.JSX.Element {
  const api = useApi()
  const update = useCall((patch: Partial<Settings>) => api.updateSettings(patch))
  const [minutes, setMinutes] = useState<number | string>(settings.autoLockMinutes)
  const [projectId, setProjectId] = useState(settings.walletConnectProjectId ?? '')
  useEffect(() => setMinutes(settings.autoLockMinutes), [settings.autoLockMinutes])
  useEffect(() => setProjectId(settings.walletConnectProjectId ?? ''), [settings.walletConnectProjectId])
  const minutesProblem = autoLockProblem(minutes)
  const minutesValue = Number(minutes)
  const projectIdValue = projectId.trim() === '' ? null : projectId.trim()

  return (
    <Card>
      <CardTitle icon={IconShieldLock} mb="xs">Security and wallets</CardTitle>
      <SettingRow title="Auto-lock" description="Wipes the unlocked key from memory after this many idle minutes. 0 keeps it until you lock it or quit.">
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <NumberInput
            value={minutes}
            onChange={setMinutes}
            min={0}
            max={AUTO_LOCK_MAX_MINUTES}
            clampBehavior="none"
            suffix=" min"
            aria-label="Auto-lock minutes"
            error={minutesProblem}
            style={{ flex: 1 }}
            data-testid="settings-auto-lock"
          />
          <Button
            size="sm"
            variant="default"
            aria-label="Save auto-lock"
            disabled={minutesProblem !== null || minutesValue === settings.autoLockMinutes}
            loading={update.running}
            onClick={() => void update.run({ autoLockMinutes: minutesValue }).then((r) => r.ok && notifySuccess('Auto-lock updated'))}
          >
            Save
          </Button>
        </Group>
      </SettingRow>
      <Divider />
      <SettingRow
        title="WalletConnect project id"
        description={
          <>
            Phone wallets connect through WalletConnect&apos;s relay, which needs a free project id from{' '}
            <Anchor component="button" type="button" size="xs" onClick={() => void api.openExternal({ url: WALLETCONNECT_DASHBOARD_URL })}>
              {WALLETCONNECT_DASHBOARD_URL.replace('https://', '')}
            </Anchor>
            . Leave empty to use NUMERBAY_WC_PROJECT_ID.
          </>
        }
      >
        <Stack gap="xs">
          <TextInput value={projectId} onChange={(event) => setProjectId(event.currentTarget.value)} placeholder="32 hex characters" aria-label="WalletConnect project id" styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
          <Group>
            <Button size="xs" variant="default" aria-label="Save WalletConnect project id" disabled={projectIdValue === settings.walletConnectProjectId} loading={update.running} onClick={() => void update.run({ walletConnectProjectId: projectIdValue })}>
              Save
            </Button>
          </Group>
        </Stack>
      </SettingRow>
    </Card>
  )
}

import { Badge, Card, Group, Stack, Text } from '@mantine/core'
import { IconUsb } from '@tabler/icons-react'
import type { LedgerStatusView } from '../../../../shared/ipc'
import { tone } from '../../format/tone'
import { ConfirmOnDevice } from './ConfirmOnDevice'
import { DeviceChecklist } from './DeviceChecklist'
import { ledgerStatusText } from './ledgerStatusText'
import { CardTitle } from '../../components/CardTitle'

/** The live device panel: what the Ledger is doing and what to do next. */
export function LedgerDevicePanel({ status }: { readonly status: LedgerStatusView | undefined }): React.JSX.Element {
  const text = ledgerStatusText(status)
  const problem = status?.state === 'permission-denied' || status?.state === 'error' || status?.state === 'disconnected'
  const model = status && 'model' in status ? status.model : undefined
  return (
    <Card data-testid="ledger-device" data-state={status?.state ?? 'unknown'}>
      <Group justify="space-between" mb="md" wrap="nowrap">
        <CardTitle icon={IconUsb}>{model ?? 'Ledger'}</CardTitle>
        <Badge color={text.color} variant="light" data-testid="ledger-state">
          {text.label}
        </Badge>
      </Group>
      <Stack gap="md">
        <DeviceChecklist step={text.step} problem={problem} />
        {status?.state === 'awaiting-confirmation' ? (
          <ConfirmOnDevice title="Confirm on your Ledger">
            Check the message on the device screen, then approve it with the buttons. Cancel stops the app waiting; reject the request on the Ledger as well.
          </ConfirmOnDevice>
        ) : (
          <Text size="sm" c={problem ? tone('red') : text.step < 4 ? undefined : 'dimmed'} fw={text.step < 4 ? 500 : undefined} aria-live="polite" data-testid="ledger-advice">
            {text.advice}
          </Text>
        )}
      </Stack>
    </Card>
  )
}

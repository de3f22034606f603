import { Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core'
import { IconFileImport } from '@tabler/icons-react'
import { useApi } from '../../app/ApiContext'
import { notifySuccess } from '../../components/notify'
import { useCall } from '../../hooks/useCall'

/** Import a numerbay.json exported earlier (e.g. a legacy key, or a key replaced on another computer). */
export function ImportKeyCard(): React.JSX.Element {
  const api = useApi()
  const importKey = useCall(() => api.importKey())
  const run = (): void => {
    void importKey.run().then((result) => {
      if (!result.ok) return
      const report = result.value
      const orders = report.orderIds.length
      notifySuccess(
        report.matches === 'none' ? 'Key file imported' : `Your ${report.matches === 'v2' ? 'current' : 'legacy'} key was imported`,
        `${orders === 0 ? 'No order is' : orders === 1 ? '1 order is' : `${orders} orders are`} sealed to it.${report.addedToKeyring ? ' It was added to your keyring.' : ''}`,
      )
    })
  }
  return (
    <Card data-testid="import-key">
      <Group gap="xs" mb="xs" wrap="nowrap">
        <IconFileImport size={20} stroke={1.6} />
        <Title order={4}>Import key file</Title>
      </Group>
      <Stack gap="sm" align="flex-start">
        <Text size="sm" c="dimmed">
          Have a <Code>numerbay.json</Code> from numerbay.ai or an older key? Import it so files sealed to it can be decrypted here. Older keys go
          into the local keyring.
        </Text>
        <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={run} loading={importKey.running}>
          Import numerbay.json…
        </Button>
      </Stack>
    </Card>
  )
}

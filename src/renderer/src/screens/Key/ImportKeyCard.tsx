import { Alert, Button, Card, Code, Stack, Text } from '@mantine/core'
import { IconCheck, IconFileImport } from '@tabler/icons-react'
import type { KeyImportReportView } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { notifySuccess } from '../../components/notify'
import { useCall } from '../../hooks/useCall'
import { CardTitle } from '../../components/CardTitle'

/** Import a numerbay.json exported earlier (e.g. a legacy key, or a key replaced on another computer). */
export function ImportKeyCard(): React.JSX.Element {
  const api = useApi()
  const importKey = useCall(() => api.importKey())
  const run = (): void => {
    void importKey.run().then((result) => {
      if (result.ok) notifySuccess('Key file imported', importSummary(result.value))
    })
  }
  return (
    <Card data-testid="import-key">
      <CardTitle icon={IconFileImport} mb="xs">Import key file</CardTitle>
      <Stack gap="sm" align="flex-start">
        <Text size="sm" c="dimmed">
          Have a <Code>numerbay.json</Code> from numerbay.ai or an older key? Import it so files sealed to it can be decrypted here. Older keys go
          into the local keyring.
        </Text>
        {importKey.value && (
          <Alert color="teal" variant="light" icon={<IconCheck />} title={importTitle(importKey.value)} data-testid="import-result">
            {importSummary(importKey.value)}
          </Alert>
        )}
        <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={run} loading={importKey.running} data-testid="import-key-button">
          Import numerbay.json…
        </Button>
      </Stack>
    </Card>
  )
}

function importTitle(report: KeyImportReportView): string {
  if (report.matches === 'v2') return 'Your current key was imported'
  if (report.matches === 'legacy') return 'Your legacy key was imported'
  return 'Key file imported'
}

function importSummary(report: KeyImportReportView): string {
  const orders = report.orderIds.length
  const sealed = orders === 0 ? 'No order is sealed to it.' : orders === 1 ? '1 order is sealed to it.' : `${orders} orders are sealed to it.`
  return `${sealed}${report.addedToKeyring ? ' It was added to your local keyring.' : ''}`
}

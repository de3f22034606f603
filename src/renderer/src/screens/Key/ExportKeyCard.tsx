import { Alert, Button, Card, Code, Group, List, Stack, Text } from '@mantine/core'
import { IconCheck, IconDownload, IconFileExport } from '@tabler/icons-react'
import type { KeyState } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { isUnlocked } from '../../format/keyState'
import { useCall } from '../../hooks/useCall'
import { CardTitle } from '../../components/CardTitle'

/** Export numerbay.json for local scripts: main shows the save dialog and writes the file (0600). */
export function ExportKeyCard({ keyState }: { readonly keyState: KeyState }): React.JSX.Element {
  const api = useApi()
  const exportKey = useCall(() => api.exportKey())
  const unlocked = isUnlocked(keyState)
  return (
    <Card data-testid="export-key">
      <CardTitle icon={IconFileExport} mb="xs">Export key file</CardTitle>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Saves <Code>numerbay.json</Code> with your key pair, the file NumerBay's Python client and your own scripts read to decrypt purchases:
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>
            Point scripts at it with <Code>NUMERBAY_KEY_PATH=/path/to/numerbay.json</Code>.
          </List.Item>
          <List.Item>Anyone with this file can decrypt your purchases. Keep it private; the app writes it readable by you only.</List.Item>
        </List>
        {exportKey.value && (
          <Alert color="teal" variant="light" icon={<IconCheck />} title="Key file saved" data-testid="export-result">
            <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {exportKey.value.path}
            </Text>
          </Alert>
        )}
        <Group>
          <Button leftSection={<IconDownload size={16} />} variant="light" onClick={() => void exportKey.run()} loading={exportKey.running} disabled={!unlocked} data-testid="export-key-button">
            Export numerbay.json…
          </Button>
          {!unlocked && (
            <Text size="xs" c="dimmed">
              Unlock the key first.
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  )
}

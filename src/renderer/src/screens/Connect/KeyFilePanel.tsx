import { Button, Card, List, Stack, Text } from '@mantine/core'
import { IconFileCode, IconFolderOpen } from '@tabler/icons-react'
import { useApi } from '../../app/ApiContext'
import { useLiveState } from '../../app/LiveState'
import { useCall } from '../../hooks/useCall'
import { CardTitle } from '../../components/CardTitle'

/** Work offline with an exported numerbay.json: it decrypts files but cannot sign in or change the key. */
export function KeyFilePanel(): React.JSX.Element {
  const api = useApi()
  const { signer } = useLiveState()
  const load = useCall(() => api.useKeyFile())
  const loaded = signer.value?.kind === 'key-file' ? signer.value : null
  return (
    <Card data-testid="key-file-panel">
      <CardTitle icon={IconFileCode} mb="md">Key file</CardTitle>
      <Stack gap="sm" align="flex-start">
        <Text size="sm" c="dimmed">
          Already exported your key as <code>numerbay.json</code>? Load it to decrypt files without a wallet. A key file can decrypt, but it
          cannot sign in to NumerBay or replace your key.
        </Text>
        <List size="sm" c="dimmed" spacing={2}>
          <List.Item>Good for a computer without your Ledger or phone.</List.Item>
          <List.Item>The file holds your private key: keep it somewhere safe.</List.Item>
        </List>
        {loaded && (
          <Text size="sm" fw={600} data-testid="key-file-loaded">
            Loaded: {loaded.label}
          </Text>
        )}
        <Button variant={loaded ? 'default' : 'filled'} leftSection={<IconFolderOpen size={18} />} onClick={() => void load.run()} loading={load.running}>
          {loaded ? 'Load another key file' : 'Choose numerbay.json…'}
        </Button>
      </Stack>
    </Card>
  )
}

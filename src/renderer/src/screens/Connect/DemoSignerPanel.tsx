import { Button, Card, Stack, Text } from '@mantine/core'
import { IconFlask } from '@tabler/icons-react'
import { useApi } from '../../app/ApiContext'
import { useCall } from '../../hooks/useCall'
import { CardTitle } from '../../components/CardTitle'

/** With the in-app demo server only: sign with its demo wallet to try every flow without hardware. */
export function DemoSignerPanel(): React.JSX.Element {
  const api = useApi()
  const use = useCall(() => api.useDemoSigner())
  return (
    <Card data-testid="demo-signer-panel">
      <CardTitle icon={IconFlask} mb="md">Demo wallet</CardTitle>
      <Stack gap="sm" align="flex-start">
        <Text size="sm" c="dimmed">
          The app is talking to its local demo server. Its demo wallet signs instantly, so you can try sign-in, unlocking and downloads
          without a Ledger or a phone. It only works with the demo server.
        </Text>
        <Button color="grape" variant="light" leftSection={<IconFlask size={18} />} onClick={() => void use.run()} loading={use.running}>
          Use the demo wallet
        </Button>
      </Stack>
    </Card>
  )
}

import { Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { IconFlask } from '@tabler/icons-react'
import { useApi } from '../../app/ApiContext'
import { useCall } from '../../hooks/useCall'

/** With the in-app sandbox only: sign with its demo wallet to try every flow without hardware. */
export function DemoSignerPanel(): React.JSX.Element {
  const api = useApi()
  const use = useCall(() => api.useDemoSigner())
  return (
    <Card data-testid="demo-signer-panel">
      <Group gap="xs" mb="md" wrap="nowrap">
        <IconFlask size={20} stroke={1.6} />
        <Title order={4}>Sandbox demo wallet</Title>
      </Group>
      <Stack gap="sm" align="flex-start">
        <Text size="sm" c="dimmed">
          The app is talking to its local sandbox server. Its demo wallet signs instantly, so you can try sign-in, unlocking and downloads
          without a Ledger or a phone. It only works with the sandbox.
        </Text>
        <Button color="grape" variant="light" leftSection={<IconFlask size={18} />} onClick={() => void use.run()} loading={use.running}>
          Use the demo wallet
        </Button>
      </Stack>
    </Card>
  )
}

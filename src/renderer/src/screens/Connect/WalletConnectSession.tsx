import { Avatar, Button, Group, Stack, Text } from '@mantine/core'
import { IconDeviceMobile, IconPlugConnectedX } from '@tabler/icons-react'
import type { WalletConnectStatusView } from '../../../../shared/ipc'
import { Address } from '../../components/Address'

type SessionView = Extract<WalletConnectStatusView, { state: 'connected' }>['session']

interface WalletConnectSessionProps {
  readonly session: SessionView
  readonly onDisconnect: () => void
  readonly disconnecting: boolean
}

/** The paired wallet: its self-declared name, the address, and a disconnect button. */
export function WalletConnectSession({ session, onDisconnect, disconnecting }: WalletConnectSessionProps): React.JSX.Element {
  const expires = new Date(session.expiresAt)
  return (
    <Stack gap="md" data-testid="walletconnect-session">
      <Group gap="md" wrap="nowrap">
        <Avatar src={session.walletIcon?.startsWith('data:') ? session.walletIcon : null} radius="md" size="lg" color="bay">
          <IconDeviceMobile />
        </Avatar>
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={600} data-testid="walletconnect-wallet-name">
            {session.walletName}
          </Text>
          <Address address={session.address} full size="xs" />
          <Text size="xs" c="dimmed">
            Session valid until {expires.toLocaleDateString()}
          </Text>
        </Stack>
      </Group>
      <Group>
        <Button variant="default" color="red" leftSection={<IconPlugConnectedX size={16} />} onClick={onDisconnect} loading={disconnecting}>
          Disconnect
        </Button>
      </Group>
    </Stack>
  )
}

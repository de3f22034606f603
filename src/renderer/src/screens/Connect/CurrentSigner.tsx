import { Button, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconArrowRight } from '@tabler/icons-react'
import type { SignerSummary } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import type { ScreenId } from '../../app/screens'
import { Address } from '../../components/Address'
import { SignerIcon } from '../../components/SignerIcon'
import { useCall } from '../../hooks/useCall'

const kindName: Record<NonNullable<SignerSummary>['kind'], string> = {
  ledger: 'Ledger',
  walletconnect: 'Phone wallet',
  'key-file': 'Key file',
  demo: 'Demo wallet',
}

interface CurrentSignerProps {
  readonly signer: SignerSummary
  readonly signedIn: boolean
  readonly onNavigate: (id: ScreenId) => void
}

/** The signer in use, with the next step (sign in, or go to the key) one click away. */
export function CurrentSigner({ signer, signedIn, onNavigate }: CurrentSignerProps): React.JSX.Element {
  const api = useApi()
  const clear = useCall(() => api.clearSigner())
  if (!signer) {
    return (
      <Paper withBorder p="md" data-testid="current-signer" data-kind="none">
        <Text size="sm" c="dimmed">
          No signer yet. Choose how you sign: a Ledger on USB, a wallet on your phone, or a key file you exported before.
        </Text>
      </Paper>
    )
  }
  const next: { label: string; screen: ScreenId } =
    signer.kind === 'key-file' ? { label: 'Decrypt files', screen: 'offline' } : signedIn ? { label: 'Go to your key', screen: 'key' } : { label: 'Sign in to NumerBay', screen: 'sign-in' }
  return (
    <Paper withBorder p="md" data-testid="current-signer" data-kind={signer.kind}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon size={42} radius="md" variant="light" color="teal">
            <SignerIcon kind={signer.kind} size={22} />
          </ThemeIcon>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              Signing with {kindName[signer.kind]}
            </Text>
            <Text fw={600} truncate="end" data-testid="current-signer-label">
              {signer.label}
            </Text>
            {signer.address && <Address address={signer.address} size="xs" full />}
          </Stack>
        </Group>
        <Group gap="xs">
          <Button variant="subtle" color="gray" onClick={() => void clear.run()} loading={clear.running}>
            Forget
          </Button>
          <Button rightSection={<IconArrowRight size={16} />} onClick={() => onNavigate(next.screen)}>
            {next.label}
          </Button>
        </Group>
      </Group>
    </Paper>
  )
}

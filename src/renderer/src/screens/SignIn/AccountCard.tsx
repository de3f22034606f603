import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconArrowRight, IconLogin2, IconLogout, IconUserCheck } from '@tabler/icons-react'
import { useLiveState } from '../../app/LiveState'
import type { ScreenId } from '../../app/screens'
import { isUnlocked } from '../../format/keyState'
import { ErrorNotice } from '../../components/ErrorNotice'
import { SigningPrompt } from '../../components/SigningPrompt'
import { useSignInAgain } from '../../hooks/useSignInAgain'
import type { Session } from '../../../../shared/ipc'
import { Address } from '../../components/Address'
import { KeySchemeBadge } from '../../components/KeySchemeBadge'
import { PublicKey } from '../../components/PublicKey'

interface AccountCardProps {
  readonly session: Session
  readonly onSignOut: () => void
  readonly signingOut: boolean
  readonly onNavigate: (id: ScreenId) => void
}

/** The signed-in NumerBay account: who, how, which key scheme; and the way on to the key. */
export function AccountCard({ session, onSignOut, signingOut, onNavigate }: AccountCardProps): React.JSX.Element | null {
  const { key } = useLiveState()
  const again = useSignInAgain()
  const account = session.account
  if (!account) return null
  return (
    <Card data-testid="account-card">
      <Group justify="space-between" wrap="wrap" gap="md" mb="md">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon size={44} radius="xl" variant="light" color="teal">
            <IconUserCheck size={24} />
          </ThemeIcon>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              Signed in
            </Text>
            <Title order={2} size="h3" data-testid="account-username" style={{ wordBreak: 'break-all' }}>
              {account.username}
            </Title>
          </div>
        </Group>
        <Badge variant="light" color={session.method === 'wallet' ? 'bay' : 'gray'}>
          {session.method === 'wallet' ? 'Wallet sign-in' : 'Password sign-in'}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md" mb="lg">
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Wallet address
          </Text>
          {account.publicAddress ? <Address address={account.publicAddress} /> : <Text size="sm">None linked</Text>}
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Public key
          </Text>
          {account.publicKeyV2 ?? account.publicKeyLegacy ? <PublicKey value={(account.publicKeyV2 ?? account.publicKeyLegacy) as string} /> : <Text size="sm">—</Text>}
        </Stack>
        <Stack gap={2} align="flex-start">
          <Text size="xs" c="dimmed">
            Encryption key
          </Text>
          <KeySchemeBadge scheme={account.keyKind} />
        </Stack>
      </SimpleGrid>
      {again.failedKeys.length > 0 && (
        <Text size="sm" mb="sm" data-testid="sign-in-expired-note">
          {again.failedKeys.length === 1 ? '1 download' : `${again.failedKeys.length} downloads`} failed because the sign-in had expired. Sign in again to retry{' '}
          {again.failedKeys.length === 1 ? 'it' : 'them'}.
        </Text>
      )}
      <SigningPrompt active={again.call.running} purpose="to sign in to NumerBay again" />
      <ErrorNotice error={again.call.error} onClose={again.call.reset} />
      <Group justify="space-between" mt={again.call.running || again.call.error ? 'sm' : 0}>
        <Group gap="xs">
          <Button variant="subtle" color="gray" leftSection={<IconLogout size={16} />} onClick={onSignOut} loading={signingOut}>
            Sign out
          </Button>
          {again.canSignHere && (
            <Button variant="light" leftSection={<IconLogin2 size={16} />} onClick={() => void again.call.run()} loading={again.call.running} data-testid="sign-in-again">
              Sign in again{again.failedKeys.length > 0 ? ' and retry' : ''}
            </Button>
          )}
        </Group>
        {/* The next step from here: the key while it is locked or missing, then the purchases. */}
        {isUnlocked(key.value) ? (
          <Button rightSection={<IconArrowRight size={16} />} onClick={() => onNavigate('purchases')} data-testid="account-next-step">
            Download your purchases
          </Button>
        ) : (
          <Button rightSection={<IconArrowRight size={16} />} onClick={() => onNavigate('key')} data-testid="account-next-step">
            {account.keyKind === 'v2' ? 'Unlock your key' : 'Set up your key'}
          </Button>
        )}
      </Group>
    </Card>
  )
}

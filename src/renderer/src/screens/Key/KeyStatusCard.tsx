import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconArrowRight, IconLock, IconLockOpen } from '@tabler/icons-react'
import type { KeyState } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useLiveState } from '../../app/LiveState'
import type { ScreenId } from '../../app/screens'
import { AutoLockCountdown } from '../../components/AutoLockCountdown'
import { ErrorNotice } from '../../components/ErrorNotice'
import { KeySchemeBadge } from '../../components/KeySchemeBadge'
import { PublicKey } from '../../components/PublicKey'
import { SigningPrompt } from '../../components/SigningPrompt'
import { isUnlocked, keyScheme } from '../../format/keyState'
import { useCall } from '../../hooks/useCall'

interface KeyStatusCardProps {
  readonly keyState: KeyState
  readonly onNavigate: (id: ScreenId) => void
}

const stateTitle: Record<KeyState['state'], string> = {
  unlocked: 'Unlocked',
  locked: 'Locked',
  legacy: 'Legacy key',
  none: 'No key yet',
  'signed-out': 'No key loaded',
}

const signerWord = { ledger: 'Ledger', walletconnect: 'phone wallet', demo: 'demo wallet', 'key-file': 'key file' } as const

/** Locked or unlocked, where the key came from, its public half, and the auto-lock countdown. */
export function KeyStatusCard({ keyState, onNavigate }: KeyStatusCardProps): React.JSX.Element {
  const api = useApi()
  const { signer, settings, session } = useLiveState()
  const unlock = useCall(() => api.unlockKey(), { notify: false })
  const lock = useCall(() => api.lockKey())
  const unlocked = isUnlocked(keyState)
  const scheme = keyScheme(session.value?.account, keyState)
  const signerKind = signer.value?.kind
  const canUnlock = keyState.state === 'locked' && !!signerKind && signerKind !== 'key-file'
  const autoLockMinutes = settings.value?.autoLockMinutes
  const keyringSize = keyState.keyringPublicKeys.length

  return (
    <Card data-testid="key-status" data-state={keyState.state}>
      <Group justify="space-between" wrap="wrap" gap="md" mb="md">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon size={48} radius="xl" variant={unlocked ? 'filled' : 'light'} color={unlocked ? 'teal' : 'gray'}>
            {unlocked ? <IconLockOpen size={26} /> : <IconLock size={26} />}
          </ThemeIcon>
          <div>
            <Title order={2} size="h3" data-testid="key-lock-state">
              {stateTitle[keyState.state]}
            </Title>
            <Text size="sm" c="dimmed">
              {unlocked
                ? signerKind === 'key-file'
                  ? 'From your key file, in memory only.'
                  : 'Unlocked with your wallet, held in memory only.'
                : keyState.state === 'signed-out'
                  ? 'Sign in, or load a key file on the Connect screen.'
                  : 'Your private key is not in memory.'}
            </Text>
          </div>
        </Group>
        <KeySchemeBadge scheme={scheme} />
      </Group>

      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md" mb="md">
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Public key
          </Text>
          {keyState.publicKey ? <PublicKey value={keyState.publicKey} /> : <Text size="sm">—</Text>}
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Auto-lock
          </Text>
          <Group gap={6}>
            <Text size="sm" data-testid="auto-lock-setting">
              {autoLockMinutes === undefined ? '—' : autoLockMinutes === 0 ? 'Off' : `After ${autoLockMinutes} min idle`}
            </Text>
            <Anchor component="button" type="button" size="xs" onClick={() => onNavigate('settings')}>
              change
            </Anchor>
          </Group>
          {unlocked && <AutoLockCountdown autoLockAt={keyState.autoLockAt} size="xs" />}
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Older keys in the local keyring
          </Text>
          <Text size="sm" data-testid="keyring-size">
            {keyringSize === 0 ? 'None' : keyringSize === 1 ? '1 key' : `${keyringSize} keys`}
            {keyringSize > 0 && !keyState.keyringUnlocked ? ' (locked)' : ''}
          </Text>
        </Stack>
      </SimpleGrid>

      {keyState.state === 'legacy' && (
        <Alert color="orange" variant="light" title="This account has a legacy (v1) key" mb="md" data-testid="legacy-key-note">
          It was encrypted with MetaMask's retired eth_decrypt, which hardware and phone wallets cannot use. If you exported it before, import that
          numerbay.json below. Otherwise replace the key pair: new purchases will use the new key.
        </Alert>
      )}
      {keyState.state === 'none' && (
        <Alert color="bay" variant="light" title="No encryption key yet" mb="md">
          Sellers seal your files to your key. Create one below (your wallet protects it); it works on numerbay.ai too.
        </Alert>
      )}

      <Stack gap="sm">
        <SigningPrompt active={unlock.running} purpose="to unlock your key" />
        <ErrorNotice error={unlock.error} onClose={unlock.reset} />
        <Group gap="sm">
          {unlocked && (
            <Button variant="default" leftSection={<IconLock size={16} />} onClick={() => void lock.run()} loading={lock.running} data-testid="lock-key">
              Lock now
            </Button>
          )}
          {unlocked && (
            <Button rightSection={<IconArrowRight size={16} />} onClick={() => onNavigate('purchases')} data-testid="key-next-step">
              Next: download your purchases
            </Button>
          )}
          {keyState.state === 'locked' && (
            <Button leftSection={<IconLockOpen size={16} />} onClick={() => void unlock.run()} loading={unlock.running} disabled={!canUnlock} data-testid="unlock-key">
              Unlock with {signerKind ? signerWord[signerKind] : 'your wallet'}
            </Button>
          )}
          {keyState.state === 'locked' && !canUnlock && (
            <Text size="sm" c="dimmed">
              <Anchor component="button" type="button" onClick={() => onNavigate('connect')}>
                Connect the wallet
              </Anchor>{' '}
              that created the key to unlock it.
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  )
}

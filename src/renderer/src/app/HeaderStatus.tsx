import { ActionIcon, Badge, Group, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconLock, IconLockOpen, IconUserCircle } from '@tabler/icons-react'
import { AutoLockCountdown } from '../components/AutoLockCountdown'
import { SignerIcon } from '../components/SignerIcon'
import { shortAddress } from '../format/address'
import { isUnlocked } from '../format/keyState'
import { useCall } from '../hooks/useCall'
import { ledgerStatusText } from '../screens/Connect/ledgerStatusText'
import { useApi } from './ApiContext'
import { useLiveState } from './LiveState'
import type { ScreenId } from './screens'

/** The header's right side: the signer, the NumerBay account, and the key's lock state with auto-lock. */
export function HeaderStatus({ onNavigate }: { readonly onNavigate: (id: ScreenId) => void }): React.JSX.Element {
  const api = useApi()
  const { signer, session, key, ledger } = useLiveState()
  const lock = useCall(() => api.lockKey())
  const current = signer.value ?? null
  const account = session.value?.account ?? null
  const keyState = key.value
  const unlocked = isUnlocked(keyState)

  const signerDetail =
    current?.kind === 'ledger' ? ledgerStatusText(ledger.value).label : current?.address ? shortAddress(current.address) : null

  return (
    <Group gap="xs" wrap="nowrap" data-testid="header-status">
      <Tooltip label={current ? `Signer: ${current.label}` : 'No signer connected'}>
        {/* The name holds the visible words (label, then state), so speech commands that read the button work. */}
        <UnstyledButton onClick={() => onNavigate('connect')} aria-label={current ? `Signer: ${current.label}${signerDetail ? ` ${signerDetail}` : ''}` : 'Connect a signer: not connected'}>
          <Badge
            size="lg"
            variant={current ? 'light' : 'outline'}
            color={current ? 'bay' : 'gray'}
            leftSection={<SignerIcon kind={current?.kind ?? null} size={16} />}
            styles={{ label: { textTransform: 'none', fontWeight: 500 } }}
            data-testid="header-signer"
          >
            <Text span size="xs" fw={600} visibleFrom="md">
              {current ? current.label : 'Not connected'}
            </Text>{' '}
            {signerDetail && (
              <Text span size="xs" ff={current?.kind === 'ledger' ? undefined : 'monospace'} ml={6} c="dimmed">
                {signerDetail}
              </Text>
            )}
          </Badge>
        </UnstyledButton>
      </Tooltip>

      <Tooltip label={account ? `Signed in to NumerBay as ${account.username}` : 'Not signed in'}>
        <UnstyledButton onClick={() => onNavigate('sign-in')} aria-label={account ? `Account ${account.username}` : 'Signed out: sign in'} visibleFrom="sm">
          <Badge
            size="lg"
            variant={account ? 'light' : 'outline'}
            color={account ? 'teal' : 'gray'}
            leftSection={<IconUserCircle size={16} />}
            styles={{ label: { textTransform: 'none', fontWeight: 500, maxWidth: 160 } }}
            data-testid="header-account"
          >
            {account ? (account.username.startsWith('0x') ? shortAddress(account.username) : account.username) : 'Signed out'}
          </Badge>
        </UnstyledButton>
      </Tooltip>

      <Group gap={4} wrap="nowrap" data-testid="header-key" data-locked={keyState ? String(!unlocked) : undefined}>
        <Tooltip label={unlocked ? (keyState?.keptUnlockedForSync ? 'Key unlocked while syncing: lock it now (files sealed to it then wait)' : 'Key unlocked: lock it now') : 'Key locked: open the Key screen to unlock'}>
          <ActionIcon
            variant={unlocked ? 'filled' : 'light'}
            color={unlocked ? 'teal' : 'gray'}
            size="lg"
            radius="xl"
            loading={lock.running}
            aria-label={unlocked ? 'Key unlocked. Lock the key now' : 'Key locked. Open the Key screen'}
            onClick={() => (unlocked ? void lock.run() : onNavigate('key'))}
          >
            {unlocked ? <IconLockOpen size={18} /> : <IconLock size={18} />}
          </ActionIcon>
        </Tooltip>
        {unlocked && keyState?.keptUnlockedForSync && (
          <Group visibleFrom="sm">
            <Tooltip label="You chose to keep the key unlocked while this folder is kept in sync: auto-lock is paused and resumes when syncing stops." multiline w={260}>
              <Text size="xs" c="dimmed" component="span" tabIndex={0} data-testid="header-kept-unlocked">
                unlocked while syncing
              </Text>
            </Tooltip>
          </Group>
        )}
        {unlocked && keyState && !keyState.keptUnlockedForSync && (
          <Group visibleFrom="sm">
            <AutoLockCountdown autoLockAt={keyState.autoLockAt} />
          </Group>
        )}
      </Group>
    </Group>
  )
}

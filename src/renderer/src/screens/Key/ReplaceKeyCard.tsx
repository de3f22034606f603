import { Button, Card, Stack, Text } from '@mantine/core'
import { IconRefreshAlert } from '@tabler/icons-react'
import { useState } from 'react'
import type { KeyState } from '../../../../shared/ipc'
import { useLiveState } from '../../app/LiveState'
import { ReplaceKeyModal } from './ReplaceKeyModal'
import { CardTitle } from '../../components/CardTitle'

/** Entry to replacing (or creating) the key pair; the consequences are spelled out in the dialog. */
export function ReplaceKeyCard({ keyState }: { readonly keyState: KeyState }): React.JSX.Element {
  const { signer, session } = useLiveState()
  const [opened, setOpened] = useState(false)
  const creating = keyState.state === 'none'
  const canSign = !!signer.value && signer.value.kind !== 'key-file' && !!session.value?.account
  return (
    <Card data-testid="replace-key">
      <CardTitle icon={IconRefreshAlert} mb="xs">{creating ? 'Create a key pair' : 'Replace key pair'}</CardTitle>
      <Stack gap="sm" align="flex-start">
        <Text size="sm" c="dimmed">
          {creating
            ? 'Makes a new encryption key, protected by your wallet, and uploads its public half to NumerBay.'
            : 'Makes a new key pair and uploads it. Only some orders follow the new key; the app shows which before anything changes, and keeps your old key in a local keyring.'}
        </Text>
        <Button color={creating ? undefined : 'orange'} variant={creating ? 'filled' : 'light'} onClick={() => setOpened(true)} disabled={!canSign} data-testid="replace-key-button">
          {creating ? 'Create key pair…' : 'Replace key pair…'}
        </Button>
        {!canSign && (
          <Text size="xs" c="dimmed">
            Sign in with a connected wallet first.
          </Text>
        )}
      </Stack>
      <ReplaceKeyModal opened={opened} onClose={() => setOpened(false)} />
    </Card>
  )
}

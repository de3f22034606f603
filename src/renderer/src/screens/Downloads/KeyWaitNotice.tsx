import { Alert, Button, Group, Text } from '@mantine/core'
import { IconLock } from '@tabler/icons-react'
import type { DownloadsSnapshot } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { SigningPrompt } from '../../components/SigningPrompt'
import { isCancelled } from '../../components/notify'
import { useCall } from '../../hooks/useCall'

/**
 * Sealed files that wait for your key: while the signer is asked ("Confirm on your Ledger"), and after it was
 * not unlocked (declined, no signer), with why and "Unlock and continue". They are paused, never skipped.
 */
export function KeyWaitNotice({ snapshot }: { readonly snapshot: DownloadsSnapshot }): React.JSX.Element | null {
  const api = useApi()
  const resume = useCall(() => api.resumeAllDownloads())
  const wait = snapshot.keyWait
  if (!wait) return null
  if (wait.unlocking) return <SigningPrompt active purpose="to unlock your key for this sync" />
  const files = wait.files === 1 ? '1 file sealed to your key waits' : `${wait.files} files sealed to your key wait`
  const why = wait.problem && !isCancelled(wait.problem) ? `${wait.problem.message} ${wait.problem.action ?? ''}` : wait.problem ? 'You cancelled the unlock.' : ''
  return (
    <Alert variant="light" color="yellow" icon={<IconLock />} title={`Your key is locked: ${files}`} role="status" data-testid="key-wait-notice" data-error-code={wait.problem?.code}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">
          {why} They are paused, not skipped: unlock the key with your wallet and they download.
        </Text>
        <Button size="xs" onClick={() => void resume.run()} loading={resume.running} data-testid="unlock-and-continue">
          Unlock and continue
        </Button>
      </Group>
    </Alert>
  )
}

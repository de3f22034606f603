import { Button, Group, Stack, Text } from '@mantine/core'
import type { FileProgressView } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import type { ScreenId } from '../../app/screens'
import { ErrorNotice } from '../../components/ErrorNotice'
import { SigningPrompt } from '../../components/SigningPrompt'
import { tone } from '../../format/tone'
import { useCall } from '../../hooks/useCall'
import { useSignInAgain } from '../../hooks/useSignInAgain'
import { failureAction, failureTitle, skipReasonText } from './failureAction'

/** A failed, skipped or cancelled file: what went wrong and the one thing to do about it. */
export function FileFailure({ file, onNavigate }: { readonly file: FileProgressView; readonly onNavigate: (id: ScreenId) => void }): React.JSX.Element | null {
  const api = useApi()
  const retry = useCall(() => api.resumeDownload({ key: file.key }))
  // Signing in again (the wallet signs a new nonce), then retrying this file and the others that failed for it.
  const again = useSignInAgain()
  const signInAgain = again.call
  if (file.state === 'cancelled') {
    return (
      <Text size="xs" c="dimmed" data-testid="file-cancelled">
        Cancelled: its partial download was discarded. Retry starts it again.
      </Text>
    )
  }
  if (file.state !== 'failed' && file.state !== 'skipped') return null
  const error = file.error
  if (file.state === 'skipped') {
    const reason = error?.message ?? (file.reason ? skipReasonText(file.reason) : null)
    return reason ? (
      <Text size="xs" c="dimmed" data-testid="file-skip-reason">
        Skipped: {reason}
      </Text>
    ) : null
  }
  const action = failureAction(error)
  const walletCanSign = again.canSignHere
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs" wrap="wrap" data-testid="file-failure" data-error-code={error?.code}>
        <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
          <Text size="xs" c={tone('red')} fw={600}>
            {failureTitle(error)}
          </Text>
          {error && (
            <Text size="xs" c="dimmed">
              {error.action}
            </Text>
          )}
        </Stack>
        {action.kind === 'retry' && (
          <Button size="compact-xs" variant="light" onClick={() => void retry.run()} loading={retry.running} aria-label={`${action.label}: ${file.name}`} data-testid="file-retry">
            {action.label}
          </Button>
        )}
        {action.kind === 'sign-in-again' && (
          <Button
            size="compact-xs"
            variant="light"
            color="orange"
            onClick={() => (walletCanSign ? void signInAgain.run([file.key, ...again.failedKeys.filter((key) => key !== file.key)]) : onNavigate('sign-in'))}
            loading={signInAgain.running}
            aria-label={`${action.label} and retry ${file.name}`}
            data-testid="file-sign-in-again"
          >
            {walletCanSign ? `${action.label} and retry` : action.label}
          </Button>
        )}
        {action.kind === 'navigate' && (
          <Button size="compact-xs" variant="light" color="orange" onClick={() => onNavigate(action.screen)}>
            {action.label}
          </Button>
        )}
      </Group>
      <SigningPrompt active={signInAgain.running} purpose="to sign in to NumerBay again" />
      <ErrorNotice error={signInAgain.error} onClose={signInAgain.reset} />
    </Stack>
  )
}

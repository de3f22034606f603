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

/** What went wrong, and what the person is told to do. */
function FailureText({ error }: { readonly error: FileProgressView['error'] }): React.JSX.Element {
  return (
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
  )
}

/**
 * A file that failed because the sign-in expired: sign in again with the wallet (the device asks), then retry it
 * and the others that failed for it. Its own component, so only such rows read the run's failures and listen for
 * the signing prompt.
 */
function SignInAgainFailure({ file, label, onNavigate }: { readonly file: FileProgressView; readonly label: string; readonly onNavigate: (id: ScreenId) => void }): React.JSX.Element {
  const again = useSignInAgain()
  const signInAgain = again.call
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs" wrap="wrap" data-testid="file-failure" data-error-code={file.error?.code}>
        <FailureText error={file.error} />
        <Button
          size="compact-xs"
          variant="light"
          color="orange"
          onClick={() => (again.canSignHere ? void signInAgain.run([file.key, ...again.failedKeys.filter((key) => key !== file.key)]) : onNavigate('sign-in'))}
          loading={signInAgain.running}
          aria-label={`${label} and retry ${file.name}`}
          data-testid="file-sign-in-again"
        >
          {again.canSignHere ? `${label} and retry` : label}
        </Button>
      </Group>
      <SigningPrompt active={signInAgain.running} purpose="to sign in to NumerBay again" />
      <ErrorNotice error={signInAgain.error} onClose={signInAgain.reset} />
    </Stack>
  )
}

/** A failed, skipped or cancelled file: what went wrong and the one thing to do about it. */
export function FileFailure({ file, onNavigate }: { readonly file: FileProgressView; readonly onNavigate: (id: ScreenId) => void }): React.JSX.Element | null {
  const api = useApi()
  const retry = useCall(() => api.resumeDownload({ key: file.key }))
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
  if (action.kind === 'sign-in-again') return <SignInAgainFailure file={file} label={action.label} onNavigate={onNavigate} />
  return (
    <Group justify="space-between" gap="xs" wrap="wrap" data-testid="file-failure" data-error-code={error?.code}>
      <FailureText error={error} />
      {action.kind === 'retry' && (
        <Button size="compact-xs" variant="light" onClick={() => void retry.run()} loading={retry.running} aria-label={`${action.label}: ${file.name}`} data-testid="file-retry">
          {action.label}
        </Button>
      )}
      {action.kind === 'navigate' && (
        <Button size="compact-xs" variant="light" color="orange" onClick={() => onNavigate(action.screen)}>
          {action.label}
        </Button>
      )}
    </Group>
  )
}

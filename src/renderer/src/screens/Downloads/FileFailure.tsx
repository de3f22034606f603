import { Button, Group, Stack, Text } from '@mantine/core'
import type { FileProgressView } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import type { ScreenId } from '../../app/screens'
import { useCall } from '../../hooks/useCall'
import { failureAction, failureTitle, skipReasonText } from './failureAction'

/** A failed (or skipped) file: what went wrong and the one thing to do about it. */
export function FileFailure({ file, onNavigate }: { readonly file: FileProgressView; readonly onNavigate: (id: ScreenId) => void }): React.JSX.Element | null {
  const api = useApi()
  const retry = useCall(() => api.resumeDownload({ key: file.key }))
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
  return (
    <Group justify="space-between" gap="xs" wrap="wrap" data-testid="file-failure" data-error-code={error?.code}>
      <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
        <Text size="xs" c="red" fw={600}>
          {failureTitle(error)}
        </Text>
        {error && (
          <Text size="xs" c="dimmed">
            {error.action}
          </Text>
        )}
      </Stack>
      {action.kind === 'retry' && (
        <Button size="compact-xs" variant="light" onClick={() => void retry.run()} loading={retry.running}>
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

import { Alert, Button, Group, Text } from '@mantine/core'
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react'
import { isCancelled } from './notify'
import type { Problem } from './problem'

interface ErrorNoticeProps {
  readonly error: Problem | null | undefined
  readonly onRetry?: () => void
  readonly retryLabel?: string
  readonly onClose?: () => void
}

/** An inline error: the message, the advice, and an optional retry. Expected outcomes are not shown in red. */
export function ErrorNotice({ error, onRetry, retryLabel = 'Try again', onClose }: ErrorNoticeProps): React.JSX.Element | null {
  if (!error || isCancelled(error)) return null
  const calm = error.expected === true
  return (
    <Alert
      variant="light"
      color={calm ? 'gray' : 'red'}
      title={error.message}
      icon={calm ? <IconInfoCircle /> : <IconAlertTriangle />}
      withCloseButton={onClose !== undefined}
      onClose={onClose}
      role={calm ? 'status' : 'alert'}
      data-error-code={error.code}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">{error.action}</Text>
        {onRetry && (
          <Button size="xs" variant="default" onClick={onRetry}>
            {retryLabel}
          </Button>
        )}
      </Group>
    </Alert>
  )
}

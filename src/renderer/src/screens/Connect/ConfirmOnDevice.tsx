import { Alert, Button, Group, Loader, Stack } from '@mantine/core'
import { useApi } from '../../app/ApiContext'
import { useCall } from '../../hooks/useCall'

interface ConfirmOnDeviceProps {
  readonly title: string
  readonly children: React.ReactNode
}

/**
 * The banner shown while a device or phone waits for the person to approve a signature, with Cancel: it stops
 * waiting, and the call that asked for the signature ends as cancelled.
 */
export function ConfirmOnDevice({ title, children }: ConfirmOnDeviceProps): React.JSX.Element {
  const api = useApi()
  const cancel = useCall(() => api.cancelSigning())
  return (
    <Alert variant="light" color="bay" title={title} icon={<Loader size={18} />} role="status" aria-live="assertive" data-testid="confirm-on-device">
      <Stack gap="xs">
        <div>{children}</div>
        <Group justify="flex-end">
          <Button size="xs" variant="default" onClick={() => void cancel.run()} loading={cancel.running} data-testid="cancel-signing">
            Cancel
          </Button>
        </Group>
      </Stack>
    </Alert>
  )
}

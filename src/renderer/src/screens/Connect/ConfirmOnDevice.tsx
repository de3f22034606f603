import { Alert, Button, Group, Loader, Stack } from '@mantine/core'

interface ConfirmOnDeviceProps {
  readonly title: string
  readonly children: React.ReactNode
  /** Stops waiting (the call that asked for the signature ends as cancelled). */
  readonly onCancel?: () => void
  readonly cancelling?: boolean
}

/** The banner shown while a device or phone waits for the person to approve a signature, with Cancel. */
export function ConfirmOnDevice({ title, children, onCancel, cancelling = false }: ConfirmOnDeviceProps): React.JSX.Element {
  return (
    <Alert variant="light" color="bay" title={title} icon={<Loader size={18} />} role="status" aria-live="assertive" data-testid="confirm-on-device">
      <Stack gap="xs">
        <div>{children}</div>
        {onCancel && (
          <Group justify="flex-end">
            <Button size="xs" variant="default" onClick={onCancel} loading={cancelling} data-testid="cancel-signing">
              Cancel
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  )
}

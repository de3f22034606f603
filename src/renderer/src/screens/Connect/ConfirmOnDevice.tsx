import { Alert, Loader } from '@mantine/core'

interface ConfirmOnDeviceProps {
  readonly title: string
  readonly children: React.ReactNode
}

/** The banner shown while a device or phone waits for the person to approve a signature. */
export function ConfirmOnDevice({ title, children }: ConfirmOnDeviceProps): React.JSX.Element {
  return (
    <Alert variant="light" color="bay" title={title} icon={<Loader size={18} />} role="status" aria-live="assertive" data-testid="confirm-on-device">
      {children}
    </Alert>
  )
}

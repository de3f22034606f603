import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconCheck, IconInfoCircle } from '@tabler/icons-react'
import type { Problem } from './problem'

/**
 * Errors as notifications: what happened (title) and what to do (body). Expected outcomes, such as a
 * rejection on the device, are shown calmly in grey rather than as failures.
 */
export function notifyError(error: Problem): void {
  if (isCancelled(error)) return
  notifications.show({
    id: `error-${error.code}`,
    title: error.message,
    message: error.action ?? '',
    color: error.expected ? 'gray' : 'red',
    icon: error.expected ? <IconInfoCircle size={18} /> : <IconAlertTriangle size={18} />,
    autoClose: error.expected ? 5000 : 9000,
    withBorder: true,
  })
}

/** Something the person should know that is not a failure (the key locked itself). */
export function notifyInfo(title: string, message: string): void {
  notifications.show({ title, message, color: 'bay', icon: <IconInfoCircle size={18} />, autoClose: 8000, withBorder: true })
}

export function notifySuccess(title: string, message?: string): void {
  notifications.show({ title, message: message ?? '', color: 'teal', icon: <IconCheck size={18} />, autoClose: 4000, withBorder: true })
}

/** A dialog the person closed: nothing to say. */
export function isCancelled(error: Problem | undefined): boolean {
  return error?.code === ('CANCELLED' as string)
}

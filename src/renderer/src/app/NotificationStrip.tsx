import { Badge, Group, Notification } from '@mantine/core'
import { notifications, useNotifications } from '@mantine/notifications'
import { useEffect, useRef } from 'react'

/** How long a notification stays when its sender did not say. */
const DEFAULT_AUTO_CLOSE_MS = 6000
export const NOTIFICATION_STRIP_HEIGHT = 76

/**
 * Notifications in a strip of their own at the foot of the window (the layout's footer): the content above moves
 * up to make room, so a notification never covers a button. The newest shows, with how many more wait; each
 * closes on its own after its time.
 */
export function NotificationStrip(): React.JSX.Element | null {
  const { notifications: shown } = useNotifications()
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())

  useEffect(() => {
    const live = new Set(shown.map((item) => item.id).filter((id): id is string => id !== undefined))
    for (const item of shown) {
      if (!item.id || timers.current.has(item.id)) continue
      const ms = typeof item.autoClose === 'number' ? item.autoClose : DEFAULT_AUTO_CLOSE_MS
      const id = item.id
      timers.current.set(id, setTimeout(() => notifications.hide(id), ms))
    }
    for (const [id, timer] of timers.current) {
      if (live.has(id)) continue
      clearTimeout(timer)
      timers.current.delete(id)
    }
  }, [shown])
  useEffect(() => {
    const all = timers.current
    return () => {
      for (const timer of all.values()) clearTimeout(timer)
    }
  }, [])

  const newest = shown.at(-1)
  if (!newest) return null
  const more = shown.length - 1
  return (
    <Group h={NOTIFICATION_STRIP_HEIGHT} px="md" py={6} wrap="nowrap" gap="sm" data-testid="notification-strip">
      <Notification
        title={newest.title}
        color={newest.color}
        icon={newest.icon}
        withBorder
        onClose={() => newest.id && notifications.hide(newest.id)}
        closeButtonProps={{ 'aria-label': 'Close notification' }}
        style={{ flex: 1, minWidth: 0, boxShadow: 'none' }}
        styles={{ description: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }, title: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } }}
        data-testid="notification"
      >
        {newest.message}
      </Notification>
      {more > 0 && (
        <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
          +{more} more
        </Badge>
      )}
    </Group>
  )
}

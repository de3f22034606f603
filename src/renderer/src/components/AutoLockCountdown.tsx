import { Text } from '@mantine/core'
import { formatCountdown } from '../format/duration'
import { useNow } from '../hooks/useNow'

/** "Locks in 14:52" for an unlocked key with auto-lock on; nothing otherwise. */
export function AutoLockCountdown({ autoLockAt, size = 'xs' }: { readonly autoLockAt: number | null; readonly size?: 'xs' | 'sm' }): React.JSX.Element | null {
  const now = useNow(1000, autoLockAt !== null)
  if (autoLockAt === null) return null
  return (
    <Text size={size} c="dimmed" component="span" aria-live="off" data-testid="auto-lock-countdown">
      locks in {formatCountdown(autoLockAt - now)}
    </Text>
  )
}

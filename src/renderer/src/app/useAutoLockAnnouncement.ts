import { useEffect, useRef } from 'react'
import type { KeyState } from '../../../shared/ipc'
import { notifyInfo } from '../components/notify'
import { useLiveState } from './LiveState'

/** Slack for timers and the trip from main: a lock this close to the deadline is the auto-lock's. */
const AUTO_LOCK_SLACK_MS = 3000

/** The key went from unlocked to locked at (or after) its auto-lock time: it locked itself, nobody pressed Lock. */
export function lockedByAutoLock(previous: KeyState | undefined, next: KeyState | undefined, now: number): boolean {
  if (previous?.state !== 'unlocked' || next?.state !== 'locked') return false
  return previous.autoLockAt !== null && now >= previous.autoLockAt - AUTO_LOCK_SLACK_MS
}

/** Says so when the auto-lock wipes the key (a notification, read out by screen readers). */
export function useAutoLockAnnouncement(): void {
  const { key, settings } = useLiveState()
  const previous = useRef<KeyState | undefined>(undefined)
  useEffect(() => {
    const next = key.value
    if (lockedByAutoLock(previous.current, next, Date.now())) {
      const minutes = settings.value?.autoLockMinutes
      notifyInfo('Your key locked itself', `It was idle${minutes ? ` for ${minutes} min` : ''}, so it was wiped from memory. Unlock it again when you need it.`)
    }
    previous.current = next
  }, [key.value, settings.value?.autoLockMinutes])
}

// A clock for countdowns.

import { useEffect, useState } from 'react'

/** The current time, refreshed every `intervalMs` while `active`: drives countdowns without a timer per digit. */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return undefined
    setNow(Date.now())
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(timer)
  }, [intervalMs, active])
  return now
}

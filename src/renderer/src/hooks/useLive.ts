// Main-process state kept current in a component: a snapshot plus the event stream, without losing an event that
// arrives between the two.

import { useEffect, useMemo, useRef, useState } from 'react'
import type { ErrorInfo, Result } from '../../../shared/errors'
import type { Subscribe } from './useEvent'

export interface Live<T> {
  /** Undefined until the first snapshot or event arrives. */
  readonly value: T | undefined
  readonly error: ErrorInfo | undefined
  readonly set: (value: T) => void
}

/** Subscribes first, then fetches the snapshot; an event that arrives in between wins over the (older) snapshot. */
export function useLive<T>(get: () => Promise<Result<T>>, subscribe: Subscribe<T>): Live<T> {
  const [value, setValue] = useState<T | undefined>(undefined)
  const [error, setError] = useState<ErrorInfo | undefined>(undefined)
  const getRef = useRef(get)
  getRef.current = get

  useEffect(() => {
    let active = true
    let sawEvent = false
    const unsubscribe = subscribe((next) => {
      sawEvent = true
      if (active) setValue(next)
    })
    getRef
      .current()
      .then((result) => {
        if (!active) return
        if (result.ok) {
          if (!sawEvent) setValue(result.value)
        } else setError(result.error)
      })
      .catch(() => undefined)
    return () => {
      active = false
      unsubscribe()
    }
  }, [subscribe])

  return useMemo(() => ({ value, error, set: setValue }), [value, error])
}

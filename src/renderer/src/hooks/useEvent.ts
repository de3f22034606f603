import { useEffect, useRef, useState } from 'react'

/** A subscription as the bridge exposes it: call with a listener, get back the unsubscribe function. */
export type Subscribe<T> = (listener: (event: T) => void) => () => void

/** Listens to an event stream for the component's lifetime; the latest `listener` is always the one called. */
export function useEvent<T>(subscribe: Subscribe<T> | undefined, listener: (event: T) => void): void {
  const listenerRef = useRef(listener)
  listenerRef.current = listener
  useEffect(() => {
    if (!subscribe) return undefined
    return subscribe((event) => listenerRef.current(event))
  }, [subscribe])
}

/** The latest value of an event stream, starting from `initial` (usually a snapshot fetched on mount). */
export function useEventState<T>(subscribe: Subscribe<T> | undefined, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(initial)
  useEvent(subscribe, setValue)
  return [value, setValue]
}

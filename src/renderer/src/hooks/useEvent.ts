import { useEffect, useRef } from 'react'

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

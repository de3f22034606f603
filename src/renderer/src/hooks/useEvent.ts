// A component's subscription to one of main's event streams, for the component's lifetime.

import { useEffect, useRef } from 'react'

/** A subscription as the bridge exposes it: call with a listener, get back the unsubscribe function. */
export type Subscribe<T> = (listener: (event: T) => void) => () => void

/** The latest `listener` is always the one called, so callers need not memoise it. */
export function useEvent<T>(subscribe: Subscribe<T> | undefined, listener: (event: T) => void): void {
  const listenerRef = useRef(listener)
  listenerRef.current = listener
  useEffect(() => {
    if (!subscribe) return undefined
    return subscribe((event) => listenerRef.current(event))
  }, [subscribe])
}

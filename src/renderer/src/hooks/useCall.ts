// One API call's state for a button or an alert (running, done, failed), with a failure shown as a notification
// unless the screen shows it inline.

import { useCallback, useEffect, useRef, useState } from 'react'
import type { ErrorInfo, Result } from '../../../shared/errors'
import { notifyError } from '../components/notify'

export type CallStatus = 'idle' | 'running' | 'done' | 'failed'

export interface CallState<T> {
  readonly status: CallStatus
  readonly value: T | undefined
  readonly error: ErrorInfo | undefined
}

export interface UseCallOptions {
  /** Show failures as a notification (default true). Screens that show the error inline pass false. */
  readonly notify?: boolean
}

export interface UseCall<A extends unknown[], T> extends CallState<T> {
  readonly running: boolean
  readonly run: (...args: A) => Promise<Result<T>>
  readonly reset: () => void
}

const idle = { status: 'idle', value: undefined, error: undefined } as const

/** Runs an API call that returns {ok,value}|{ok:false,error} and tracks its state. */
export function useCall<A extends unknown[], T>(
  call: (...args: A) => Promise<Result<T>>,
  options: UseCallOptions = {},
): UseCall<A, T> {
  const [state, setState] = useState<CallState<T>>(idle)
  const callRef = useRef(call)
  callRef.current = call
  const mounted = useMounted()
  const notify = options.notify ?? true

  const run = useCallback(
    async (...args: A): Promise<Result<T>> => {
      setState((previous) => ({ ...previous, status: 'running', error: undefined }))
      const result = await settle(() => callRef.current(...args))
      if (!mounted.current) return result
      if (result.ok) setState({ status: 'done', value: result.value, error: undefined })
      else {
        setState({ status: 'failed', value: undefined, error: result.error })
        if (notify) notifyError(result.error)
      }
      return result
    },
    [mounted, notify],
  )
  const reset = useCallback(() => setState(idle), [])
  return { ...state, running: state.status === 'running', run, reset }
}

export interface UseLoad<T> extends CallState<T> {
  readonly loading: boolean
  readonly reload: () => Promise<void>
}

/** Loads data on mount (and when `deps` change); `reload` refreshes it without clearing what is shown. */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: readonly unknown[] = []): UseLoad<T> {
  const [state, setState] = useState<CallState<T>>({ status: 'running', value: undefined, error: undefined })
  const loadRef = useRef(load)
  loadRef.current = load
  const generation = useRef(0)

  const reload = useCallback(async () => {
    const mine = ++generation.current
    setState((previous) => ({ ...previous, status: 'running' }))
    const result = await settle(() => loadRef.current())
    if (mine !== generation.current) return
    setState(result.ok ? { status: 'done', value: result.value, error: undefined } : { status: 'failed', value: undefined, error: result.error })
  }, [])

  useEffect(() => {
    void reload()
    return () => {
      generation.current += 1
    }
  }, deps)

  return { ...state, loading: state.status === 'running', reload }
}

/** A rejected promise (a broken bridge) becomes an error value, so screens handle one shape only. */
async function settle<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call()
  } catch {
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'The app could not reach its background service.',
        action: 'Restart NumerBay Desktop. If it keeps happening, report it.',
      },
    }
  }
}

function useMounted(): { readonly current: boolean } {
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  return mounted
}

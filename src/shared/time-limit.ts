// A time limit on a promise, for whatever may never answer: a Ledger exchange, a folder on a hung network drive,
// an IPC handler. The promise itself keeps running; only the wait for it ends.

/** Timer functions, injectable so tests can drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** Timers that do not keep a Node process alive by themselves (a limit is no reason to stay up). */
export const backgroundTimers: Timers = {
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms)
    ;(timer as { unref?: () => void }).unref?.()
    return timer
  },
  clearTimeout: defaultTimers.clearTimeout,
}

/** Rejects with `onTimeout()` when `promise` has not settled after `ms` (none when `ms` is not finite). */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error, timers: Timers = defaultTimers): Promise<T> {
  if (!Number.isFinite(ms)) return promise
  return new Promise<T>((resolve, reject) => {
    const timer = timers.setTimeout(() => reject(onTimeout()), ms)
    promise.then(
      (value) => {
        timers.clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        timers.clearTimeout(timer)
        reject(error)
      },
    )
  })
}

// Unwrapping a channel's Result, for UI code that prefers try/catch.

import type { ErrorInfo, Result } from '../errors'

/** Thrown by `unwrap` so UI code can use try/catch when it prefers; carries the ErrorInfo from main. */
export class IpcCallError extends Error {
  readonly info: ErrorInfo

  constructor(info: ErrorInfo) {
    super(info.message)
    this.name = 'IpcCallError'
    this.info = info
  }
}

/** The value of an ok result; throws IpcCallError for an error result. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  throw new IpcCallError(result.error)
}

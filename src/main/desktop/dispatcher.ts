// The one door for renderer requests, for Electron's IPC and the preview bridge alike: no request reaches a
// handler, and no result leaves one, without passing the contract's schemas.

import { invokeContract, isInvokeName, type InvokeName, type InvokeResult, type ParsedInvokeArgs } from '../../shared/ipc/contract'
import { AppError, toErrorInfo, type Result } from '../../shared/errors'

export type Handler<K extends InvokeName> = (args: ParsedInvokeArgs<K>) => Promise<InvokeResult<K>> | InvokeResult<K>
export type Handlers = { readonly [K in InvokeName]: Handler<K> }

export type Dispatch = (name: unknown, args: unknown) => Promise<Result<unknown>>

export interface DispatcherOptions {
  /** Told about failures (name and code only: never arguments, which can hold a password). */
  readonly onFailure?: (name: string, code: string, internal: unknown) => void
}

/** Where a zod failure happened, by field path only: values can be secrets (a password) and never echo back. */
export function issuePaths(error: { issues: readonly { path: readonly PropertyKey[] }[] }): string {
  const paths = error.issues.map((issue) => (issue.path.length === 0 ? '(arguments)' : issue.path.map(String).join('.')))
  return [...new Set(paths)].join(', ')
}

/**
 * Checks the channel name and the arguments against the contract, runs the handler, and returns
 * `{ok:true,value}` with the result parsed by its schema (undeclared fields dropped) or `{ok:false,error}` with
 * an ErrorInfo.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  return async (name, rawArgs) => {
    if (!isInvokeName(name)) {
      options.onFailure?.(String(name).slice(0, 64), 'INVALID_ARGUMENT', undefined)
      return { ok: false, error: new AppError('INVALID_ARGUMENT', { message: 'Unknown request.' }).toInfo() }
    }
    const spec = invokeContract[name]
    const args = spec.args.safeParse(rawArgs)
    if (!args.success) {
      options.onFailure?.(name, 'INVALID_ARGUMENT', undefined)
      return { ok: false, error: new AppError('INVALID_ARGUMENT', { detail: issuePaths(args.error) }).toInfo() }
    }
    let value: unknown
    try {
      value = await (handlers[name] as (args: unknown) => unknown)(args.data)
    } catch (error) {
      const info = toErrorInfo(error)
      options.onFailure?.(name, info.code, info.code === 'INTERNAL' ? error : undefined)
      return { ok: false, error: info }
    }
    const result = spec.result.safeParse(value)
    if (!result.success) {
      // A handler returned something off-contract: a bug. Say so without echoing the value.
      options.onFailure?.(name, 'INTERNAL', new Error(`result off contract at ${issuePaths(result.error)}`))
      return { ok: false, error: toErrorInfo(undefined) }
    }
    return { ok: true, value: result.data }
  }
}

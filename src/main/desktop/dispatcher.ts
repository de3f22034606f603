// The one door for renderer requests, for Electron's IPC and the preview bridge alike: no request reaches a
// handler, and no result leaves one, without passing the contract's schemas.

import { invokeContract, isInvokeName, type InvokeName, type InvokeResult, type ParsedInvokeArgs } from '../../shared/ipc/contract'
import { AppError, toErrorInfo, type Result } from '../../shared/errors'
import { backgroundTimers, withTimeout } from '../../shared/time-limit'

export type Handler<K extends InvokeName> = (args: ParsedInvokeArgs<K>) => Promise<InvokeResult<K>> | InvokeResult<K>
export type Handlers = { readonly [K in InvokeName]: Handler<K> }

export type Dispatch = (name: unknown, args: unknown) => Promise<Result<unknown>>

export interface DispatcherOptions {
  /** Told about failures (name and code only: never arguments, which can hold a password). */
  readonly onFailure?: (name: string, code: string, internal: unknown) => void
  /** Overrides of the time limits (tests); see TIME_LIMITS_MS. */
  readonly timeLimitsMs?: Partial<Record<InvokeName, number | null>>
}

/** What a channel may take unless TIME_LIMITS_MS says otherwise: network calls have their own, shorter, limits. */
export const DEFAULT_TIME_LIMIT_MS = 60_000

/**
 * Every request ends within a bounded time, so no button in the window spins for ever (a handler that hangs, a
 * network drive that does not answer). Null: no limit, for what waits on a window the person sees and can close
 * (a dialog), and for offline decryption, which shows its progress and has Stop. Signatures wait for a person
 * at a device, and have Cancel.
 */
export const TIME_LIMITS_MS: Partial<Record<InvokeName, number | null>> = {
  chooseFolder: null,
  chooseFiles: null,
  useKeyFile: null,
  exportKey: null,
  importKey: null,
  chooseDecryptKeyFile: null,
  decryptFiles: null,
  signInWithWallet: 5 * 60_000,
  unlockKey: 5 * 60_000,
  replaceKey: 5 * 60_000,
  connectLedger: 2 * 60_000,
  pairWalletConnect: 2 * 60_000,
  startDownloads: 3 * 60_000,
  syncAgain: 3 * 60_000,
  planDownloads: 3 * 60_000,
  runDiagnostics: 2 * 60_000,
}

function timeLimitFor(name: InvokeName, options: DispatcherOptions): number | null {
  if (options.timeLimitsMs && name in options.timeLimitsMs) return options.timeLimitsMs[name] ?? null
  const limit = TIME_LIMITS_MS[name]
  return limit === undefined ? DEFAULT_TIME_LIMIT_MS : limit
}

/** The handler's value, or TIMEOUT once `limitMs` has passed (the handler may still finish in the background). */
function withinLimit<T>(work: Promise<T>, limitMs: number | null): Promise<T> {
  const seconds = Math.round((limitMs ?? 0) / 1000)
  const late = (): AppError => new AppError('TIMEOUT', { message: `This did not finish within ${seconds >= 120 ? `${Math.round(seconds / 60)} min` : `${seconds} s`}, so the app stopped waiting.` })
  return withTimeout(work, limitMs ?? Number.POSITIVE_INFINITY, late, backgroundTimers)
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
      value = await withinLimit(Promise.resolve().then(() => (handlers[name] as (args: unknown) => unknown)(args.data)), timeLimitFor(name, options))
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

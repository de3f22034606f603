// The error catalog gathered from its domain files, and AppError: a code that maps to words and an action for the
// person, serialised as ErrorInfo to cross IPC or to print as JSON.

import type { ErrorText } from './catalog'
import { apiErrors } from './api'
import { appErrors } from './app'
import { cryptoErrors } from './crypto'
import { downloadErrors } from './downloads'
import { fileErrors } from './files'
import { generalErrors } from './general'
import { ledgerErrors } from './ledger'
import { signerErrors } from './signers'
import { walletConnectErrors } from './walletconnect'

export type { ErrorText } from './catalog'

/** Every error code the app can report, with the words a user reads. One file per domain. */
export const errorCatalog = {
  ...generalErrors,
  ...fileErrors,
  ...cryptoErrors,
  ...signerErrors,
  ...ledgerErrors,
  ...walletConnectErrors,
  ...apiErrors,
  ...downloadErrors,
  ...appErrors,
} as const

export type ErrorCode = keyof typeof errorCatalog

/** The serialisable form of an error: what crosses IPC and what `--json` prints. Never holds secrets. */
export interface ErrorInfo {
  readonly code: ErrorCode
  readonly message: string
  readonly action: string
  readonly expected?: boolean
  /** Technical detail for the curious (server `detail`, file name, status word). */
  readonly detail?: string
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCatalog, value)
}

export interface AppErrorOptions {
  /** Replaces the catalog message when the situation allows a more specific sentence. */
  readonly message?: string
  /** Replaces the catalog action when the fix depends on the situation (the platform, a path). */
  readonly action?: string
  readonly detail?: string
  readonly cause?: unknown
}

/** A typed error with a code. Throw it anywhere; it maps to words and an action for the user. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly action: string
  readonly expected: boolean
  readonly detail?: string

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const text: ErrorText = errorCatalog[code]
    super(options.message ?? text.message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.action = options.action ?? text.action
    this.expected = text.expected ?? false
    if (options.detail !== undefined) this.detail = options.detail
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      action: this.action,
      ...(this.expected ? { expected: true } : {}),
      ...(this.detail === undefined ? {} : { detail: this.detail }),
    }
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError || (value instanceof Error && value.name === 'AppError' && isErrorCode((value as AppError).code))
}

/** Any thrown value as ErrorInfo. Unknown errors become INTERNAL without leaking their text. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (isAppError(error)) return error.toInfo()
  const text = errorCatalog.INTERNAL
  return { code: 'INTERNAL', message: text.message, action: text.action }
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo }

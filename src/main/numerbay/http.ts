// One API request, the way every call of the client makes it: a timeout, retries by the shared backoff rule, no
// redirects followed, the answer validated, and NumerBay's error answers mapped to the catalog's codes.

import type { z } from 'zod'
import { AppError, isAppError, type ErrorCode } from '../../shared/errors'
import { retryAfterFor, withRetries, type BackoffPolicy } from '../net/backoff'
import type { Logger } from '../log'
import type { ApiFetch, ApiResponse } from './node-fetch'
import { errorBodySchema } from './schemas'

/** Extra attempts after the first (default 3, like the Python client's up-to-3 retries), backoff and Retry-After cap. */
export type RetryPolicy = BackoffPolicy

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, minTimeoutMs: 500, maxTimeoutMs: 4000 }
export const DEFAULT_TIMEOUT_MS = 30_000

export interface HttpOptions {
  readonly baseUrl: string
  readonly fetch: ApiFetch
  readonly timeoutMs: number
  readonly retry: RetryPolicy
  /** Debug lines per request: method, path (never the query, body or token), status, time. */
  readonly log?: Logger
}

export interface RequestSpec<S extends z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT'
  readonly path: string
  readonly query?: Record<string, string | number | boolean | undefined>
  readonly json?: unknown
  readonly form?: Record<string, string>
  readonly token?: string
  readonly schema: S
  /** Sign-in routes map 400 to API_SIGN_IN_FAILED. */
  readonly signIn?: boolean
  /** Retrying a one-time-nonce login would only fail with "Incorrect signature"; such calls opt out. */
  readonly noRetry?: boolean
  readonly signal?: AbortSignal
}

/** The server's Retry-After on the error a request finally failed with (429/503), by error object. */
const serverWaits = new WeakMap<AppError, number>()

/**
 * How long the server asked to be left alone (its Retry-After) when a request failed for good with a 429 or 503;
 * null for any other failure. Watch mode waits at least this long before its next cycle.
 */
export function serverRetryAfter(error: unknown): number | null {
  return isAppError(error) ? (serverWaits.get(error) ?? null) : null
}

/** A failure worth another attempt: a 5xx or 429 answer, or a network-level problem (no answer at all). */
class RetriableFailure extends Error {
  constructor(
    readonly appError: AppError,
    /** The server's Retry-After (429/503), honoured by the retry rule. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(appError.message)
    this.name = 'RetriableFailure'
  }
}

/**
 * Sends one API request with a timeout, retries 5xx, 429 and network errors by the shared backoff rule
 * (net/backoff: jittered exponential backoff, Retry-After honoured), validates the answer.
 */
export async function requestJson<S extends z.ZodType>(http: HttpOptions, spec: RequestSpec<S>): Promise<z.infer<S>> {
  const url = buildUrl(http.baseUrl, spec.path, spec.query)
  let attempts = 0
  const attempt = async (): Promise<z.infer<S>> => {
    let response: ApiResponse
    let text: string
    const started = Date.now()
    attempts++
    try {
      const signals = [AbortSignal.timeout(http.timeoutMs), ...(spec.signal ? [spec.signal] : [])]
      response = await http.fetch(url, { method: spec.method, headers: headersFor(spec), body: bodyFor(spec), signal: AbortSignal.any(signals), redirect: 'manual' })
      text = await response.text()
    } catch (error) {
      if (spec.signal?.aborted) throw new AppError('CANCELLED', { cause: error })
      const failure = networkError(error, spec.path)
      http.log?.debug({ event: 'http', method: spec.method, path: spec.path, attempt: attempts, code: failure.code, ms: Date.now() - started }, 'request failed')
      throw new RetriableFailure(failure)
    }
    http.log?.debug({ event: 'http', method: spec.method, path: spec.path, attempt: attempts, status: response.status, ms: Date.now() - started }, 'request')
    // A redirect would re-send the password form or the Bearer token to wherever it points (https to http
    // included). Our paths carry NumerBay's trailing slashes, so a redirect is never part of a normal answer.
    if (isRedirect(response)) throw redirectError(response, spec)
    if (response.status >= 500 || response.status === 429) {
      const retryAfterMs = retryAfterFor(response.status, response.headers.get('retry-after'))
      throw new RetriableFailure(statusError(response.status, text, spec, retryAfterMs), retryAfterMs)
    }
    if (!response.ok) throw statusError(response.status, text, spec)
    return parseBody(text, spec)
  }
  try {
    return await withRetries(attempt, {
      policy: spec.noRetry ? { ...http.retry, retries: 0 } : http.retry,
      classify: (error) => (error instanceof RetriableFailure ? { retry: true, retryAfterMs: error.retryAfterMs } : { retry: false }),
      ...(spec.signal ? { signal: spec.signal } : {}),
    })
  } catch (error) {
    if (spec.signal?.aborted) throw new AppError('CANCELLED', { cause: error })
    if (error instanceof RetriableFailure) {
      if (error.retryAfterMs !== null) serverWaits.set(error.appError, error.retryAfterMs)
      throw error.appError
    }
    if (isAppError(error)) throw error
    throw new AppError('API_UNREACHABLE', { cause: error })
  }
}

function buildUrl(baseUrl: string, path: string, query?: RequestSpec<z.ZodType>['query']): string {
  const url = new URL(baseUrl + path)
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value))
  return url.toString()
}

function headersFor(spec: RequestSpec<z.ZodType>): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (spec.token) headers.authorization = `Bearer ${spec.token}`
  if (spec.form) headers['content-type'] = 'application/x-www-form-urlencoded'
  else if (spec.json !== undefined) headers['content-type'] = 'application/json'
  return headers
}

function bodyFor(spec: RequestSpec<z.ZodType>): string | undefined {
  if (spec.form) return new URLSearchParams(spec.form).toString()
  if (spec.json !== undefined) return JSON.stringify(spec.json)
  return undefined
}

function parseBody<S extends z.ZodType>(text: string, spec: RequestSpec<S>): z.infer<S> {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new AppError('API_BAD_RESPONSE', { detail: `${spec.method} ${spec.path}: the answer is not JSON` })
  }
  // Download-URL routes answer a bare string on success and {"detail"} on errors: check the shape first.
  const asError = errorBodySchema.safeParse(body)
  if (asError.success) {
    throw new AppError('API_REJECTED', { detail: describeDetail(asError.data.detail) })
  }
  const parsed = spec.schema.safeParse(body)
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')
    throw new AppError('API_BAD_RESPONSE', { detail: `${spec.method} ${spec.path}: ${where}` })
  }
  return parsed.data
}

function describeDetail(detail: z.infer<typeof errorBodySchema>['detail']): string {
  if (typeof detail === 'string') return detail
  return detail.map((item) => [item.loc?.join('.'), item.msg].filter(Boolean).join(': ')).join('; ')
}

/** The server's `detail` (not a secret), or a short excerpt of a non-JSON body ("Internal Server Error"). */
export function serverDetail(text: string): string | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text))
    if (parsed.success) return describeDetail(parsed.data.detail)
  } catch {
    // not JSON: fall through to the raw text
  }
  const trimmed = text.trim()
  return trimmed === '' ? undefined : trimmed.slice(0, 200)
}

function statusError(status: number, text: string, spec: RequestSpec<z.ZodType>, retryAfterMs: number | null = null): AppError {
  const detail = serverDetail(text)
  const wait = retryAfterMs === null ? '' : ` (asked to wait ${Math.ceil(retryAfterMs / 1000)} s)`
  const withDetail = (code: ErrorCode, message?: string): AppError =>
    new AppError(code, { ...(message ? { message } : {}), detail: `HTTP ${status}${detail ? `: ${detail}` : ''}${wait}` })
  if (status === 429) return withDetail('API_BUSY')
  if (status >= 500) return withDetail('API_SERVER_ERROR')
  if (status === 401) return withDetail(spec.token ? 'API_SESSION_EXPIRED' : 'API_SIGN_IN_REQUIRED')
  if (status === 403 && detail === 'Could not validate credentials') return withDetail('API_SESSION_EXPIRED')
  if (status === 404 && detail === 'User not found' && spec.token) return withDetail('API_SESSION_EXPIRED')
  if (status === 400 && detail === 'Inactive user') return withDetail('API_INACTIVE_USER')
  const said = detail ? ` NumerBay said: ${detail}` : ''
  if (status === 400 && spec.signIn) return withDetail('API_SIGN_IN_FAILED', `NumerBay did not accept the sign-in.${said}`)
  if (status === 403) return withDetail('API_FORBIDDEN', `NumerBay refused the request.${said}`)
  if (status === 404) return withDetail('API_NOT_FOUND', `NumerBay could not find that item.${said}`)
  return withDetail('API_REJECTED', `NumerBay rejected the request.${said}`)
}

function isRedirect(response: ApiResponse): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)
}

/** Names where the redirect pointed (origin and path: a query could hold a credential), never follows it. */
function redirectError(response: ApiResponse, spec: RequestSpec<z.ZodType>): AppError {
  let target = 'elsewhere'
  try {
    const location = response.headers.get('location')
    if (location) {
      const url = new URL(location, response.url || undefined)
      target = `${url.protocol}//${url.host}${url.pathname}`
    }
  } catch {
    // an unparsable Location: say only that there was one
  }
  return new AppError('API_REDIRECT_REFUSED', { detail: `${spec.method} ${spec.path}: HTTP ${response.status} to ${target}` })
}

function networkError(error: unknown, path: string): AppError {
  const name = (error as { name?: string } | undefined)?.name
  if (name === 'TimeoutError') return new AppError('API_TIMEOUT', { detail: path, cause: error })
  return new AppError('API_UNREACHABLE', { detail: `${path}: ${(error as { cause?: { code?: string } })?.cause?.code ?? name ?? 'network error'}`, cause: error })
}

// The messages between the decrypt pool and its workers, and how an AppError crosses the thread boundary.

import { AppError, isErrorCode, type ErrorInfo } from '../../shared/errors'
import type { SinkResult } from '../downloads/sink'

/** What the pool asks a decryption worker to do. Key bytes are copied into the worker, which wipes them. */
export type WorkerRequest =
  | {
      readonly type: 'open'
      readonly id: number
      readonly publicKey: Uint8Array
      readonly privateKey: Uint8Array
      readonly target: string
      readonly partialPath?: string
      readonly overwrite: boolean
    }
  /** A sink for an unencrypted file (hashed, written, committed like a sealed one), so its body can come here too. */
  | { readonly type: 'open-plain'; readonly id: number; readonly target: string; readonly partialPath: string; readonly overwrite: boolean }
  | { readonly type: 'write'; readonly id: number; readonly chunk: Uint8Array }
  /** Sends a storage GET for the sink's body; answered with its head. */
  | { readonly type: 'get'; readonly id: number; readonly url: string; readonly headers: Record<string, string>; readonly idleTimeoutMs?: number }
  /** Streams the body of the last GET into the sink ('received' as it goes, then 'piped'). */
  | { readonly type: 'pipe'; readonly id: number }
  /** Drops the body of the last GET. */
  | { readonly type: 'discard'; readonly id: number }
  | { readonly type: 'finish'; readonly id: number }
  | { readonly type: 'abort'; readonly id: number; readonly keepPartial: boolean }
  /** Stops a decrypt-file job (it fails with CANCELLED, leaving nothing behind) or a sink's GET. */
  | { readonly type: 'cancel'; readonly id: number }
  | {
      readonly type: 'decrypt-file'
      readonly id: number
      readonly publicKey: Uint8Array
      readonly privateKey: Uint8Array
      readonly input: string
      readonly target: string
      readonly overwrite: boolean
      readonly sha256: boolean
    }

/** What a worker reports back, always tagged with the job id. */
export type WorkerReply =
  | { readonly type: 'opened'; readonly id: number; readonly resumeOffset: number }
  /**
   * A write's bytes are on disk (or failed: then `error` is set and later calls fail too). `chunk` is the
   * write's buffer handed back (transferred) for the pool to fill again, so batches cost no fresh allocations.
   */
  | { readonly type: 'ack'; readonly id: number; readonly bytes: number; readonly chunk?: Uint8Array; readonly error?: WireError }
  | { readonly type: 'progress'; readonly id: number; readonly bytes: number; readonly total?: number }
  | { readonly type: 'head'; readonly id: number; readonly status: number; readonly headers: Record<string, string> }
  /** Body bytes the sink took since the last report. */
  | { readonly type: 'received'; readonly id: number; readonly bytes: number }
  | { readonly type: 'piped'; readonly id: number; readonly bytes: number }
  | { readonly type: 'result'; readonly id: number; readonly result: SinkResult }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError }

/** An AppError as it crosses the thread boundary: the code and the words, never a stack or a cause. */
export interface WireError {
  readonly code: string
  readonly message: string
  readonly detail?: string
}

export function toWireError(error: unknown): WireError {
  const info: ErrorInfo | null =
    error instanceof AppError ? error.toInfo() : error instanceof Error && isErrorCode((error as { code?: unknown }).code) ? ({ code: (error as AppError).code, message: error.message } as ErrorInfo) : null
  if (!info) return { code: 'INTERNAL', message: new AppError('INTERNAL').message }
  return { code: info.code, message: info.message, ...(info.detail === undefined ? {} : { detail: info.detail }) }
}

/** Rebuilds the typed error on the pool's side, so callers match on `code` as if the work were local. */
export function fromWireError(wire: WireError): AppError {
  const code = isErrorCode(wire.code) ? wire.code : 'INTERNAL'
  return new AppError(code, { message: wire.message, ...(wire.detail === undefined ? {} : { detail: wire.detail }) })
}

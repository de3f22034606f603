// Storage GETs over node:http(s), and the loop that feeds a response body to a sink in batches. The same code runs
// on a decrypt worker (the usual path: the body is read, decrypted, hashed and written on one thread and never
// crosses to the caller's) and on the caller's thread for sinks that live there. node:http rather than fetch:
// fetch's web streams copy every chunk and cost about a CPU second per GiB more (measured, see bench:sync).

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { finished, type Readable } from 'node:stream'
import { AppError, isAppError } from '../../shared/errors'
import { describeUrl } from './download-url'
import type { ArtifactSink } from './sink'
import { expectStorageHashes } from './storage-hash'

/** A connection that sends nothing for this long is given up (and the transfer retried, resuming). */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000
/** Body bytes gathered before one sink write: fewer hand-offs and syscalls than the socket's 64 KiB reads. */
const DEFAULT_BATCH_BYTES = 256 * 1024

export interface StorageGetRequest {
  /** A checked download URL (see checkDownloadUrl). */
  readonly url: string
  /** Range only: the signed URL is the whole credential, so no Authorization header and no cookies. */
  readonly headers: Readonly<Record<string, string>>
  readonly idleTimeoutMs?: number
}

/** A response whose head has arrived; the body has not been read yet. */
export interface OpenedGet {
  readonly url: URL
  readonly status: number
  header(name: string): string | null
  readonly body: IncomingMessage
  /** Drops the rest of the body and the connection. */
  discard(): void
}

// Keep-alive: a sync makes one request per file per attempt to the same storage host.
const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
}

/** The words for a failed connection, without the signed query string. */
function networkError(url: URL, error: unknown): AppError {
  if (isAppError(error)) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new AppError('DOWNLOAD_NETWORK', { detail: `${describeUrl(url)}: ${reason}`, cause: error })
}

/**
 * Sends the GET and resolves once the status and headers are in. Redirects are not followed (a signed URL that
 * redirects is an error). Rejects with DOWNLOAD_NETWORK, or CANCELLED when `signal` aborts.
 */
export function openStorageGet(request: StorageGetRequest, signal?: AbortSignal): Promise<OpenedGet> {
  const url = new URL(request.url)
  const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : null
  if (!send) return Promise.reject(new AppError('DOWNLOAD_INSECURE_URL', { detail: `${url.protocol}//${url.host}` }))
  if (signal?.aborted) return Promise.reject(new AppError('CANCELLED'))
  const idleMs = request.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS
  return new Promise<OpenedGet>((resolve, reject) => {
    const req = send(url, { method: 'GET', headers: { ...request.headers }, agent: agents[url.protocol as 'http:' | 'https:'] })
    let response: IncomingMessage | null = null
    // Once the body streams, its reader must see why it stopped: destroy the body with the reason, not just the socket.
    const stop = (error: AppError): void => void (response ? response.destroy(error) : req.destroy(error))
    const onAbort = (): void => stop(new AppError('CANCELLED'))
    signal?.addEventListener('abort', onAbort, { once: true })
    req.setTimeout(idleMs, () => stop(new AppError('DOWNLOAD_NETWORK', { detail: `${describeUrl(url)}: no data for ${Math.round(idleMs / 1000)} s` })))
    req.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort)
      reject(networkError(url, error))
    })
    req.once('response', (res: IncomingMessage) => {
      response = res
      // The body's reader sees its errors; this listener only keeps an unread body's error from being uncaught.
      res.on('error', () => undefined)
      res.once('close', () => signal?.removeEventListener('abort', onAbort))
      const header = (name: string): string | null => {
        const value = res.headers[name.toLowerCase()]
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
      }
      resolve({ url, status: res.statusCode ?? 0, header, body: res, discard: () => void res.destroy() })
    })
    req.end()
  })
}

/** Hands one batch to the sink; resolves when the batch's buffer may be filled again (the next write waits). */
export type BatchWrite = (batch: Uint8Array) => Promise<void>

/**
 * Reads a body into one reused batch and writes each full batch to the sink, one write at a time (a sink's
 * writes keep their order and may not overlap); reading waits meanwhile, which is the back-pressure on the
 * socket. On a broken connection the bytes already received are still written (a resume continues after them),
 * then it rethrows.
 */
export async function pumpBody(body: AsyncIterable<Uint8Array>, write: BatchWrite, onBytes: (count: number) => void, batchBytes = DEFAULT_BATCH_BYTES): Promise<number> {
  const batch = Buffer.allocUnsafe(batchBytes)
  let filled = 0
  let total = 0
  const flush = async (): Promise<void> => {
    if (filled === 0) return
    const count = filled
    filled = 0
    await write(batch.subarray(0, count))
    onBytes(count)
  }
  try {
    for await (const chunk of body) {
      let offset = 0
      while (offset < chunk.length) {
        const take = Math.min(chunk.length - offset, batchBytes - filled)
        batch.set(chunk.subarray(offset, offset + take), filled)
        filled += take
        offset += take
        total += take
        if (filled === batchBytes) await flush()
      }
    }
    await flush()
    return total
  } catch (error) {
    await flush().catch(() => undefined)
    throw error
  }
}

/** Takes one chunk the caller gives up; synchronous, or a promise when the sink must wait (the body pauses). */
export type OwnedWrite = (chunk: Uint8Array) => void | Promise<void>

/**
 * Hands the body's own chunks to the sink as they arrive, with no copy: for a sink that may overwrite them (it
 * decrypts in place). A chunk is the socket's read, which nothing else holds once it is emitted. Event-driven
 * rather than an async iterator: a sink that finishes each chunk before returning costs no promise per chunk.
 */
export function pumpChunks(body: Readable, write: OwnedWrite, onBytes: (count: number) => void): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let total = 0
    let failed = false
    // The write still running, if any: a paused body can still end (nothing left to read), before it lands.
    let inFlight: Promise<void> | null = null
    const fail = (error: unknown): void => {
      if (failed) return
      failed = true
      body.off('data', onData)
      body.destroy()
      reject(error)
    }
    const onData = (chunk: Buffer): void => {
      if (failed) return
      let pending: void | Promise<void>
      try {
        pending = write(chunk)
      } catch (error) {
        fail(error)
        return
      }
      if (!pending) {
        total += chunk.length
        onBytes(chunk.length)
        return
      }
      body.pause()
      inFlight = pending.then(() => {
        inFlight = null
        total += chunk.length
        onBytes(chunk.length)
        body.resume()
      }, fail)
    }
    body.on('data', onData)
    // finished() knows an HTTP body's edge cases (a socket closing right after the last byte is not a cut).
    finished(body, (error) => {
      if (error) return fail(error)
      void Promise.resolve(inFlight).then(() => {
        if (!failed) resolve(total)
      })
    })
  })
}

/**
 * Reads an opened response's body with `pump` (pumpBody or pumpChunks, bound to a sink). A broken body (reset,
 * premature close) becomes DOWNLOAD_NETWORK "connection lost"; the sink's own errors (AppErrors: disk full, a
 * failed tag) pass unchanged.
 */
export async function readBody(opened: OpenedGet, pump: (body: IncomingMessage) => Promise<number>): Promise<number> {
  try {
    return await pump(opened.body)
  } catch (error) {
    if (isAppError(error)) throw error
    throw new AppError('DOWNLOAD_NETWORK', { detail: `${describeUrl(opened.url)}: connection lost`, cause: error })
  }
}

/** The head of a storage response; its body then goes into the sink it was opened for (`pipe`) or is dropped. */
export interface StorageResponse {
  readonly status: number
  header(name: string): string | null
  /** Streams the whole body into the sink; `onBytes` as the sink takes them; resolves with the byte count. */
  pipe(onBytes: (count: number) => void): Promise<number>
  discard(): Promise<void>
}

/** A GET whose body is meant for `sink`. */
export type StorageGet = (request: StorageGetRequest & { readonly sink: ArtifactSink }, signal: AbortSignal) => Promise<StorageResponse>

/** Sinks that live on another thread and can fetch their own body there (DecryptPool's). */
export interface RemoteSinkHost {
  hostsSink(sink: ArtifactSink): boolean
  storageGet: StorageGet
}

/** The GET on this thread, feeding the sink through its `write`. */
export const localStorageGet: StorageGet = async (request, signal) => {
  const opened = await openStorageGet(request, signal)
  await expectStorageHashes(request.sink, opened).catch((error: unknown) => {
    opened.discard()
    throw error
  })
  return {
    status: opened.status,
    header: opened.header,
    pipe: (onBytes) => readBody(opened, (body) => pumpBody(body, (batch) => request.sink.write(batch), onBytes)),
    discard: async () => opened.discard(),
  }
}

/**
 * Where each GET runs: on the worker that holds the sink when there is one (network, decryption, hashing and
 * writing on one thread; the caller's event loop stays free), otherwise here.
 */
export function storageGetFor(host?: RemoteSinkHost): StorageGet {
  if (!host) return localStorageGet
  return (request, signal) => (host.hostsSink(request.sink) ? host.storageGet(request, signal) : localStorageGet(request, signal))
}

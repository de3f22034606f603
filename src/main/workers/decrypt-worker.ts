// Worker-thread entry for sealed-box decryption: the app's main process and the CLI hand files and streams
// here so that decryption never blocks their event loop. Bundled as `decrypt-worker` (see build configs).
// It is the worker's composition root: besides decryption it hosts the sync's plain-file sinks and fetches a
// sink's body itself (downloads/storage-get), so a download's bytes are read, decrypted, hashed and written on
// this one thread and never cross to the caller's.
import { parentPort } from 'node:worker_threads'
import { AppError, isAppError } from '../../shared/errors'
import { openPlainSink, type ArtifactSink } from '../downloads/sink'
import { Throttle } from '../downloads/progress'
import { openStorageGet, pumpChunks, readBody, type OpenedGet } from '../downloads/storage-get'
import { expectStorageHashes } from '../downloads/storage-hash'
import { decryptSealedFile, type DecryptProgress } from '../crypto/sealed-file'
import { FileSealedSink } from '../crypto/sealed-sink'
import { toWireError, type WorkerReply, type WorkerRequest } from './decrypt-messages'

/**
 * A worker that reads a download's socket makes a 64 KiB buffer per read, garbage outside the JS heap that V8
 * collects only after tens of MiB have piled up, in each worker. A young-generation collection every 2 MiB of
 * body keeps that bounded (measured for a two-worker sync of 1 GiB: about 55 MiB less peak RSS than none, 15 MiB
 * less than every 4 MiB; the CPU difference is below the noise). `gc` is there because the pool exposes it before
 * starting workers; without it this does nothing.
 */
const COLLECT_EVERY_BYTES = 2 * 1024 * 1024
const collectGarbage = (globalThis as { gc?: (options: { type: 'minor' | 'major' }) => void }).gc
let bytesSinceCollect = 0
function noteBodyBytes(count: number): void {
  if (!collectGarbage) return
  bytesSinceCollect += count
  if (bytesSinceCollect < COLLECT_EVERY_BYTES) return
  bytesSinceCollect = 0
  collectGarbage({ type: 'minor' })
}

/** Response headers the caller reads from a storage head: framing, the server's retry wait, and GCS's hashes. */
const FORWARDED_HEADERS = ['content-length', 'content-range', 'retry-after', 'x-goog-hash', 'x-goog-stored-content-encoding', 'content-encoding']

/** Progress is reported at most this often: enough for a smooth bar, few enough messages. */
const PROGRESS_INTERVAL_MS = 100
/** Body bytes are reported this often: a message per batch cost half a CPU second per GiB (measured). */
const RECEIVED_INTERVAL_MS = 50

/** A sink as this worker drives it: `writeOwned` may decrypt the chunk in place; a failure shows in `error`. */
interface HostedSink {
  readonly resumeOffset: number
  /** Done before it returns (the sealed sink), or a promise to wait for (the plain sink's file writes). */
  writeOwned(chunk: Uint8Array): void | Promise<void>
  readonly error: AppError | null
  finish: ArtifactSink['finish']
  abort: ArtifactSink['abort']
  expectHashes?: ArtifactSink['expectHashes']
}

/**
 * The plain sink in the shape above. Its writes go one after another (each appends where the last ended), so a
 * batch waits for the one before it; failures are reported through `error`.
 */
function hostedPlain(sink: ArtifactSink): HostedSink {
  let error: AppError | null = null
  let tail: Promise<void> = Promise.resolve()
  return {
    resumeOffset: sink.resumeOffset,
    get error() {
      return error
    },
    writeOwned(chunk) {
      if (error) throw error
      tail = tail
        .then(() => (error ? undefined : sink.write(chunk)))
        .catch((cause: unknown) => {
          error ??= isAppError(cause) ? cause : new AppError('INTERNAL', { cause })
        })
      return tail
    },
    // A write still running must land (or fail) before the file is committed or closed.
    finish: async () => {
      await tail
      if (error) throw error
      return sink.finish()
    },
    abort: async (options) => {
      await tail
      return sink.abort(options)
    },
    ...(sink.expectHashes ? { expectHashes: sink.expectHashes } : {}),
  }
}

interface Job {
  /** Requests for one sink run one after another (opening is async; writes must keep their order). */
  chain: Promise<void>
  sink: HostedSink | null
  /** The storage response whose body is for this sink, between 'get' and 'pipe'/'discard'. */
  response: OpenedGet | null
  /** Stops the GET (a pause or cancel on the caller's side). */
  http: AbortController | null
}

const jobs = new Map<number, Job>()
/** Cancellation for running decrypt-file jobs (handled outside the job's chain, which is busy with the file). */
const cancels = new Map<number, AbortController>()

function post(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(reply, transfer)
}

/** Acknowledges a write and hands its buffer back to the pool (which reuses it for a later batch). */
function ack(id: number, chunk: Uint8Array, bytes: number, error: unknown): void {
  const reply: WorkerReply = { type: 'ack', id, bytes, chunk, ...(error ? { error: toWireError(error) } : {}) }
  post(reply, [chunk.buffer as ArrayBuffer])
}

function jobFor(id: number): Job {
  let job = jobs.get(id)
  if (!job) {
    job = { chain: Promise.resolve(), sink: null, response: null, http: null }
    jobs.set(id, job)
  }
  return job
}

function wipeKeys(request: { publicKey: Uint8Array; privateKey: Uint8Array }): void {
  request.privateKey.fill(0)
}

async function handle(request: WorkerRequest, job: Job): Promise<void> {
  switch (request.type) {
    case 'open': {
      try {
        job.sink = await FileSealedSink.open({
          keyPair: { publicKey: request.publicKey, privateKey: request.privateKey },
          target: request.target,
          overwrite: request.overwrite,
          ...(request.partialPath === undefined ? {} : { partialPath: request.partialPath }),
        })
        post({ type: 'opened', id: request.id, resumeOffset: job.sink.resumeOffset })
      } finally {
        wipeKeys(request)
      }
      return
    }
    case 'open-plain': {
      job.sink = hostedPlain(
        await openPlainSink({ target: request.target, overwrite: request.overwrite, partialPath: request.partialPath }),
      )
      post({ type: 'opened', id: request.id, resumeOffset: job.sink.resumeOffset })
      return
    }
    case 'get': {
      job.response?.discard()
      job.http = new AbortController()
      job.response = await openStorageGet({ url: request.url, headers: request.headers, ...(request.idleTimeoutMs ? { idleTimeoutMs: request.idleTimeoutMs } : {}) }, job.http.signal)
      await expectStorageHashes(job.sink, job.response)
      const headers: Record<string, string> = {}
      for (const name of FORWARDED_HEADERS) {
        const value = job.response.header(name)
        if (value !== null) headers[name] = value
      }
      post({ type: 'head', id: request.id, status: job.response.status, headers })
      return
    }
    case 'pipe': {
      const response = job.response
      const sink = job.sink
      if (!response || !sink) throw new AppError('INTERNAL', { detail: 'pipe without a response or a sink' })
      job.response = null
      // Body bytes go to the caller at most once per interval, with a trailing report, so bytes that arrive just
      // before the body goes quiet are still reported.
      let unreported = 0
      const report = (): void => {
        if (unreported === 0) return
        post({ type: 'received', id: request.id, bytes: unreported })
        unreported = 0
      }
      const reports = new Throttle(RECEIVED_INTERVAL_MS, report)
      let bytes: number
      try {
        // The sealed sink decrypts each socket chunk in place; the plain sink only writes it.
        bytes = await readBody(response, (body) =>
          pumpChunks(
            body,
            (chunk) => {
              const pending = sink.writeOwned(chunk)
              if (pending) {
                return pending.then(() => {
                  if (sink.error) throw sink.error
                })
              }
              if (sink.error) throw sink.error
            },
            (count) => {
              noteBodyBytes(count)
              unreported += count
              reports.request()
            },
          ),
        )
      } finally {
        // Bytes that reached the sink before a broken connection count too (the caller keeps them for a resume).
        reports.cancel()
        report()
        job.http = null
      }
      post({ type: 'piped', id: request.id, bytes })
      return
    }
    case 'discard': {
      job.response?.discard()
      job.response = null
      job.http = null
      post({ type: 'done', id: request.id })
      return
    }
    case 'write': {
      const sink = job.sink!
      const { chunk } = request
      const bytes = chunk.length
      try {
        await sink.writeOwned(chunk)
      } catch (error) {
        ack(request.id, chunk, bytes, error)
        return
      }
      ack(request.id, chunk, bytes, sink.error)
      return
    }
    case 'finish': {
      const result = await job.sink!.finish()
      jobs.delete(request.id)
      post({ type: 'result', id: request.id, result })
      return
    }
    case 'abort': {
      job.response?.discard()
      await job.sink?.abort({ keepPartial: request.keepPartial })
      jobs.delete(request.id)
      post({ type: 'done', id: request.id })
      return
    }
    case 'cancel':
      return
    case 'decrypt-file': {
      let latest: DecryptProgress = { bytes: 0 }
      const reports = new Throttle(PROGRESS_INTERVAL_MS, () =>
        post({ type: 'progress', id: request.id, bytes: latest.bytes, ...(latest.total === undefined ? {} : { total: latest.total }) }),
      )
      const controller = new AbortController()
      cancels.set(request.id, controller)
      try {
        const result = await decryptSealedFile({
          keyPair: { publicKey: request.publicKey, privateKey: request.privateKey },
          input: request.input,
          target: request.target,
          overwrite: request.overwrite,
          sha256: request.sha256,
          signal: controller.signal,
          onProgress: (progress) => {
            latest = progress
            reports.request()
          },
        })
        reports.cancel()
        post({ type: 'result', id: request.id, result })
      } finally {
        reports.cancel()
        wipeKeys(request)
        jobs.delete(request.id)
        cancels.delete(request.id)
      }
      return
    }
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.type === 'cancel') {
    cancels.get(request.id)?.abort()
    jobs.get(request.id)?.http?.abort()
    return
  }
  const job = jobFor(request.id)
  job.chain = job.chain.then(() =>
    handle(request, job).catch((error: unknown) => {
      // The sink outlives a failed write or GET: the caller still finishes or aborts it.
      if (!['write', 'get', 'pipe', 'discard'].includes(request.type)) jobs.delete(request.id)
      post({ type: 'error', id: request.id, error: toWireError(error) })
    }),
  )
})

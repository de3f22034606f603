// The decrypt worker pool: sinks and whole-file decryptions on worker threads, so the main thread of the app or the
// CLI only passes messages while a sync decrypts.

import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { Worker } from 'node:worker_threads'
import { AppError } from '../../shared/errors'
import { fromWireError, type WireError, type WorkerReply, type WorkerRequest } from './decrypt-messages'
import type { DecryptProgress } from '../crypto/sealed-file'
import type { SealedSink, SealedSinkOptions, SealedSinkResult } from '../crypto/sealed-sink'
import type { KeyPair } from '../crypto/key-pair'
import { transferableCopy } from '../crypto/secret-bytes'
import type { PlainSinkOptions } from '../downloads/sink'
import type { RemoteSinkHost, StorageGet, StorageGetRequest, StorageResponse } from '../downloads/storage-get'

export interface DecryptPoolOptions {
  /** Worker threads at most (default: up to 2, fewer on a single-core machine). */
  readonly size?: number
  /** Where the worker script is; found automatically for source (tsx/vitest), the CLI bundle and the app bundle. */
  readonly worker?: WorkerLocation
}

export interface WorkerLocation {
  readonly url: URL
  readonly execArgv?: string[]
}

export interface PoolDecryptFileOptions {
  readonly keyPair: KeyPair
  /** Path of the sealed file; the worker reads it itself, so no bytes cross threads. */
  readonly input: string
  readonly target: string
  readonly overwrite?: boolean
  /** Compute the plaintext's SHA-256 (default true); when false the result's `sha256` is ''. */
  readonly sha256?: boolean
  readonly onProgress?: (progress: DecryptProgress) => void
  /** Stops the job: it fails with CANCELLED and its temp file is removed. */
  readonly signal?: AbortSignal
}

/**
 * Small writes are gathered into batches this big before crossing to the worker (fewer messages and syscalls).
 * 256 KiB matches the download pump's batches; 1 MiB batches were no faster and held 4× the memory in flight.
 */
const BATCH_BYTES = 256 * 1024
/** Bytes handed to a worker but not yet on disk, per sink: the backpressure window. */
const MAX_IN_FLIGHT_BYTES = 4 * BATCH_BYTES
/** Idle batch buffers the pool keeps for the next sink (enough for four sinks' windows). */
const MAX_SPARE_BATCHES = 20
/** Young-generation cap for worker isolates, in MiB. */
const WORKER_YOUNG_GENERATION_MIB = 4

/**
 * Batch buffers shared by a pool's sinks. A buffer travels to the worker (transferred) and comes back with the
 * write's ack, so a sink in steady state allocates nothing: a fresh megabyte per batch would leave garbage
 * outside the JS heap that the collector frees late, which is most of a sync's peak RSS.
 */
class BatchStock {
  private readonly spare: Uint8Array[] = []

  take(): Uint8Array {
    return this.spare.pop() ?? new Uint8Array(BATCH_BYTES)
  }

  give(buffer: Uint8Array): void {
    if (buffer.byteLength === BATCH_BYTES && this.spare.length < MAX_SPARE_BATCHES) this.spare.push(new Uint8Array(buffer.buffer, 0, BATCH_BYTES))
  }
}

/**
 * Finds the compiled worker beside this module. In the CLI bundle that is out/cli/decrypt-worker.js; in the
 * electron-vite main bundle out/main/decrypt-worker.js (possibly one level up, when this code sits in a
 * shared chunk); from TypeScript source the .ts file run through tsx.
 */
export function locateDecryptWorker(moduleUrl: string = import.meta.url): WorkerLocation {
  if (moduleUrl.endsWith('.ts')) {
    // Node 20 workers ignore `--import` hooks from execArgv, so a tiny module registers tsx, then loads the .ts.
    const tsxApi = pathToFileURL(createRequire(moduleUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
    const entry = new URL('./decrypt-worker.ts', moduleUrl).href
    const bootstrap = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(entry)})`
    return { url: new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`) }
  }
  const candidates = ['./decrypt-worker.js', './decrypt-worker.mjs', '../decrypt-worker.js', '../decrypt-worker.mjs'].map((relative) => new URL(relative, moduleUrl))
  const found = candidates.find((url) => existsSync(fileURLToPath(url)))
  if (!found) throw new AppError('INTERNAL', { message: 'The decryption worker is missing from this build.', detail: fileURLToPath(candidates[0]!) })
  return { url: found }
}

/**
 * With NUMERBAY_PROFILE_WORKERS=<folder>, every worker writes a V8 CPU profile there when it stops (the pool starts
 * workers with an explicit execArgv, so a \`--cpu-prof\` given to the process does not reach them). For profiling
 * and benchmarks (bench:sync counts the profiles to see how many workers a run started); unset, nothing changes.
 */
export function profilingExecArgv(env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = env.NUMERBAY_PROFILE_WORKERS
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []
}

let gcExposed = false
/**
 * Gives isolates created from now on a \`gc()\` (V8 flags are per process and read when an isolate starts): the
 * decrypt worker uses it to free download read buffers early (see decrypt-worker.ts). Contexts that exist already,
 * such as the caller's, are unchanged.
 */
function exposeGcToWorkers(): void {
  if (gcExposed) return
  gcExposed = true
  setFlagsFromString('--expose-gc')
}

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: AppError) => void }

/** One worker thread and the jobs running on it. */
class PoolWorker {
  readonly worker: Worker
  private readonly listeners = new Map<number, (reply: WorkerReply) => void>()
  private readonly waiting = new Map<number, Pending>()
  private dead: AppError | null = null
  private jobs = 0

  constructor(location: WorkerLocation) {
    exposeGcToWorkers()
    // The worker makes little JS garbage (its buffers live outside the heap): a small young generation keeps
    // its share of the process's peak RSS down at no measurable cost in speed.
    this.worker = new Worker(location.url, { execArgv: [...(location.execArgv ?? []), ...profilingExecArgv()], resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MIB } })
    this.worker.unref()
    this.worker.on('message', (reply: WorkerReply) => this.dispatch(reply))
    this.worker.on('error', () => this.fail(new AppError('INTERNAL', { message: 'The decryption worker stopped unexpectedly.' })))
    this.worker.on('exit', () => this.fail(new AppError('INTERNAL', { message: 'The decryption worker exited.' })))
  }

  get active(): number {
    return this.jobs
  }

  /** A worker with jobs keeps the process alive; an idle one does not (the CLI can exit without close()). */
  hold(): void {
    if (this.jobs++ === 0) this.worker.ref()
  }

  release(): void {
    if (--this.jobs === 0) this.worker.unref()
  }

  get alive(): boolean {
    return this.dead === null
  }

  /** Listens to every reply of one job (acks, progress); the final reply resolves `request`. */
  listen(id: number, listener: (reply: WorkerReply) => void): void {
    this.listeners.set(id, listener)
  }

  forget(id: number): void {
    this.listeners.delete(id)
  }

  send(request: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    if (this.dead) throw this.dead
    this.worker.postMessage(request, transfer)
  }

  /** Sends a request and waits for its terminal reply (opened/result/done, or error). */
  request(request: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      if (this.dead) return reject(this.dead)
      this.waiting.set(request.id, { resolve, reject })
      this.worker.postMessage(request, transfer)
    })
  }

  private dispatch(reply: WorkerReply): void {
    if (reply.type === 'ack' || reply.type === 'progress' || reply.type === 'received') {
      this.listeners.get(reply.id)?.(reply)
      return
    }
    const pending = this.waiting.get(reply.id)
    if (!pending) {
      // A write that failed before any request was waiting: the sink hears about it via its listener.
      this.listeners.get(reply.id)?.(reply)
      return
    }
    this.waiting.delete(reply.id)
    if (reply.type === 'error') pending.reject(fromWireError(reply.error))
    else pending.resolve(reply)
  }

  private fail(error: AppError): void {
    if (this.dead) return
    this.dead = error
    for (const pending of this.waiting.values()) pending.reject(error)
    this.waiting.clear()
    for (const listener of this.listeners.values()) listener({ type: 'error', id: -1, error: { code: error.code, message: error.message } })
    this.listeners.clear()
  }
}

/** The SealedSink interface, with the decryption, hashing and writing done on a worker thread. */
class PooledSink implements SealedSink {
  private batch: Uint8Array | null = null
  private batchFill = 0
  private inFlight = 0
  private failure: AppError | null = null
  private wake: (() => void) | null = null
  private closed = false
  /** Progress of a body this sink's worker is fetching (see get). */
  private onReceived: ((count: number) => void) | null = null

  constructor(
    readonly host: PoolWorker,
    private readonly id: number,
    readonly resumeOffset: number,
    private readonly release: () => void,
    private readonly stock: BatchStock,
  ) {
    host.listen(id, (reply) => this.onReply(reply))
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.assertUsable()
    let offset = 0
    while (offset < chunk.length) {
      this.batch ??= this.stock.take()
      const take = Math.min(chunk.length - offset, BATCH_BYTES - this.batchFill)
      this.batch.set(chunk.subarray(offset, offset + take), this.batchFill)
      this.batchFill += take
      offset += take
      if (this.batchFill === BATCH_BYTES) await this.flush()
    }
  }

  /**
   * Sends a storage GET from this sink's worker; the body, once piped, goes straight into the sink there. The
   * signal stops the request (or the body) on the worker.
   */
  async get(request: StorageGetRequest, signal: AbortSignal): Promise<StorageResponse> {
    this.assertUsable()
    signal.throwIfAborted()
    const cancel = (): void => {
      if (this.host.alive) this.host.send({ type: 'cancel', id: this.id })
    }
    signal.addEventListener('abort', cancel, { once: true })
    const done = (): void => signal.removeEventListener('abort', cancel)
    let head: WorkerReply
    try {
      head = await this.host.request({ type: 'get', id: this.id, url: request.url, headers: { ...request.headers }, ...(request.idleTimeoutMs ? { idleTimeoutMs: request.idleTimeoutMs } : {}) })
      if (head.type !== 'head') throw new AppError('INTERNAL')
    } catch (error) {
      done()
      throw error
    }
    const headers = head.headers
    return {
      status: head.status,
      header: (name) => headers[name.toLowerCase()] ?? null,
      pipe: async (onBytes) => {
        this.onReceived = onBytes
        try {
          const reply = await this.host.request({ type: 'pipe', id: this.id })
          if (reply.type !== 'piped') throw new AppError('INTERNAL')
          return reply.bytes
        } finally {
          this.onReceived = null
          done()
        }
      },
      discard: async () => {
        done()
        if (this.host.alive) await this.host.request({ type: 'discard', id: this.id }).catch(() => undefined)
      },
    }
  }

  async finish(): Promise<SealedSinkResult> {
    try {
      this.assertUsable()
      await this.flush()
      await this.drain(0)
      this.assertUsable()
      const reply = await this.host.request({ type: 'finish', id: this.id })
      if (reply.type !== 'result') throw new AppError('INTERNAL')
      return reply.result
    } catch (error) {
      // The worker cleans up after a failed finish; after an earlier write failure we must ask it to.
      if (this.failure) await this.abortOnWorker(false)
      throw error
    } finally {
      this.close()
    }
  }

  async abort(options: { keepPartial?: boolean } = {}): Promise<void> {
    if (this.closed) return
    const keepPartial = options.keepPartial ?? false
    try {
      // Bytes still in the batch were received: a kept partial must cover them, or a resume fetches them again.
      if (keepPartial && !this.failure && this.host.alive) await this.flush().catch(() => undefined)
      if (this.batch) this.stock.give(this.batch)
      this.batch = null
      this.batchFill = 0
      await this.abortOnWorker(keepPartial)
    } finally {
      this.close()
    }
  }

  private async abortOnWorker(keepPartial: boolean): Promise<void> {
    if (!this.host.alive) return
    await this.host.request({ type: 'abort', id: this.id, keepPartial }).catch(() => undefined)
  }

  private close(): void {
    if (this.closed) return
    this.closed = true
    this.host.forget(this.id)
    this.release()
  }

  private assertUsable(): void {
    if (this.failure) throw this.failure
    if (this.closed) throw new AppError('INTERNAL', { message: 'This decryption sink is already closed.' })
  }

  /** Hands the current batch to the worker (transferred, not copied) once the window has room. */
  private async flush(): Promise<void> {
    if (!this.batch || this.batchFill === 0) return
    await this.drain(MAX_IN_FLIGHT_BYTES - this.batchFill)
    this.assertUsable()
    const chunk = this.batch.subarray(0, this.batchFill)
    this.batch = null
    this.batchFill = 0
    this.inFlight += chunk.length
    try {
      this.host.send({ type: 'write', id: this.id, chunk }, [chunk.buffer as ArrayBuffer])
    } catch (error) {
      this.inFlight -= chunk.length
      throw error
    }
  }

  /** Waits until at most `limit` bytes are in flight (or the sink failed). */
  private async drain(limit: number): Promise<void> {
    while (this.inFlight > Math.max(0, limit) && !this.failure) {
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
    }
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type === 'received') {
      this.onReceived?.(reply.bytes)
      return
    }
    if (reply.type === 'ack') {
      this.inFlight -= reply.bytes
      if (reply.chunk) this.stock.give(reply.chunk)
      if (reply.error) this.failure ??= fromWireError(reply.error)
    } else if (reply.type === 'error') {
      this.failure ??= fromWireError(reply.error as WireError)
    }
    const wake = this.wake
    this.wake = null
    wake?.()
  }
}

/**
 * Decryption on worker threads. Each sink or file runs on one worker (the least busy). A sink's body can be
 * fetched on its worker too (storageGet), so the caller's event loop handles only messages. Errors keep their
 * codes across the thread boundary.
 *
 * Workers start with the first sink or file, one more each time every running worker is busy, up to `size`:
 * creating a pool costs nothing, and a run with nothing to decrypt starts none (a worker's boot is a few tenths
 * of a CPU second and tens of MiB).
 */
export class DecryptPool implements RemoteSinkHost {
  private readonly size: number
  private readonly location: WorkerLocation
  private readonly workers: PoolWorker[] = []
  private readonly stock = new BatchStock()
  private nextId = 1
  private closed = false

  constructor(options: DecryptPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(2, availableParallelism()))
    this.location = options.worker ?? locateDecryptWorker()
  }

  /** Worker threads running now: none until the first sink or file needs one (watch's idle cycles start none). */
  get running(): number {
    return this.workers.filter((host) => host.alive).length
  }

  /** A sink for an unencrypted file on a worker: same contract, so its body can be fetched there as well. */
  openPlainSink(options: PlainSinkOptions): Promise<SealedSink> {
    return this.openOnWorker((id) => ({ request: { type: 'open-plain', id, target: options.target, partialPath: options.partialPath, overwrite: options.overwrite ?? false } }))
  }

  hostsSink(sink: unknown): boolean {
    return sink instanceof PooledSink && this.workers.includes(sink.host)
  }

  /** StorageGet for this pool's sinks (downloads/storage-get routes other sinks to the calling thread). */
  readonly storageGet: StorageGet = (request, signal) => {
    if (!(request.sink instanceof PooledSink)) return Promise.reject(new AppError('INTERNAL', { detail: 'not a pooled sink' }))
    return request.sink.get(request, signal)
  }

  openSink(options: SealedSinkOptions): Promise<SealedSink> {
    return this.openOnWorker((id) => {
      const privateKey = transferableCopy(options.keyPair.privateKey)
      return {
        request: {
          type: 'open',
          id,
          publicKey: Uint8Array.from(options.keyPair.publicKey),
          privateKey,
          target: options.target,
          overwrite: options.overwrite ?? false,
          ...(options.partialPath === undefined ? {} : { partialPath: options.partialPath }),
        },
        // Transferred, not cloned: the only copy moves to the worker, which wipes it after use.
        transfer: [privateKey.buffer],
      }
    })
  }

  /** Opens a sink on the least busy worker; the worker is held (keeps the process alive) until the sink closes. */
  private async openOnWorker(open: (id: number) => { request: WorkerRequest; transfer?: ArrayBuffer[] }): Promise<SealedSink> {
    const host = this.pick(this.size)
    const id = this.nextId++
    host.hold()
    const release = (): void => host.release()
    try {
      const { request, transfer } = open(id)
      const reply = await host.request(request, transfer)
      if (reply.type !== 'opened') throw new AppError('INTERNAL')
      return new PooledSink(host, id, reply.resumeOffset, release, this.stock)
    } catch (error) {
      release()
      throw error
    }
  }

  async decryptFile(options: PoolDecryptFileOptions): Promise<SealedSinkResult> {
    const host = this.pick(this.size)
    const id = this.nextId++
    host.hold()
    if (options.onProgress) {
      const onProgress = options.onProgress
      host.listen(id, (reply) => {
        if (reply.type === 'progress') onProgress({ bytes: reply.bytes, ...(reply.total === undefined ? {} : { total: reply.total }) })
      })
    }
    const cancel = (): void => {
      if (host.alive) host.send({ type: 'cancel', id })
    }
    options.signal?.addEventListener('abort', cancel, { once: true })
    try {
      if (options.signal?.aborted) throw new AppError('CANCELLED')
      const privateKey = transferableCopy(options.keyPair.privateKey)
      const reply = await host.request(
        {
          type: 'decrypt-file',
          id,
          publicKey: Uint8Array.from(options.keyPair.publicKey),
          privateKey,
          input: options.input,
          target: options.target,
          overwrite: options.overwrite ?? false,
          sha256: options.sha256 ?? true,
        },
        [privateKey.buffer],
      )
      if (reply.type !== 'result') throw new AppError('INTERNAL')
      return reply.result
    } finally {
      options.signal?.removeEventListener('abort', cancel)
      host.forget(id)
      host.release()
    }
  }

  /** Stops every worker. Sinks still open fail with INTERNAL; their temp files are left to the OS temp rules. */
  async close(): Promise<void> {
    this.closed = true
    const workers = this.workers.splice(0)
    await Promise.all(workers.map((host) => host.worker.terminate()))
  }

  /** The least busy of the first `limit` workers, starting one if fewer are running. */
  private pick(limit: number): PoolWorker {
    if (this.closed) throw new AppError('INTERNAL', { message: 'The decryption pool is closed.' })
    for (let i = this.workers.length - 1; i >= 0; i--) if (!this.workers[i]!.alive) this.workers.splice(i, 1)
    const usable = this.workers.slice(0, limit)
    const idle = usable.find((host) => host.active === 0)
    if (idle) return idle
    if (usable.length < limit) {
      const host = new PoolWorker(this.location)
      this.workers.push(host)
      return host
    }
    return usable.reduce((best, host) => (host.active < best.active ? host : best))
  }
}

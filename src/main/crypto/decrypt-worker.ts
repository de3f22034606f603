// Worker-thread entry for sealed-box decryption: the app's main process and the CLI hand files and streams
// here so that decryption never blocks their event loop. Bundled as `decrypt-worker` (see build configs).
import { parentPort } from 'node:worker_threads'
import { decryptSealedFile } from './sealed-file'
import { FileSealedSink } from './sealed-sink'
import { toWireError, type WorkerReply, type WorkerRequest } from './decrypt-messages'

/** Progress is reported at most this often: enough for a smooth bar, few enough messages. */
const PROGRESS_INTERVAL_MS = 100

interface Job {
  /** Requests for one sink run one after another (opening is async; writes must keep their order). */
  chain: Promise<void>
  sink: FileSealedSink | null
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
    job = { chain: Promise.resolve(), sink: null }
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
    case 'write': {
      const sink = job.sink!
      const { chunk } = request
      const bytes = chunk.length
      let done: Promise<void>
      try {
        done = sink.writeOwned(chunk)
      } catch (error) {
        ack(request.id, chunk, bytes, error)
        return
      }
      // Not awaited: the next chunk is decrypted while this one is being written.
      void done.then(() => ack(request.id, chunk, bytes, sink.error))
      return
    }
    case 'finish': {
      const result = await job.sink!.finish()
      jobs.delete(request.id)
      post({ type: 'result', id: request.id, result })
      return
    }
    case 'abort': {
      await job.sink?.abort({ keepPartial: request.keepPartial })
      jobs.delete(request.id)
      post({ type: 'done', id: request.id })
      return
    }
    case 'cancel':
      return
    case 'decrypt-file': {
      let last = 0
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
          onProgress: ({ bytes, total }) => {
            const now = Date.now()
            if (now - last < PROGRESS_INTERVAL_MS) return
            last = now
            post({ type: 'progress', id: request.id, bytes, ...(total === undefined ? {} : { total }) })
          },
        })
        post({ type: 'result', id: request.id, result })
      } finally {
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
    return
  }
  const job = jobFor(request.id)
  job.chain = job.chain.then(() =>
    handle(request, job).catch((error: unknown) => {
      if (request.type !== 'write') jobs.delete(request.id)
      post({ type: 'error', id: request.id, error: toWireError(error) })
    }),
  )
})

import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startDemoServer, type DemoServerHandle } from '../../../src/demo-server'
import { MANIFEST_FILE_NAME, type SyncEvent } from '../../../src/shared/downloads'
import { sha256OfFile } from '../../../src/main/downloads/manifest'
import { openPlainSink, type ArtifactSink } from '../../../src/main/downloads/sink'
import { partialPathFor } from '../../../src/main/downloads/paths'
import { DecryptPool } from '../../../src/main/workers/decrypt-pool'
import { buildSeed, expectedSha256, listFiles, removeDir, runSync, signedInClient, tempOutDir, type ArtifactSpec } from './harness'

let demo: DemoServerHandle | null = null
let outDir: string | null = null
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  await demo?.close()
  demo = null
  if (outDir) await removeDir(outDir)
  outDir = null
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setUp(specs: ArtifactSpec[], out?: string) {
  demo = await startDemoServer({ seed: buildSeed(specs), port: 0 })
  outDir = out ?? (await tempOutDir())
  return { demo, outDir, client: await signedInClient(demo) }
}

function storageFor(box: DemoServerHandle, objectName: string) {
  return box.requests.filter((request) => request.kind === 'storage' && request.objectName === objectName)
}

async function objectSize(box: DemoServerHandle, objectName: string): Promise<number> {
  const artifact = box.state.artifacts.find((a) => a.object_name === objectName)
  return artifact?.object_size ?? -1
}

const MiB = 1024 * 1024

describe('sync under faults', () => {
  it('resumes with Range after connections reset mid-body, never fetching stored bytes twice', async () => {
    const size = 5 * MiB + 3
    const { demo: box, outDir: out, client } = await setUp([
      { order: 1, size, name: 'sealed.bin' },
      { product: 3, size, name: 'plain.bin' },
    ])
    // Each file takes about three (every attempt resumes where the previous one's bytes ended).
    const resets = 8
    box.faults.resetStorage(resets, 1_600_000)
    const result = await runSync(client, out, { engine: { concurrency: 1 } })
    expect(result.summary.complete).toBe(true)
    expect(await sha256OfFile(join(out, 'Alpha Signals/600/sealed.bin'))).toBe(await expectedSha256(0, size))
    expect(await sha256OfFile(join(out, 'Open Data/600/plain.bin'))).toBe(await expectedSha256(1, size))
    for (const name of ['sealed.bin', 'plain.bin']) {
      const requests = storageFor(box, name)
      expect(requests.length).toBeGreaterThan(1)
      expect(requests[0]!.range).toBeUndefined()
      // Every later request resumes: it starts past zero, after where the previous one started.
      const starts = requests.slice(1).map((request) => Number(/^bytes=(\d+)-$/.exec(request.range ?? '')?.[1] ?? 0))
      for (const start of starts) expect(start).toBeGreaterThan(0)
      expect([...starts].sort((a, b) => a - b)).toEqual(starts)
      for (const request of requests.slice(1)) expect(request.status).toBe(206)
    }
    // Both sinks store every byte they receive (the decrypt pool hands its unsent batch to the worker before a
    // resumable abort). The server's count also includes what a reset destroyed in the socket buffers before it
    // reached us, so allow a little for each reset, no more.
    for (const name of ['sealed.bin', 'plain.bin']) {
      const resetsOfFile = storageFor(box, name).length - 1
      expect(box.bytesServed(name)).toBeLessThanOrEqual((await objectSize(box, name)) + resetsOfFile * 256 * 1024)
    }
    expect(result.events.filter((event) => event.type === 'retry').length).toBeGreaterThanOrEqual(4)
  })

  it('asks for a new URL when storage says the URL expired', async () => {
    const { demo: box, outDir: out, client } = await setUp([{ order: 1, size: 100_000, name: 'a.csv' }])
    box.faults.expireNextStorage(2)
    const result = await runSync(client, out)
    expect(result.summary.complete).toBe(true)
    expect(storageFor(box, 'a.csv').map((r) => r.status)).toEqual([403, 403, 200])
    expect(box.requests.filter((r) => r.kind === 'api' && r.path.endsWith('/generate-download-url'))).toHaveLength(3)
  })

  it('gets through 5xx storms on storage and API, and fails clearly when the storm outlasts the retries', async () => {
    const { demo: box, outDir: out, client } = await setUp([
      { order: 1, size: 50_000, name: 'a.csv' },
      { product: 3, size: 50_000, name: 'b.csv' },
    ])
    box.faults.failStorage(6, 503)
    // Three in a row: the API client's own retries absorb them (a fourth would fail the listing).
    box.faults.failApi(3, 502)
    const result = await runSync(client, out, { engine: { concurrency: 2 } })
    expect(result.summary).toMatchObject({ done: 2, complete: true })

    box.faults.failStorage(1000, 500)
    const rehash = await runSync(client, out, { engine: { rehash: true, retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 } } })
    // Done files stay done: nothing was fetched, so the storm does not matter.
    expect(rehash.summary.complete).toBe(true)
    await rm(join(out, 'Open Data/600/b.csv'))
    const stormy = await runSync(client, out, { engine: { retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 } } })
    expect(stormy.summary).toMatchObject({ done: 1, failed: 1, complete: false })
    const failed = stormy.events.find((e): e is Extract<SyncEvent, { type: 'state' }> => e.type === 'state' && e.state === 'failed')
    expect(failed?.error?.code).toBe('DOWNLOAD_HTTP_ERROR')
    expect(failed?.error?.detail).not.toMatch(/X-Goog|Signature|\?/)
  })

  it('marks files "no longer available" when the round rolls over mid-sync', async () => {
    const { demo: box, outDir: out, client } = await setUp([
      { order: 1, size: 10_000, name: 'first.csv' },
      { order: 1, size: 10_000, name: 'second.csv' },
      { order: 1, size: 10_000, name: 'third.csv' },
    ])
    // The next file's URL is asked for while the first transfers (its head start): that request waits until the
    // first file is done and the round has rolled over, as if the rollover fell between the two files.
    let firstDone!: () => void
    const afterFirst = new Promise<void>((resolve) => (firstDone = resolve))
    let calls = 0
    const rollingClient = new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown
        if (property !== 'orderArtifactDownloadUrl' || typeof value !== 'function') return value
        return async (...args: unknown[]) => {
          if (++calls === 2) {
            await afterFirst
            await box.advanceRound()
          }
          return (value as (...a: unknown[]) => Promise<string>).apply(target, args)
        }
      },
    })
    const result = await runSync(rollingClient, out, {
      engine: { concurrency: 1 },
      onEngine: (engine) => engine.subscribe((event) => event.type === 'state' && event.state === 'done' && firstDone()),
    })
    expect(result.summary).toMatchObject({ done: 1, skipped: 2, failed: 0, complete: true })
    const skipped = result.events.filter((e): e is Extract<SyncEvent, { type: 'state' }> => e.type === 'state' && e.state === 'skipped')
    expect(skipped.map((e) => e.reason)).toEqual(['no-longer-available', 'no-longer-available'])
    expect(skipped[0]?.error?.code).toBe('DOWNLOAD_NO_LONGER_AVAILABLE')
    // The finished file stays done in a later run even though the server no longer lists it.
    const later = await runSync(client, out)
    expect(later.summary.bytesReceived).toBe(0)
  })

  it('leaves nothing behind when a file was tampered with on the server', async () => {
    const { demo: box, outDir: out, client } = await setUp([
      { order: 1, size: 1 * MiB, name: 'tampered.csv' },
      { order: 1, size: 1000, name: 'fine.csv' },
    ])
    await box.faults.tamper('tampered.csv', 5000)
    const result = await runSync(client, out)
    expect(result.summary).toMatchObject({ done: 1, failed: 1, complete: false })
    const failed = result.events.find((e): e is Extract<SyncEvent, { type: 'state' }> => e.type === 'state' && e.state === 'failed')
    expect(failed?.error?.code).toBe('SEALED_AUTH_FAILED')
    expect(await listFiles(out)).toEqual([MANIFEST_FILE_NAME, 'Alpha Signals/600/fine.csv'])
  })

  it('pauses and resumes a file with Range, and restarts cleanly when the server ignores Range (200, not 206)', async () => {
    const size = 8 * MiB
    const { demo: box, outDir: out, client } = await setUp([{ order: 1, size, name: 'big.bin' }, { product: 3, size, name: 'plain.bin' }])
    // First run: both bodies go quiet after 3 MiB, so the pause always lands on unfinished transfers.
    box.faults.stallStorage(2, 3 * MiB)
    const first = await runSync(client, out, {
      onEngine: (engine) => {
        const stop = engine.subscribe((event) => {
          if (event.type === 'progress' && event.files.some((f) => f.name === 'big.bin' && f.bytesDone > 2 * MiB)) {
            stop()
            engine.pause()
          }
        })
      },
    })
    expect(first.summary.complete).toBe(false)
    expect(first.summary.unfinished).toBeGreaterThanOrEqual(1)
    expect(first.events.some((e) => e.type === 'paused')).toBe(true)
    const partials = (await listFiles(out)).filter((file) => file.startsWith('.numerbay-partial/'))
    expect(partials).toContain(partialPathFor(out, first.plan.downloads.find((d) => d.objectName === 'big.bin')!.key).slice(out.length + 1))
    expect(await listFiles(out)).not.toContain('Alpha Signals/600/big.bin')

    // Second run: storage ignores Range on the sealed file's first request and answers 200 with everything.
    // A stall the first run did not use up (it paused before asking for one file) must not stall the second.
    box.faults.clear()
    box.faults.ignoreRange(1, 'big.bin')
    const second = await runSync(client, out)
    expect(second.summary.complete).toBe(true)
    expect(await sha256OfFile(join(out, 'Alpha Signals/600/big.bin'))).toBe(await expectedSha256(0, size))
    expect(await sha256OfFile(join(out, 'Open Data/600/plain.bin'))).toBe(await expectedSha256(1, size))
    const plainRequests = storageFor(box, 'plain.bin')
    if (plainRequests.length > 1) {
      expect(plainRequests.at(-1)!.range).toMatch(/^bytes=\d+-$/)
      expect(plainRequests.at(-1)!.status).toBe(206)
    }
    // Paused transfers are cut mid-stream, so the server's count includes bytes still in socket buffers.
    expect(box.bytesServed('plain.bin')).toBeLessThan(2 * size)
    // The ignored Range was dropped at once; the partial started over on a fresh request.
    const bigRequests = storageFor(box, 'big.bin')
    expect(bigRequests.at(-2)).toMatchObject({ status: 200, range: expect.stringMatching(/^bytes=[1-9]\d*-$/) })
    expect(bigRequests.at(-1)).toMatchObject({ status: 200, completed: true })
    expect(bigRequests.at(-1)!.range).toBeUndefined()
    expect((await listFiles(out)).filter((file) => file.startsWith('.numerbay-partial/'))).toEqual([])
  })

  it('drops a connection that goes quiet and resumes the file on a new one', async () => {
    const size = 3 * MiB + 7
    const { demo: box, outDir: out, client } = await setUp([{ order: 1, size, name: 'quiet.bin' }])
    box.faults.stallStorage(1, MiB)
    const result = await runSync(client, out, { engine: { idleTimeoutMs: 300 } })
    expect(result.summary.complete).toBe(true)
    expect(await sha256OfFile(join(out, 'Alpha Signals/600/quiet.bin'))).toBe(await expectedSha256(0, size))
    const retry = result.events.find((e): e is Extract<SyncEvent, { type: 'retry' }> => e.type === 'retry')
    expect(retry?.problem).toMatchObject({ code: 'DOWNLOAD_NETWORK', detail: expect.stringContaining('no data for') })
    const requests = storageFor(box, 'quiet.bin')
    expect(requests).toHaveLength(2)
    // The second request starts where the silent one's bytes ended (the sealed header included).
    expect(requests[1]!.range).toMatch(/^bytes=\d+-$/)
    expect(Number(/\d+/.exec(requests[1]!.range!)![0])).toBeGreaterThan(MiB / 2)
  })

  it('cancels one file (partial discarded) while the others finish', async () => {
    const { demo: box, outDir: out, client } = await setUp([
      { order: 1, size: 2 * MiB, name: 'cancel-me.bin' },
      { order: 1, size: 1000, name: 'keep.csv' },
    ])
    // The file to cancel goes quiet after 256 KiB, so the cancel lands mid-body.
    box.faults.stallStorage(1, 256 * 1024)
    const result = await runSync(client, out, {
      engine: { concurrency: 1 },
      onEngine: (engine) => {
        const key = engine.plan.downloads.find((d) => d.objectName === 'cancel-me.bin')!.key
        const stop = engine.subscribe((event) => {
          if (event.type === 'progress' && event.files.some((f) => f.key === key && f.bytesDone > 0)) {
            stop()
            engine.cancel(key)
          }
        })
      },
    })
    expect(result.summary).toMatchObject({ done: 1, cancelled: 1, complete: false })
    // Give the discard a moment: it runs after the state change.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await listFiles(out)).toEqual([MANIFEST_FILE_NAME, 'Alpha Signals/600/keep.csv'])
  })

  it('decrypts files sealed to an older key through the keyring, and skips them without it', async () => {
    const { outDir: out, client } = await setUp([{ order: 2, size: 4000, name: 'old.csv' }])
    const without = await runSync(client, out, { keys: [(await import('./harness')).CURRENT_KEY] })
    expect(without.summary).toMatchObject({ done: 0, skipped: 1, complete: true })
    expect(without.plan.skipped[0]?.reason).toBe('not-sealed-to-your-key')
    const withKeyring = await runSync(client, out)
    expect(withKeyring.summary).toMatchObject({ done: 1, complete: true })
    expect(await sha256OfFile(join(out, 'Old Key Product/600/old.csv'))).toBe(await expectedSha256(0, 4000))
  })
})

describe('a key replaced after upload', () => {
  it('tries the keyring when a file is sealed to an older key than its order now names', async () => {
    const { CURRENT_PUBLIC, OLD_PUBLIC } = await import('./harness')
    demo = await startDemoServer({
      seed: buildSeed([{ order: 5, size: 3000, name: 'before-rekey.csv' }], { orders: [{ id: 5, buyer: 1, product: 1, rounds: [600], buyer_public_key: OLD_PUBLIC }] }),
      port: 0,
    })
    // NumerBay re-keys active orders on key replacement; files already uploaded stay sealed to the old key.
    demo.state.orders.find((order) => order.id === 5)!.buyer_public_key = CURRENT_PUBLIC
    outDir = await tempOutDir()
    const client = await signedInClient(demo)
    const result = await runSync(client, outDir)
    expect(result.summary).toMatchObject({ done: 1, complete: true })
    expect(await sha256OfFile(join(outDir, 'Alpha Signals/600/before-rekey.csv'))).toBe(await expectedSha256(0, 3000))
    expect(storageFor(demo, 'before-rekey.csv')).toHaveLength(2)
    expect(result.events.some((e) => e.type === 'retry' && e.problem.code === 'SEALED_AUTH_FAILED')).toBe(true)
  })
})

describe('a full disk', () => {
  /**
   * A tmpfs when this machine lets us mount one (root), otherwise null. It starts roomy, so the sync's check of
   * free space before it starts passes; `shrink()` makes it 1.5 MiB once the run is open, as a disk that other
   * programs fill during a sync.
   */
  async function smallDisk(): Promise<{ dir: string; grow: () => void; shrink: () => void } | null> {
    const dir = await mkdtemp(join(tmpdir(), 'numerbay-full-'))
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'ignore' })
    } catch {
      await rm(dir, { recursive: true, force: true })
      return null
    }
    cleanups.push(async () => {
      execFileSync('umount', [dir], { stdio: 'ignore' })
      await rm(dir, { recursive: true, force: true })
    })
    return {
      dir,
      grow: () => execFileSync('mount', ['-o', 'remount,size=16m', dir], { stdio: 'ignore' }),
      shrink: () => execFileSync('mount', ['-o', 'remount,size=1536k', dir], { stdio: 'ignore' }),
    }
  }

  /** Without a mount: the same ENOSPC from the sink's file layer once `limit` bytes are written in total. */
  function injectedEnospc(limit: number) {
    let written = 0
    let full = true
    const wrap = (sink: ArtifactSink): ArtifactSink => ({
      resumeOffset: sink.resumeOffset,
      write: async (chunk) => {
        if (full && written + chunk.length > limit) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
        written += chunk.length
        return sink.write(chunk)
      },
      finish: () => sink.finish(),
      abort: (options) => sink.abort(options),
    })
    return { wrap, grow: () => (full = false) }
  }

  it('pauses everything with DISK_FULL, leaves no partial under a final name, and completes after space is freed', async () => {
    const disk = await smallDisk()
    const specs: ArtifactSpec[] = [
      { order: 1, size: 500_000, name: 'one.bin' },
      { order: 1, size: 500_000, name: 'two.bin' },
      { product: 3, size: 500_000, name: 'three.bin' },
      { order: 1, size: 500_000, name: 'four.bin' },
    ]
    const out = disk ? join(disk.dir, 'out') : await tempOutDir()
    await mkdir(out, { recursive: true })
    const { client } = await setUp(specs, out)
    if (disk) outDir = null // the tmpfs cleanup removes it
    const injected = disk ? null : injectedEnospc(1_200_000)
    const pool = new DecryptPool({ size: 2 })
    cleanups.push(() => pool.close())
    const workers = injected
      ? (over: DecryptPool) => ({
          hostsSink: (sink: Parameters<DecryptPool['hostsSink']>[0]) => over.hostsSink(sink),
          storageGet: over.storageGet,
          openSink: async (request: Parameters<DecryptPool['openSink']>[0]) => injected.wrap(await over.openSink(request)),
          openPlainSink: async (request: Parameters<typeof openPlainSink>[0]) => injected.wrap(await openPlainSink(request)),
        })
      : undefined

    const first = await runSync(client, out, { pool, ...(workers ? { workers } : {}), engine: { concurrency: 2 }, onEngine: () => disk?.shrink() })
    expect(first.summary.complete).toBe(false)
    const paused = first.events.find((e): e is Extract<SyncEvent, { type: 'paused' }> => e.type === 'paused')
    expect(paused).toMatchObject({ reason: 'error', error: { code: 'DISK_FULL' } })
    expect(first.summary.unfinished).toBeGreaterThan(0)
    // Whatever has a final name is complete and authentic.
    const names = Object.fromEntries(specs.map((spec, index) => [spec.name!, index]))
    for (const file of await listFiles(out)) {
      if (file.startsWith('.') ) continue
      const name = file.split('/').at(-1)!
      expect(await sha256OfFile(join(out, file))).toBe(await expectedSha256(names[name]!, 500_000))
    }

    if (disk) disk.grow()
    else injected!.grow()
    const second = await runSync(client, out, { pool, ...(workers ? { workers } : {}) })
    expect(second.summary).toMatchObject({ done: 4, complete: true })
    for (const [index, spec] of specs.entries()) {
      const folder = spec.product ? 'Open Data' : 'Alpha Signals'
      expect(await sha256OfFile(join(out, folder, '600', spec.name!))).toBe(await expectedSha256(index, 500_000))
    }
    expect((await listFiles(out)).filter((file) => file.startsWith('.numerbay-partial/'))).toEqual([])
  })
})

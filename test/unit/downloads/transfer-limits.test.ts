// A hostile storage host (issue 14): bodies longer than they say, bytes trickled for ever, and connections
// dropped after a little progress, again and again. Each file is held to its declared size and a deadline.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlannedArtifact } from '../../../src/shared/downloads'
import { openPlainSink } from '../../../src/main/downloads/sink'
import { localStorageGet } from '../../../src/main/downloads/storage-get'
import { transferArtifact, type TransferDeps } from '../../../src/main/downloads/transfer'

let server: Server | null = null
let dir: string
let requests = 0

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'transfer-limits-'))
  requests = 0
})

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = null
  await rm(dir, { recursive: true, force: true })
})

async function storage(handler: (req: IncomingMessage, res: ServerResponse, offset: number) => void): Promise<URL> {
  server = createServer((req, res) => {
    requests++
    const offset = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0)
    handler(req, res, offset)
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/storage/x.bin?X-Goog-Signature=s`)
}

const artifact = { key: 'product:1:1', source: 'product', artifactId: 1, productId: 1, objectName: 'x.bin', sealed: false } as PlannedArtifact

function run(url: URL, overrides: Partial<TransferDeps> = {}) {
  const target = join(dir, 'x.bin')
  const partialPath = join(dir, '.numerbay-partial', 'x.part')
  const deps: TransferDeps = {
    storageGet: localStorageGet,
    getDownloadUrl: async () => url,
    openSink: (_artifact, request) => openPlainSink(request),
    retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 2 },
    ...overrides,
  }
  return { target, partialPath, done: transferArtifact({ artifact, target, partialPath, overwrite: false }, deps, new AbortController().signal) }
}

const sizeOf = (path: string): Promise<number | null> => stat(path).then((info) => info.size, () => null)

describe('a storage body is held to its declared size', () => {
  it('refuses a body that declares no size (chunked): nothing would bound it', async () => {
    const url = await storage((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      const chunk = Buffer.alloc(64 * 1024, 1)
      let sent = 0
      const more = (): void => {
        while (sent < 64 && res.write(chunk)) sent++
        if (sent < 64) res.once('drain', more)
        else res.end()
      }
      more()
    })
    const { done, partialPath, target } = run(url)
    await expect(done).rejects.toMatchObject({ error: { code: 'DOWNLOAD_BAD_RESPONSE', detail: expect.stringContaining('Content-Length') } })
    expect(await sizeOf(partialPath)).toBeNull()
    expect(await sizeOf(target)).toBeNull()
  })

  it('refuses a resumed body whose Content-Length runs past its Content-Range, before reading it', async () => {
    let attempt = 0
    const url = await storage((_req, res, offset) => {
      attempt++
      if (attempt === 1) {
        // The first attempt stops after 10 bytes of 100, leaving a partial to resume.
        res.writeHead(200, { 'content-length': '100' })
        res.write(Buffer.alloc(10, 2), () => res.socket?.destroy())
        return
      }
      res.writeHead(206, { 'content-range': `bytes ${offset}-99/100`, 'content-length': String(4 * 1024 * 1024) })
      res.end(Buffer.alloc(4 * 1024 * 1024, 3))
    })
    const { done, partialPath } = run(url)
    await expect(done).rejects.toMatchObject({ error: { code: 'DOWNLOAD_BAD_RESPONSE', detail: expect.stringContaining('does not match Content-Range') } })
    // Never more than the 100 bytes the object has reached the disk.
    expect((await sizeOf(partialPath)) ?? 0).toBeLessThanOrEqual(100)
  })
})

describe('a file has a deadline derived from its size', () => {
  it('stops a body trickled just inside the idle timeout, and keeps the partial for a later run', async () => {
    const url = await storage((_req, res) => {
      res.writeHead(200, { 'content-length': '2000' })
      const timer = setInterval(() => res.write(Buffer.alloc(10, 4)), 50)
      res.on('close', () => clearInterval(timer))
    })
    const started = Date.now()
    // 400 ms plus the size at 1 MB/s: the 2000 bytes would need 10 s at this pace.
    const { done, partialPath } = run(url, { deadline: { baseMs: 400, minBytesPerSecond: 1_000_000 }, idleTimeoutMs: 5_000 })
    await expect(done).rejects.toMatchObject({ kind: 'fatal', error: { code: 'DOWNLOAD_TOO_SLOW' } })
    expect(Date.now() - started).toBeLessThan(3_000)
    const kept = await sizeOf(partialPath)
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(2000)
  })

  it('grows with the declared size: a large file at a fair pace is not cut off', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 5)
    const chunks = 8
    const url = await storage((_req, res) => {
      res.writeHead(200, { 'content-length': String(chunks * chunk.length) })
      let sent = 0
      const timer = setInterval(() => {
        res.write(chunk)
        if (++sent === chunks) {
          clearInterval(timer)
          res.end()
        }
      }, 100)
      res.on('close', () => clearInterval(timer))
    })
    // About 0.8 s at this pace: far past the 200 ms base alone, well within the base plus 8 MiB at 1 MiB/s
    // (8.2 s: room for a busy machine's timers).
    const { done, target } = run(url, { deadline: { baseMs: 200, minBytesPerSecond: 1024 * 1024 } })
    await expect(done).resolves.toMatchObject({ plaintextBytes: chunks * chunk.length })
    expect(await sizeOf(target)).toBe(chunks * chunk.length)
  })
})

describe('retries that made progress', () => {
  it('still count against a bound', async () => {
    // Every attempt gets 10 more bytes of 1000, then the connection drops: free retries would take 100 requests.
    const url = await storage((_req, res, offset) => {
      const headers = offset > 0 ? { 'content-range': `bytes ${offset}-999/1000`, 'content-length': String(1000 - offset) } : { 'content-length': '1000' }
      res.writeHead(offset > 0 ? 206 : 200, headers)
      res.write(Buffer.alloc(10, 6), () => res.socket?.destroy())
    })
    const { done, partialPath } = run(url, { retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 2, progressRetries: 4 } })
    await expect(done).rejects.toMatchObject({ kind: 'fatal', error: { code: 'DOWNLOAD_NETWORK' } })
    expect(requests).toBe(5)
    expect(await sizeOf(partialPath)).toBe(50)
  })
})

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import type { ArtifactSink } from '../../../src/main/downloads/sink'
import { localStorageGet, openStorageGet, pumpBody, pumpChunks, storageGetFor, type StorageGet } from '../../../src/main/downloads/storage-get'

let server: Server | null = null
const seen: IncomingMessage[] = []

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    seen.push(req)
    handler(req, res)
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return `http://127.0.0.1:${port}/storage/object.bin?X-Goog-Signature=secret`
}

afterEach(async () => {
  seen.length = 0
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = null
})

/** A sink that keeps what it is given, for the transports that copy into it. */
function memorySink(): ArtifactSink & { readonly bytes: () => Buffer } {
  const parts: Buffer[] = []
  return {
    resumeOffset: 0,
    write: async (chunk) => void parts.push(Buffer.from(chunk)),
    finish: async () => ({ path: '', plaintextBytes: 0, sha256: '' }),
    abort: async () => undefined,
    bytes: () => Buffer.concat(parts),
  }
}

describe('storage GETs over node:http', () => {
  it('sends Range and nothing else that identifies the user, and reads the head without following redirects', async () => {
    const url = await serve((req, res) => {
      if (req.headers.range) {
        res.writeHead(302, { location: 'http://elsewhere.example/' })
        return res.end()
      }
      res.writeHead(200, { 'content-length': '3' })
      res.end('abc')
    })
    const plain = await openStorageGet({ url, headers: {} })
    expect(plain.status).toBe(200)
    expect(plain.header('Content-Length')).toBe('3')
    plain.discard()
    const redirected = await openStorageGet({ url, headers: { range: 'bytes=1-' } })
    expect(redirected.status).toBe(302)
    redirected.discard()
    expect(seen.map((req) => req.headers.range)).toEqual([undefined, 'bytes=1-'])
    for (const req of seen) {
      expect(req.headers.authorization).toBeUndefined()
      expect(req.headers.cookie).toBeUndefined()
    }
  })

  it('names the host, never the signed query, when the connection fails', async () => {
    const url = await serve(() => undefined)
    const port = (server!.address() as { port: number }).port
    await new Promise((resolve) => server!.close(resolve))
    server = null
    const failure = await openStorageGet({ url, headers: {} }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'DOWNLOAD_NETWORK' })
    expect((failure as { detail: string }).detail).toContain(`127.0.0.1:${port}/storage/object.bin`)
    expect((failure as { detail: string }).detail).not.toContain('secret')
  })

  it('gives up a connection that goes quiet mid-body after the idle timeout', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(1 << 20) })
      res.write(Buffer.alloc(1000, 1))
    })
    const sink = memorySink()
    const response = await localStorageGet({ url, headers: {}, idleTimeoutMs: 150, sink }, new AbortController().signal)
    const started = Date.now()
    await expect(response.pipe(() => undefined)).rejects.toMatchObject({ code: 'DOWNLOAD_NETWORK', detail: expect.stringContaining('no data for') })
    expect(Date.now() - started).toBeLessThan(5000)
    // What arrived before the silence still reached the sink (a resume continues after it).
    expect(sink.bytes().length).toBe(1000)
  })

  it('stops at once when the signal aborts, before or during the body', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(1 << 20) })
      res.write(Buffer.alloc(10))
    })
    const early = new AbortController()
    early.abort()
    await expect(openStorageGet({ url, headers: {} }, early.signal)).rejects.toMatchObject({ code: 'CANCELLED' })
    const late = new AbortController()
    const response = await localStorageGet({ url, headers: {}, sink: memorySink() }, late.signal)
    const piping = response.pipe(() => undefined)
    setTimeout(() => late.abort(), 50)
    await expect(piping).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('reports a body cut short as a lost connection, not as a sink failure', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100000' })
      res.write(Buffer.alloc(5000), () => res.socket?.destroy())
    })
    const sink = memorySink()
    const response = await localStorageGet({ url, headers: {}, sink }, new AbortController().signal)
    await expect(response.pipe(() => undefined)).rejects.toMatchObject({ code: 'DOWNLOAD_NETWORK', detail: expect.stringContaining('connection lost') })
    expect(sink.bytes().length).toBe(5000)
  })
})

describe('feeding a body to a sink', () => {
  it('pumpBody batches the body, flushes the tail, and counts every byte', async () => {
    const body = new PassThrough()
    const writes: number[] = []
    const counted: number[] = []
    const done = pumpBody(body, async (batch) => void writes.push(batch.length), (count) => counted.push(count), 4096)
    for (let i = 0; i < 5; i++) body.write(Buffer.alloc(1500, i))
    body.end()
    expect(await done).toBe(7500)
    expect(writes).toEqual([4096, 3404])
    expect(counted.reduce((a, b) => a + b)).toBe(7500)
  })

  it('pumpChunks hands chunks over in order, waits for a write that is not done, and ends only after it lands', async () => {
    const body = new PassThrough()
    const landed: number[] = []
    let release: (() => void) | null = null
    const done = pumpChunks(
      body,
      (chunk) => {
        if (chunk[0] !== 2) return void landed.push(chunk[0]!)
        // The third chunk's write takes a while; the body must not end before it lands.
        return new Promise<void>((resolve) => {
          release = () => {
            landed.push(2)
            resolve()
          }
        })
      },
      () => undefined,
    )
    body.write(Buffer.from([0, 0]))
    body.write(Buffer.from([1]))
    body.write(Buffer.from([2, 2, 2]))
    body.end(Buffer.from([3]))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(landed).toEqual([0, 1])
    release!()
    expect(await done).toBe(7)
    expect(landed).toEqual([0, 1, 2, 3])
  })

  it('pumpChunks stops on the first failed write and tears the body down', async () => {
    const body = new PassThrough()
    const done = pumpChunks(
      body,
      () => {
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' })
      },
      () => undefined,
    )
    body.write(Buffer.from([1]))
    await expect(done).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(body.destroyed).toBe(true)
  })

  it('storageGetFor sends a worker-held sink to its worker and any other sink through this thread', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '2' })
      res.end('ok')
    })
    const held = memorySink()
    const routed: ArtifactSink[] = []
    const remote: StorageGet = async (request) => {
      routed.push(request.sink)
      return { status: 299, header: () => null, pipe: async () => 0, discard: async () => undefined }
    }
    const get = storageGetFor({ hostsSink: (sink) => sink === held, storageGet: remote })
    const signal = new AbortController().signal
    expect((await get({ url, headers: {}, sink: held }, signal)).status).toBe(299)
    const other = memorySink()
    const local = await get({ url, headers: {}, sink: other }, signal)
    expect(local.status).toBe(200)
    expect(await local.pipe(() => undefined)).toBe(2)
    expect(other.bytes().toString()).toBe('ok')
    expect(routed).toEqual([held])
  })
})

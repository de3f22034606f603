import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeFetch } from '../../../src/main/numerbay/node-fetch'

let server: Server
let origin: string
const seen: { method: string; url: string; body: string; headers: Record<string, string | string[] | undefined> }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers })
      if (req.url === '/globals') {
        res.writeHead(307, { location: '/globals/' })
        res.end()
      } else if (req.url === '/see-other') {
        res.writeHead(303, { location: '/echo' })
        res.end()
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2000)
      } else if (req.url === '/missing') {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end('{"detail":"Not Found"}')
      } else {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ method: req.method, url: req.url, body, type: req.headers['content-type'] ?? null }))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('nodeFetch (the API client transport)', () => {
  it('sends the method, headers and body, and gives the status and text', async () => {
    const response = await nodeFetch(`${origin}/echo?x=1`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body: '{"a":"é"}' })
    expect(response.status).toBe(200)
    expect(response.ok).toBe(true)
    expect(JSON.parse(await response.text())).toEqual({ method: 'POST', url: '/echo?x=1', body: '{"a":"é"}', type: 'application/json' })
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer t')
  })

  it('never follows a redirect: it is answered as itself, Location and all (the client refuses it)', async () => {
    const before = seen.length
    const slash = await nodeFetch(`${origin}/globals`, { method: 'GET', headers: {}, redirect: 'manual' })
    expect(slash.status).toBe(307)
    expect(slash.headers.get('location')).toBe('/globals/')
    const other = await nodeFetch(`${origin}/see-other`, { method: 'POST', headers: {}, body: 'x', redirect: 'manual' })
    expect(other.status).toBe(303)
    // Nothing went to where they pointed.
    expect(seen.slice(before).map((request) => request.url)).toEqual(['/globals', '/see-other'])
  })

  it('reports an error status without throwing', async () => {
    const response = await nodeFetch(`${origin}/missing`, { method: 'GET', headers: {} })
    expect(response.ok).toBe(false)
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('{"detail":"Not Found"}')
  })

  it("rejects like fetch: the signal's reason on a timeout, a TypeError with the cause when unreachable", async () => {
    await expect(nodeFetch(`${origin}/slow`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' })
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const failure = await nodeFetch(`http://127.0.0.1:${port}/`, { method: 'GET', headers: {} }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TypeError)
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED')
  })
})

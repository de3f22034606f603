// The browser preview against hostile input (issue 14): bridge messages of the wrong shape, before and after
// hello, must be refused without taking the preview down; the built renderer's server refuses other Host
// names (DNS rebinding), as Vite's dev server does.
import { request } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startPreview, type PreviewHandle } from '../../../src/main/preview'
import { isPreviewHost } from '../../../src/main/preview/server'
import { PREVIEW_BRIDGE_PATH } from '../../../src/shared/ipc/preview-protocol'

let preview: PreviewHandle
let rendererDir: string

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'preview-hostile-'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>')
  preview = await startPreview({ renderer: 'built', rendererDir, services: {} })
}, 60_000)

afterAll(async () => {
  await preview?.close()
  await rm(rendererDir, { recursive: true, force: true })
})

/** Opens the bridge, optionally says hello, sends `raw` as is, and resolves with the close code. */
async function sendRaw(raw: string, { hello }: { hello: boolean }): Promise<number> {
  const socket = new WebSocket(`ws://127.0.0.1:${new URL(preview.origin).port}${PREVIEW_BRIDGE_PATH}`, { origin: preview.origin })
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  if (hello) {
    const ready = new Promise<void>((resolve) => socket.once('message', () => resolve()))
    socket.send(JSON.stringify({ type: 'hello', token: preview.token }))
    await ready
  }
  socket.send(raw)
  return closed
}

/** The preview still answers a well-formed client. */
async function stillServes(): Promise<void> {
  const socket = new WebSocket(`ws://127.0.0.1:${new URL(preview.origin).port}${PREVIEW_BRIDGE_PATH}`, { origin: preview.origin })
  const replies: unknown[] = []
  const got = new Promise<void>((resolve) =>
    socket.on('message', (data) => {
      replies.push(JSON.parse(String(data)))
      if (replies.length === 2) resolve()
    }),
  )
  await new Promise<void>((resolve) => socket.once('open', () => resolve()))
  socket.send(JSON.stringify({ type: 'hello', token: preview.token }))
  socket.send(JSON.stringify({ type: 'invoke', id: 1, name: 'getSettings' }))
  await got
  expect(replies[0]).toEqual({ type: 'ready' })
  expect(replies[1]).toMatchObject({ type: 'result', id: 1, result: { ok: true } })
  socket.close()
}

describe('bridge messages of the wrong shape', () => {
  it('are refused before hello, without reading them', async () => {
    for (const raw of ['null', '42', '"hello"', '[]', '{}', '{"type":"hello"}', '{"type":"hello","token":7}', 'not json']) {
      expect(await sendRaw(raw, { hello: false }), raw).toBe(4400)
    }
    await stillServes()
  })

  it('are refused after hello too', async () => {
    for (const raw of ['null', '{"type":"invoke","id":"1","name":"getSettings"}', '{"type":"invoke","id":1}', '{"type":"dialog-answer","id":1,"value":{"path":"/"}}', '{"type":"nope"}']) {
      expect(await sendRaw(raw, { hello: true }), raw).toBe(4400)
    }
    await stillServes()
  })
})

describe('the built renderer server', () => {
  const get = (host: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const url = new URL(preview.origin)
      const req = request({ host: '127.0.0.1', port: url.port, path: '/', headers: { host } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })

  it('answers only requests that name it (127.0.0.1 or localhost on its port)', async () => {
    const port = new URL(preview.origin).port
    expect(await get(`127.0.0.1:${port}`)).toBe(200)
    expect(await get(`localhost:${port}`)).toBe(200)
    expect(await get(`rebound.evil.example:${port}`)).toBe(403)
    expect(await get('127.0.0.1:1')).toBe(403)
    expect(isPreviewHost(undefined, preview.origin)).toBe(false)
  })
})

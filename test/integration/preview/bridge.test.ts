import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { RENDERER_CSP } from '../../../src/shared/csp'
import { startPreview, type PreviewHandle } from '../../../src/main/preview'
import { PREVIEW_BRIDGE_PATH, PREVIEW_CLIENT_PATH, type PreviewServerMessage } from '../../../src/shared/ipc/preview-protocol'

let preview: PreviewHandle
let rendererDir: string

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'preview-renderer-'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title><script type="module" src="./assets/app.js"></script></head><body></body></html>')
  preview = await startPreview({ renderer: 'built', rendererDir, demo: true })
}, 60_000)

afterAll(async () => {
  await preview?.close()
  await rm(rendererDir, { recursive: true, force: true })
})

/** A bridge client: messages in order, and helpers to send and wait. */
function connect(options: { origin?: string; token?: string } = {}) {
  const socket = new WebSocket(`ws://127.0.0.1:${new URL(preview.origin).port}${PREVIEW_BRIDGE_PATH}`, { origin: options.origin ?? preview.origin })
  const inbox: PreviewServerMessage[] = []
  const waiters: Array<() => void> = []
  socket.on('message', (data) => {
    inbox.push(JSON.parse(String(data)) as PreviewServerMessage)
    for (const wake of waiters.splice(0)) wake()
  })
  const next = async (match: (message: PreviewServerMessage) => boolean): Promise<PreviewServerMessage> => {
    for (;;) {
      const index = inbox.findIndex(match)
      if (index !== -1) return inbox.splice(index, 1)[0]!
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'hello', token: options.token ?? preview.token }))
      resolve()
    })
    socket.once('error', reject)
  })
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
  let id = 0
  const invoke = async (name: string, args?: unknown): Promise<unknown> => {
    const request = ++id
    socket.send(JSON.stringify({ type: 'invoke', id: request, name, args }))
    const reply = await next((message) => message.type === 'result' && message.id === request)
    return (reply as { result: unknown }).result
  }
  return { socket, opened, closed, next, invoke }
}

describe('preview bridge', () => {
  it('serves the renderer with the CSP header and the client injected before the app', async () => {
    const page = await fetch(`${preview.origin}/`)
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP)
    const html = await page.text()
    expect(html.indexOf(PREVIEW_CLIENT_PATH)).toBeGreaterThan(-1)
    expect(html.indexOf(PREVIEW_CLIENT_PATH)).toBeLessThan(html.indexOf('./assets/app.js'))
    const client = await fetch(`${preview.origin}${PREVIEW_CLIENT_PATH}`)
    expect(client.headers.get('content-type')).toContain('javascript')
    expect(await client.text()).toContain(PREVIEW_BRIDGE_PATH)
    expect((await fetch(`${preview.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404)
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48}$/)
  })

  it('refuses another origin and a wrong token', async () => {
    const foreign = connect({ origin: 'https://evil.example' })
    await expect(foreign.opened).rejects.toThrow(/403/)
    const guessed = connect({ token: '0'.repeat(48) })
    await guessed.opened
    expect(await guessed.closed).toBe(4401)
  })

  it('runs the contract for a page holding the token, with events and errors as in Electron', async () => {
    const client = connect()
    await client.opened
    await client.next((message) => message.type === 'ready')
    const settings = (await client.invoke('getSettings')) as { ok: boolean; value: { apiUrl: string } }
    expect(settings.ok).toBe(true)
    expect(settings.value.apiUrl).toBe(preview.apiUrl)
    expect(await client.invoke('updateSettings', { concurrency: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await client.invoke('nope')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    await client.invoke('updateSettings', { concurrency: 3 })
    const event = await client.next((message) => message.type === 'event' && message.name === 'settings')
    expect((event as { payload: { concurrency: number } }).payload.concurrency).toBe(3)
    expect(await client.invoke('getAppInfo')).toMatchObject({ ok: true, value: { shell: 'preview' } })
    client.socket.close()
  })

  it('answers dialogs from the queue, else asks the page', async () => {
    const client = connect()
    await client.opened
    await client.next((message) => message.type === 'ready')
    preview.dialogs.answer('folder', '/tmp/queued')
    expect(await client.invoke('chooseFolder')).toEqual({ ok: true, value: { path: '/tmp/queued' } })

    const pending = client.invoke('chooseFiles', { purpose: 'sealed-files', multiple: true })
    const asked = (await client.next((message) => message.type === 'dialog')) as { id: number; kind: string }
    expect(asked.kind).toBe('files')
    client.socket.send(JSON.stringify({ type: 'dialog-answer', id: asked.id, value: ['/tmp/a.bin', '/tmp/b.bin'] }))
    expect(await pending).toEqual({ ok: true, value: { paths: ['/tmp/a.bin', '/tmp/b.bin'] } })

    preview.dialogs.answer('folder', null)
    expect(await client.invoke('chooseFolder')).toMatchObject({ ok: false, error: { code: 'CANCELLED', expected: true } })
    expect(preview.dialogs.asked.map((entry) => entry.kind)).toEqual(['folder', 'files', 'folder'])
    client.socket.close()
  })

  it('signs in with the demo server demo wallet through the bridge', async () => {
    const client = connect()
    await client.opened
    await client.next((message) => message.type === 'ready')
    expect(await client.invoke('useDemoSigner')).toMatchObject({ ok: true, value: { kind: 'demo' } })
    expect(await client.invoke('signInWithWallet')).toMatchObject({ ok: true, value: { account: { username: 'demo-buyer' }, method: 'wallet' } })
    client.socket.close()
  })

  it('dev mode: the Vite dev server serves the sources with the client injected, and the bridge on the same port', async () => {
    const dev = await startPreview({ renderer: 'dev' })
    try {
      const html = await (await fetch(`${dev.origin}/`)).text()
      expect(html.indexOf(PREVIEW_CLIENT_PATH)).toBeGreaterThan(-1)
      expect(html.indexOf(PREVIEW_CLIENT_PATH)).toBeLessThan(html.indexOf('/src/main.tsx'))
      expect(html).toContain('Content-Security-Policy')
      expect(await (await fetch(`${dev.origin}${PREVIEW_CLIENT_PATH}`)).text()).toContain(PREVIEW_BRIDGE_PATH)
      const socket = new WebSocket(`ws://127.0.0.1:${new URL(dev.origin).port}${PREVIEW_BRIDGE_PATH}`, { origin: dev.origin })
      const ready = new Promise<string>((resolve, reject) => {
        socket.once('message', (data) => resolve(String(data)))
        socket.once('error', reject)
      })
      socket.once('open', () => socket.send(JSON.stringify({ type: 'hello', token: dev.token })))
      expect(JSON.parse(await ready)).toEqual({ type: 'ready' })
      socket.close()
    } finally {
      await dev.close()
    }
  }, 60_000)
})

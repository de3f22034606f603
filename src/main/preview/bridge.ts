// The browser preview's WebSocket bridge: the dispatcher and event hub Electron's IPC uses, offered over loopback to
// a page that proves it holds the token.

import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { z } from 'zod'
import { PREVIEW_BRIDGE_PATH, type DialogKind, type PreviewClientMessage, type PreviewServerMessage } from '../../shared/ipc/preview-protocol'
import type { Backend } from '../desktop/backend'
import type { ScriptedDialogs } from './dialogs'

const HELLO_TIMEOUT_MS = 5_000
const MAX_MESSAGE_BYTES = 1 << 20

/**
 * The page's messages as this server accepts them (PreviewClientMessage): anything else (a JSON null, a
 * number, a missing or extra field) is refused before it is read. The page is not trusted, and before `hello`
 * nobody is known at all. Kept here, not in src/shared, so the page's bundle carries no zod.
 */
const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().max(256) }).strict(),
  z.object({ type: z.literal('invoke'), id: z.number().int().nonnegative(), name: z.string().max(100), args: z.unknown().optional() }).strict(),
  z
    .object({ type: z.literal('dialog-answer'), id: z.number().int().nonnegative(), value: z.union([z.string().max(4096), z.array(z.string().max(4096)).max(1000), z.null()]) })
    .strict(),
]) satisfies z.ZodType<PreviewClientMessage>

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export interface BridgeOptions {
  readonly backend: Backend
  readonly dialogs: ScriptedDialogs
  readonly token: string
  /** http://127.0.0.1:PORT: the only Origin (and Host) accepted, so other sites and rebound names are refused. */
  readonly origin: () => string
}

/** Attach `handleUpgrade` to the HTTP server's `upgrade` event. */
export function createBridge(options: BridgeOptions): { handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean; close: () => void } {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const clients = new Set<WebSocket>()
  const dialogWaiters = new Map<number, (value: string | readonly string[] | null) => void>()
  let nextDialogId = 1

  const send = (socket: WebSocket, message: PreviewServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
  }

  const unsubscribe = options.backend.events.subscribe((name, payload) => {
    for (const client of clients) send(client, { type: 'event', name, payload })
  })

  options.dialogs.askPage = (kind: DialogKind, title: string) => {
    const client = [...clients].pop()
    if (!client) return Promise.resolve(null)
    const id = nextDialogId++
    return new Promise((resolve) => {
      dialogWaiters.set(id, resolve)
      send(client, { type: 'dialog', id, kind, title })
    })
  }

  server.on('connection', (socket: WebSocket) => {
    let authenticated = false
    const timer = setTimeout(() => socket.close(4401, 'hello required'), HELLO_TIMEOUT_MS)
    socket.on('message', (data) => {
      let message: PreviewClientMessage
      try {
        // Shape-checked before anything reads it: a JSON null or a number must not reach `message.type`.
        const parsed = clientMessageSchema.safeParse(JSON.parse(String(data)))
        if (!parsed.success) throw new Error('bad message')
        message = parsed.data
      } catch {
        clearTimeout(timer)
        socket.close(4400, 'bad message')
        return
      }
      if (!authenticated) {
        clearTimeout(timer)
        if (message.type !== 'hello' || !sameToken(message.token, options.token)) {
          socket.close(4401, 'bad token')
          return
        }
        authenticated = true
        clients.add(socket)
        send(socket, { type: 'ready' })
        return
      }
      if (message.type === 'invoke') {
        const { id } = message
        void options.backend.dispatch(message.name, message.args).then((result) => send(socket, { type: 'result', id, result }))
      } else if (message.type === 'dialog-answer') {
        dialogWaiters.get(message.id)?.(message.value)
        dialogWaiters.delete(message.id)
      }
    })
    socket.on('close', () => {
      clearTimeout(timer)
      clients.delete(socket)
    })
  })

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://placeholder')
      if (url.pathname !== PREVIEW_BRIDGE_PATH) return false
      const origin = options.origin()
      if (request.headers.origin !== origin || `http://${request.headers.host ?? ''}` !== origin) {
        socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
        socket.destroy()
        return true
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request))
      return true
    },
    close() {
      unsubscribe()
      for (const resolve of dialogWaiters.values()) resolve(null)
      dialogWaiters.clear()
      for (const client of server.clients) client.terminate()
      server.close()
    },
  }
}

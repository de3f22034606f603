/**
 * The browser preview's stand-in for the Electron preload (development and end-to-end tests only). The preview
 * server (src/main/preview) serves this file, bundled, and injects it into index.html before the app, so the
 * app finds `window.numerbay` exactly as in Electron. The production renderer bundle never imports it.
 */
import type { NumerBayApi } from '../../../shared/ipc/contract'
import { eventListenerName, eventNameList, invokeNameList } from '../../../shared/ipc/names'
import { PREVIEW_BRIDGE_PATH, type PreviewClientMessage, type PreviewServerMessage } from '../../../shared/ipc/preview-protocol'

const TOKEN_KEY = 'numerbay-preview-token'

function takeToken(): string {
  const match = /(?:^|[#&])token=([0-9a-f]+)/.exec(window.location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1])
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return match[1]
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function createPreviewApi(): NumerBayApi {
  const token = takeToken()
  const pending = new Map<number, (result: unknown) => void>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let nextId = 1
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  const socket = new WebSocket(`${protocol}//${window.location.host}${PREVIEW_BRIDGE_PATH}`)
  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => send({ type: 'hello', token }))
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as PreviewServerMessage
      if (message.type === 'ready') resolve()
    })
    socket.addEventListener('close', () => reject(new Error('preview bridge closed')))
  })
  ready.catch(() => undefined)

  function send(message: PreviewClientMessage): void {
    socket.send(JSON.stringify(message))
  }

  const closedError = { ok: false as const, error: { code: 'INTERNAL', message: 'The preview bridge is not connected.', action: 'Reload the page from the URL npm run browser printed.' } }

  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as PreviewServerMessage
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    } else if (message.type === 'event') {
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload)
    } else if (message.type === 'dialog') {
      const answer = window.prompt(`${message.title}\n(preview: type an absolute path${message.kind === 'files' ? '; several separated by |' : ''})`)
      const value = answer === null || answer.trim() === '' ? null : message.kind === 'files' ? answer.split('|').map((part) => part.trim()) : answer.trim()
      send({ type: 'dialog-answer', id: message.id, value })
    }
  })
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve(closedError)
    pending.clear()
  })

  const api: Record<string, unknown> = {}
  for (const name of invokeNameList) {
    api[name] = async (args?: unknown) => {
      try {
        await ready
      } catch {
        return closedError
      }
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        send({ type: 'invoke', id, name, ...(args === undefined ? {} : { args }) })
      })
    }
  }
  for (const name of eventNameList) {
    api[eventListenerName(name)] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set()
      listeners.set(name, set)
      const wrapped = (payload: unknown): void => listener(payload)
      set.add(wrapped)
      return () => set.delete(wrapped)
    }
  }
  // Dropped files have no path in a browser: the preview uses the path dialogs instead.
  api.pathForFile = () => null
  return Object.freeze(api) as unknown as NumerBayApi
}

Object.defineProperty(window, 'numerbay', { value: createPreviewApi(), enumerable: false, configurable: false, writable: false })

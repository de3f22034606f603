import { describe, expect, it, vi } from 'vitest'
import { buildPreloadApi } from '../../../src/preload/api'
import { eventChannel, eventListenerName, eventNameList, invokeChannel, invokeNameList } from '../../../src/shared/ipc/names'

function fakeIpc() {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>()
  return {
    listeners,
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
    on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
    }),
    removeListener: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.get(channel)?.delete(listener)),
  }
}

describe('preload API', () => {
  it('exposes only the contract functions, on* subscriptions and pathForFile', () => {
    const api = buildPreloadApi(fakeIpc() as never, { getPathForFile: () => '' })
    const expected = [...invokeNameList, ...eventNameList.map(eventListenerName), 'pathForFile'].sort()
    expect(Object.keys(api).sort()).toEqual(expected)
    expect(Object.isFrozen(api)).toBe(true)
    for (const generic of ['invoke', 'send', 'on', 'sendSync', 'ipcRenderer']) expect(api).not.toHaveProperty(generic)
  })

  it('sends one argument on the named channel, whatever the page passes', async () => {
    const ipc = fakeIpc()
    const api = buildPreloadApi(ipc as never, { getPathForFile: () => '' })
    await (api.listOrders as (...args: unknown[]) => Promise<unknown>)({ includeInactive: true }, 'smuggled', 'more')
    expect(ipc.invoke).toHaveBeenCalledWith(invokeChannel('listOrders'), { includeInactive: true })
  })

  it('hands listeners the payload only and unsubscribes once', () => {
    const ipc = fakeIpc()
    const api = buildPreloadApi(ipc as never, { getPathForFile: () => '' })
    const seen: unknown[][] = []
    const stop = api.onDownloads((...args: unknown[]) => seen.push(args))
    const channel = eventChannel('downloads')
    const rawEvent = { sender: { send: () => undefined }, ports: [] }
    for (const listener of ipc.listeners.get(channel)!) listener(rawEvent, { running: true })
    expect(seen).toEqual([[{ running: true }]])
    stop()
    stop()
    expect(ipc.removeListener).toHaveBeenCalledTimes(1)
    expect(ipc.listeners.get(channel)!.size).toBe(0)
    expect(() => (api.onDownloads as (listener: unknown) => unknown)('not a function')).toThrow(TypeError)
  })

  it('gives the path of a dropped file, or null', () => {
    const api = buildPreloadApi(fakeIpc() as never, { getPathForFile: (file: unknown) => ((file as { name: string }).name === 'a' ? '/tmp/a' : '') })
    expect(api.pathForFile({ name: 'a' })).toBe('/tmp/a')
    expect(api.pathForFile({ name: 'b' })).toBeNull()
  })
})

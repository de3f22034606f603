import { describe, expect, it } from 'vitest'
import { eventChannel, invokeChannel, invokeNameList } from '../../../src/shared/ipc/names'
import { forwardEvents, registerIpcHandlers } from '../../../src/main/app/ipc'
import { rendererLocation } from '../../../src/main/app/renderer-location'
import { EventHub } from '../../../src/main/desktop/event-hub'
import { FakeIpcMain, FakeWebContents } from './fakes'

const location = rendererLocation(true, {})

function setup() {
  const ipcMain = new FakeIpcMain()
  const window = new FakeWebContents()
  const calls: Array<{ name: unknown; args: unknown }> = []
  const dispatch = async (name: unknown, args: unknown) => {
    calls.push({ name, args })
    return { ok: true as const, value: 'dispatched' }
  }
  registerIpcHandlers(ipcMain as never, dispatch, location, (contents) => contents === (window as never))
  const invoke = (channel: string, event: unknown, ...args: unknown[]) => ipcMain.handlers.get(channel)!(event, ...args)
  return { ipcMain, window, calls, invoke }
}

describe('IPC registration', () => {
  it('registers exactly one handler per contract channel, nothing generic', () => {
    const { ipcMain } = setup()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(invokeNameList.map(invokeChannel).sort())
  })

  it('dispatches requests from the main frame of our window', async () => {
    const { window, calls, invoke } = setup()
    const result = await invoke(invokeChannel('listOrders'), { sender: window, senderFrame: window.mainFrame }, { includeInactive: true })
    expect(result).toEqual({ ok: true, value: 'dispatched' })
    expect(calls).toEqual([{ name: 'listOrders', args: { includeInactive: true } }])
  })

  it('refuses other senders with IPC_FORBIDDEN before looking at the arguments', async () => {
    const { window, calls, invoke } = setup()
    const channel = invokeChannel('getSettings')
    const foreignPage = new FakeWebContents('https://evil.example/')
    const otherWindow = new FakeWebContents()
    const subframe = { url: 'app://numerbay/index.html' }
    const navigatedAway = new FakeWebContents('app://numerbay/index.html')
    const cases = [
      { sender: foreignPage, senderFrame: foreignPage.mainFrame },
      { sender: otherWindow, senderFrame: otherWindow.mainFrame },
      { sender: window, senderFrame: subframe },
      { sender: window, senderFrame: null },
      { sender: window, senderFrame: { url: 'https://evil.example/' } },
    ]
    void navigatedAway
    for (const event of cases) {
      const result = (await invoke(channel, event)) as { ok: boolean; error: { code: string; message: string; action: string } }
      expect(result.ok).toBe(false)
      expect(result.error.code).toBe('IPC_FORBIDDEN')
      expect(result.error.message.length).toBeGreaterThan(0)
      expect(result.error.action.length).toBeGreaterThan(0)
    }
    // The main frame's URL is what counts: our window showing another page is refused too.
    window.mainFrame.url = 'https://evil.example/'
    const moved = (await invoke(channel, { sender: window, senderFrame: window.mainFrame })) as { error: { code: string } }
    expect(moved.error.code).toBe('IPC_FORBIDDEN')
    expect(calls).toEqual([])
  })

  it('refuses calls with more than one argument', async () => {
    const { window, calls, invoke } = setup()
    const result = (await invoke(invokeChannel('getSettings'), { sender: window, senderFrame: window.mainFrame }, undefined, 'extra')) as { error: { code: string } }
    expect(result.error.code).toBe('INVALID_ARGUMENT')
    expect(calls).toEqual([])
  })

  it('forwards hub events to the window, parsed by their schema', () => {
    const hub = new EventHub()
    const window = new FakeWebContents()
    const stop = forwardEvents(hub, () => window as never)
    hub.emit('signer', { kind: 'demo', address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', label: 'Demo', privateKey: 'x' } as never)
    expect(window.sent).toEqual([{ channel: eventChannel('signer'), payload: { kind: 'demo', address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', label: 'Demo' } }])
    window.destroyed = true
    hub.emit('signer', null)
    expect(window.sent).toHaveLength(1)
    stop()
  })
})

// Small stand-ins for Electron objects: enough surface for the glue, recording what it was asked to do.
import { EventEmitter } from 'node:events'

export class FakeWebContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null
  readonly sent: Array<{ channel: string; payload: unknown }> = []
  readonly mainFrame: { url: string }
  destroyed = false

  constructor(url = 'app://numerbay/index.html') {
    super()
    this.mainFrame = { url }
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }

  isDestroyed(): boolean {
    return this.destroyed
  }
}

/** Emits an Electron-style event (details carrying `url`, then the deprecated positional url) and says whether a listener called preventDefault(). */
export function emitPreventable(target: EventEmitter, name: string, url?: string): boolean {
  let prevented = false
  target.emit(name, { url, preventDefault: () => (prevented = true) }, url)
  return prevented
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
}

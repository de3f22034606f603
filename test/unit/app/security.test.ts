import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { isAllowedExternalUrl } from '../../../src/main/desktop/links'
import { rendererLocation, isRendererUrl } from '../../../src/main/app/renderer-location'
import { denyAllPermissions, hardenWebContents, installGlobalGuards } from '../../../src/main/app/security'
import { emitPreventable, FakeWebContents } from './fakes'

const prod = rendererLocation(true, {})

describe('navigation and window-open guards', () => {
  it('keeps navigation inside the renderer and sends allowlisted links to the browser', () => {
    const contents = new FakeWebContents()
    const openExternal = vi.fn(async () => undefined)
    hardenWebContents(contents as never, prod, openExternal)

    expect(emitPreventable(contents, 'will-navigate', 'app://numerbay/index.html')).toBe(false)
    expect(emitPreventable(contents, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(emitPreventable(contents, 'will-navigate', 'https://numerbay.ai/account')).toBe(true)
    expect(emitPreventable(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(emitPreventable(contents, 'will-redirect', 'https://evil.example/')).toBe(true)
    expect(emitPreventable(contents, 'will-frame-navigate', 'https://evil.example/')).toBe(true)
    expect(emitPreventable(contents, 'will-frame-navigate', 'app://numerbay/index.html')).toBe(false)
    expect(openExternal.mock.calls).toEqual([['https://numerbay.ai/account']])
  })

  it('denies every window.open and forbids <webview>', () => {
    const contents = new FakeWebContents()
    const openExternal = vi.fn(async () => undefined)
    hardenWebContents(contents as never, prod, openExternal)
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(contents.openHandler?.({ url: 'https://numerbay.ai/' })).toEqual({ action: 'deny' })
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(openExternal.mock.calls).toEqual([['https://numerbay.ai/']])
    expect(emitPreventable(contents, 'will-attach-webview')).toBe(true)
  })

  it('hardens every WebContents the app creates', () => {
    const app = new EventEmitter()
    installGlobalGuards(app as never, prod, async () => undefined)
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    expect(contents.openHandler).not.toBeNull()
    expect(contents.listenerCount('will-navigate')).toBe(1)
  })

  it('allowlists only https numerbay.ai, docs and the project repositories', () => {
    expect(isAllowedExternalUrl('https://numerbay.ai/')).toBe(true)
    expect(isAllowedExternalUrl('https://docs.numerbay.ai/x')).toBe(true)
    expect(isAllowedExternalUrl('https://github.com/councilofelders/numerbay')).toBe(true)
    expect(isAllowedExternalUrl('https://github.com/someone/else')).toBe(false)
    expect(isAllowedExternalUrl('http://numerbay.ai/')).toBe(false)
    expect(isAllowedExternalUrl('https://numerbay.ai.evil.example/')).toBe(false)
    expect(isAllowedExternalUrl('https://user:pw@numerbay.ai/')).toBe(false)
    expect(isAllowedExternalUrl('https://numerbay.ai:8443/')).toBe(false)
    expect(isAllowedExternalUrl('not a url')).toBe(false)
  })
})

describe('renderer location', () => {
  it('uses the dev server only when not packaged, and only on loopback http', () => {
    expect(rendererLocation(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }).url).toBe('http://localhost:5173/')
    expect(rendererLocation(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }).url).toBe('app://numerbay/index.html')
    expect(rendererLocation(false, { ELECTRON_RENDERER_URL: 'https://evil.example' }).url).toBe('app://numerbay/index.html')
    expect(rendererLocation(false, {}).url).toBe('app://numerbay/index.html')
  })

  it('matches only our own origin', () => {
    expect(isRendererUrl('app://numerbay/index.html#/x', prod)).toBe(true)
    expect(isRendererUrl('app://other/index.html', prod)).toBe(false)
    expect(isRendererUrl('https://numerbay/index.html', prod)).toBe(false)
    expect(isRendererUrl('garbage', prod)).toBe(false)
  })
})

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() }
    denyAllPermissions(session as never)
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void
    for (const permission of ['media', 'notifications', 'geolocation', 'hid', 'clipboard-read']) {
      const callback = vi.fn()
      request({}, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect((session.setPermissionCheckHandler.mock.calls[0]![0] as () => boolean)()).toBe(false)
    expect((session.setDevicePermissionHandler.mock.calls[0]![0] as () => boolean)()).toBe(false)
  })
})

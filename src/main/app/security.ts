// Guards for a misled page: no navigation off our origin, no new windows or <webview>, no permissions.

import type { App, Session, WebContents } from 'electron'
import { isAllowedExternalUrl } from '../desktop/links'
import { isRendererUrl, type RendererLocation } from './renderer-location'

type OpenExternal = (url: string) => Promise<void>

/**
 * Hardens one WebContents: no navigation away from the renderer, no new windows (allowlisted links go to the
 * system browser instead), no <webview>. Applied to every WebContents through `web-contents-created`.
 */
export function hardenWebContents(contents: WebContents, location: RendererLocation, openExternal: OpenExternal): void {
  contents.on('will-navigate', (event) => {
    // Reloads of our own page are fine; anything else opens (if allowlisted) in the browser, never in the app.
    if (isRendererUrl(event.url, location)) return
    event.preventDefault()
    if (isAllowedExternalUrl(event.url)) void openExternal(event.url).catch(() => undefined)
  })
  // Subframes (there are none, but an injected iframe must not navigate anywhere either).
  contents.on('will-frame-navigate', (event) => {
    if (!isRendererUrl(event.url, location)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isRendererUrl(event.url, location)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void openExternal(url).catch(() => undefined)
    return { action: 'deny' }
  })
}

/** Every permission request (camera, notifications, HID from the page, ...) is denied; the page needs none. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

export function installGlobalGuards(app: Pick<App, 'on'>, location: RendererLocation, openExternal: OpenExternal): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, location, openExternal))
}

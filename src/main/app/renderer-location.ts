// Where the window's page comes from (app:// when packaged, the dev server under `npm run dev`), and so the one
// origin trusted with IPC and navigation.

/** The privileged scheme the packaged renderer is served from (a standard, secure origin with a CSP header). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'numerbay'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

export interface RendererLocation {
  /** What the window loads. */
  readonly url: string
  /** The only origin allowed to call IPC and to be navigated to. */
  readonly origin: string
}

/** The dev server only when not packaged (electron-vite sets ELECTRON_RENDERER_URL in `npm run dev`). */
export function rendererLocation(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): RendererLocation {
  const devUrl = env.ELECTRON_RENDERER_URL
  if (!isPackaged && devUrl) {
    const url = new URL(devUrl)
    if ((url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'))) {
      return { url: url.href, origin: url.origin }
    }
  }
  return { url: `${APP_ORIGIN}/index.html`, origin: APP_ORIGIN }
}

/** Whether `value` is a page of our renderer (same origin). */
export function isRendererUrl(value: string, location: RendererLocation): boolean {
  try {
    const url = new URL(value)
    // URL.origin is "null" for non-special schemes such as app:, so compare the pieces.
    return `${url.protocol}//${url.host}` === location.origin
  } catch {
    return false
  }
}

// The renderer's Content-Security-Policy, in shared so that the Electron app and the browser preview send the same
// one without the preview importing the Electron glue.

/**
 * The renderer's Content-Security-Policy: only our own scripts (no remote scripts, no eval), styles inline
 * (Mantine sets style attributes), images from the app and data: URLs (the WalletConnect QR), no plugins,
 * no framing. Sent as a response header by the app:// protocol and repeated in index.html's meta tag
 * (a test keeps the two in step).
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

// Which hosts count as "this computer". Plain http is acceptable only there: nobody on the network can read or
// alter loopback traffic. Shared so the settings schema (renderer and main) and the main process agree.

/** localhost, 127.0.0.0/8 or [::1] (a URL's `hostname`, brackets and all). Names that merely start so do not count. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host)
}

/**
 * Whether an API base URL is acceptable: https anywhere, http only to this computer (the demo server, a local
 * test server). The sign-in password, the access token and the signed download links travel over it.
 */
export function isAllowedApiUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.username || url.password) return false
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && isLoopbackHostname(url.hostname)
}

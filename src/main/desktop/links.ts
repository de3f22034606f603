// Where the app may send the user's browser. Everything else is refused (navigation, window.open and the
// openExternal channel all go through this check).

const allowedHosts = new Set(['numerbay.ai', 'www.numerbay.ai', 'docs.numerbay.ai', 'support.ledger.com', 'cloud.reown.com', 'dashboard.reown.com', 'walletconnect.com'])
/** github.com only for the project's own repositories (docs, issues). */
const allowedGithubPrefixes = ['/councilofelders/']

export function isAllowedExternalUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return false
  const host = url.hostname.toLowerCase()
  if (allowedHosts.has(host)) return true
  return host === 'github.com' && allowedGithubPrefixes.some((prefix) => url.pathname.startsWith(prefix))
}

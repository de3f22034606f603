// Rules for the signed storage URLs NumerBay hands out: https only, no embedded credentials, and never this
// computer unless the API itself is on this computer (the local demo server): otherwise a hostile API could
// point the app at services listening on loopback. The storage request itself carries no Authorization header.

import { AppError } from '../../shared/errors'
import { isLoopbackHostname } from '../../shared/net'

/**
 * Parses and checks a download URL against the API it came from: https, or http only when both the URL and
 * the API are on this computer. Throws DOWNLOAD_INSECURE_URL otherwise.
 */
export function checkDownloadUrl(value: unknown, apiBaseUrl: string): URL {
  if (typeof value !== 'string') throw new AppError('API_BAD_RESPONSE', { detail: 'the download URL is not a string' })
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new AppError('API_BAD_RESPONSE', { detail: 'the download URL is not a URL' })
  }
  if (url.username || url.password) throw new AppError('DOWNLOAD_INSECURE_URL', { detail: `${url.protocol}//${url.host}: credentials in URL` })
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('DOWNLOAD_INSECURE_URL', { detail: `${url.protocol}//${url.host}` })
  const apiIsLocal = isLoopbackHostname(new URL(apiBaseUrl).hostname)
  if (isLoopbackHostname(url.hostname) && !apiIsLocal) {
    throw new AppError('DOWNLOAD_INSECURE_URL', {
      message: 'NumerBay gave a download link to this computer, which only a local test server may do, so it was not used.',
      detail: `${url.protocol}//${url.host}`,
    })
  }
  if (url.protocol === 'https:' || isLoopbackHostname(url.hostname)) return url
  throw new AppError('DOWNLOAD_INSECURE_URL', { detail: `${url.protocol}//${url.host}` })
}

/** The storage host for messages: never the query string (a signed URL's signature is a bearer credential). */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

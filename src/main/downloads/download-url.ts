// Rules for the signed storage URLs NumerBay hands out: https only (http only to this machine, for the local
// demo server), no embedded credentials. The storage request itself carries no Authorization header.

import { AppError } from '../../shared/errors'

/** A host name (or [IPv6]) that is this machine: localhost, ::1, 127.0.0.0/8. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host)
}

/** Parses and checks a download URL; throws DOWNLOAD_INSECURE_URL for anything but https (or loopback http). */
export function checkDownloadUrl(value: unknown): URL {
  if (typeof value !== 'string') throw new AppError('API_BAD_RESPONSE', { detail: 'the download URL is not a string' })
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new AppError('API_BAD_RESPONSE', { detail: 'the download URL is not a URL' })
  }
  if (url.username || url.password) throw new AppError('DOWNLOAD_INSECURE_URL', { detail: `${url.protocol}//${url.host}: credentials in URL` })
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url
  throw new AppError('DOWNLOAD_INSECURE_URL', { detail: `${url.protocol}//${url.host}` })
}

/** The storage host for messages: never the query string (a signed URL's signature is a bearer credential). */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

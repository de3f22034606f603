import { AppError } from '../../shared/errors'
import { isLoopbackHostname } from '../../shared/net'

export const DEFAULT_API_URL = 'https://numerbay.ai/backend-api/v1'

export interface ApiUrlSources {
  /** `--api URL` on the command line. */
  readonly flag?: string | undefined
  /** `NUMERBAY_API_URL` in the environment. */
  readonly env?: NodeJS.ProcessEnv
  /** The app setting (persisted by the desktop app). */
  readonly setting?: string | undefined
}

/**
 * The one place the API base URL is chosen and checked (https, or http to this computer only): `--api`, then NUMERBAY_API_URL, then the setting, then numerbay.ai.
 * The result has no trailing slash so paths can be appended as written in the protocol ("/globals/").
 */
export function resolveApiBaseUrl(sources: ApiUrlSources = {}): string {
  const candidates = [sources.flag, sources.env?.NUMERBAY_API_URL, sources.setting]
  const chosen = candidates.find((value) => value !== undefined && value.trim() !== '')?.trim() ?? DEFAULT_API_URL
  return normalizeApiBaseUrl(chosen)
}

export function normalizeApiBaseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new AppError('INVALID_ARGUMENT', { message: `Not a valid API URL: ${value}` })
  }
  if (url.username || url.password) throw new AppError('INVALID_ARGUMENT', { message: 'The API URL cannot carry a user name or password.' })
  // The password, the access token and signed download links travel over it: http only where nobody can listen.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) {
    throw new AppError('INVALID_ARGUMENT', {
      message: `The API URL must start with https:// (http:// is accepted only for a server on this computer: localhost, 127.x.x.x or [::1]): ${value}`,
    })
  }
  if (url.search || url.hash) throw new AppError('INVALID_ARGUMENT', { message: `The API URL cannot have a query or fragment: ${value}` })
  return url.toString().replace(/\/+$/, '')
}

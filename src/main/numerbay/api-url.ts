// NumerBay's API address: the default, and the check any other address must pass.

import { AppError } from '../../shared/errors'
import { isLoopbackHostname } from '../../shared/net'

export const DEFAULT_API_URL = 'https://numerbay.ai/backend-api/v1'

/**
 * Checks an API base URL (https, or http to this computer only) and drops its trailing slash, so paths can be
 * appended as the protocol writes them ("/globals/"). Which URL to use is src/main/config's choice.
 */
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

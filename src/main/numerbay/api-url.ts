import { AppError } from '../../shared/errors'

export const DEFAULT_API_URL = 'https://numerbay.ai/backend-api/v1'

/** Checks an API base URL and drops its trailing slash, so paths can be appended as the protocol writes them ("/globals/"). */
export function normalizeApiBaseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new AppError('INVALID_ARGUMENT', { message: `Not a valid API URL: ${value}` })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('INVALID_ARGUMENT', { message: `The API URL must start with https:// (or http:// for a local server): ${value}` })
  }
  if (url.search || url.hash) throw new AppError('INVALID_ARGUMENT', { message: `The API URL cannot have a query or fragment: ${value}` })
  return url.toString().replace(/\/+$/, '')
}

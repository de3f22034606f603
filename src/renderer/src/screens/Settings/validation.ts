// The checks Settings makes before saving, with the words shown under each field: a value out of range is
// refused with its range, never clamped or saved as something else.
import { isAllowedApiUrl } from '../../../../shared/net'

export const AUTO_LOCK_MAX_MINUTES = 24 * 60

/** Why an auto-lock value cannot be saved, or null. 0 means "never"; the limit is a day. */
export function autoLockProblem(value: number | string): string | null {
  const text = typeof value === 'number' ? String(value) : value.trim()
  if (text === '') return `Enter a number of minutes: 0 (never) to ${AUTO_LOCK_MAX_MINUTES}.`
  const minutes = Number(text)
  if (!Number.isFinite(minutes) || !Number.isInteger(minutes)) return `Whole minutes only: 0 (never) to ${AUTO_LOCK_MAX_MINUTES}.`
  if (minutes < 0 || minutes > AUTO_LOCK_MAX_MINUTES) return `Auto-lock takes 0 (never) to ${AUTO_LOCK_MAX_MINUTES} minutes (24 hours).`
  return null
}

/** Why an API address cannot be saved, or null. */
export function apiUrlProblem(value: string): string | null {
  const text = value.trim()
  if (text === '') return 'Enter the address of the NumerBay API.'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'Enter a full web address, such as https://numerbay.ai/backend-api/v1.'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Enter a full web address, such as https://numerbay.ai/backend-api/v1.'
  if (!isAllowedApiUrl(text)) return 'Use https:// (http:// only for a server on this computer).'
  return null
}

import { SKIP_REASON_TEXT, type SkipReason } from '../../../../shared/downloads'
import type { Problem } from '../../components/problem'
import type { ScreenId } from '../../app/screens'

/** What a failed file offers: retry it, sign (in) again, deal with a missing key, or nothing (expected). */
export type FailureAction =
  | { readonly kind: 'retry'; readonly label: string }
  | { readonly kind: 'navigate'; readonly label: string; readonly screen: ScreenId }
  | { readonly kind: 'none' }

const resign: Record<string, FailureAction> = {
  API_SESSION_EXPIRED: { kind: 'navigate', label: 'Sign in again', screen: 'sign-in' },
  API_SIGN_IN_REQUIRED: { kind: 'navigate', label: 'Sign in again', screen: 'sign-in' },
  VAULT_LOCKED: { kind: 'navigate', label: 'Unlock the key again', screen: 'key' },
  SYNC_NO_KEY: { kind: 'navigate', label: 'Unlock the key again', screen: 'key' },
  DOWNLOAD_NOT_SEALED_TO_KEY: { kind: 'navigate', label: 'Import that key file', screen: 'key' },
}

export function failureAction(error: Problem | null): FailureAction {
  if (!error) return { kind: 'retry', label: 'Retry' }
  const mapped = resign[error.code]
  if (mapped) return mapped
  if (error.expected) return { kind: 'none' }
  return { kind: 'retry', label: 'Retry' }
}

/** The short headline for a failure: the one the issue names for keys that are gone. */
export function failureTitle(error: Problem | null): string {
  if (error?.code === 'DOWNLOAD_NOT_SEALED_TO_KEY') return 'Sealed to a key you no longer have'
  return error?.message ?? 'The download failed'
}

/** The words for a skip reason (the IPC contract admits only the reasons SKIP_REASON_TEXT has words for). */
export function skipReasonText(reason: SkipReason): string {
  return SKIP_REASON_TEXT[reason]
}

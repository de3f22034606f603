import { SKIP_REASON_TEXT, type SkipReason } from '../../../../shared/downloads'
import { SIGN_IN_CODES, type Problem } from '../../components/problem'
import type { ScreenId } from '../../app/screens'

/**
 * What a failed file offers: retry it (asking for the unlock first when its key is locked), sign in again and
 * retry, deal with a key that is gone, or nothing (an expected outcome).
 */
export type FailureAction =
  | { readonly kind: 'retry'; readonly label: string }
  | { readonly kind: 'sign-in-again'; readonly label: string }
  | { readonly kind: 'navigate'; readonly label: string; readonly screen: ScreenId }
  | { readonly kind: 'none' }

const byCode: Record<string, FailureAction> = {
  ...Object.fromEntries([...SIGN_IN_CODES].map((code) => [code, { kind: 'sign-in-again', label: 'Sign in again' } as const])),
  // Retrying a file sealed to a locked key asks the signer to unlock it first.
  VAULT_LOCKED: { kind: 'retry', label: 'Unlock and retry' },
  SYNC_NO_KEY: { kind: 'retry', label: 'Unlock and retry' },
  DOWNLOAD_NOT_SEALED_TO_KEY: { kind: 'navigate', label: 'Import that key file', screen: 'key' },
}

export function failureAction(error: Problem | null): FailureAction {
  if (!error) return { kind: 'retry', label: 'Retry' }
  const mapped = byCode[error.code]
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

/**
 * Anything shaped like ErrorInfo: the catalogue's typed errors, and the looser problems that come back in
 * download events (their code is a plain string).
 */
export interface Problem {
  readonly code: string
  readonly message: string
  readonly action?: string
  readonly expected?: boolean
  readonly detail?: string
}

/** The failures a new sign-in cures (a file's "Sign in again", the watch's fix, the run's files to retry after it). */
export const SIGN_IN_CODES: ReadonlySet<string> = new Set(['API_SESSION_EXPIRED', 'API_SIGN_IN_REQUIRED', 'NOT_SIGNED_IN'])

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

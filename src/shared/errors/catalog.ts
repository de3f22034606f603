// The shape every domain's error file satisfies: each code's words and action.

/** What the user reads for an error code: what happened, and what they can do about it. */
export interface ErrorText {
  readonly message: string
  readonly action: string
  /** Expected outcomes (a user rejecting on the device) are not faults: the UI shows them calmly. */
  readonly expected?: boolean
}

export type ErrorCatalog = Readonly<Record<string, ErrorText>>

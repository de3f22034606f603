import type { ErrorCatalog } from './catalog'

/** Ledger errors (owned by src/main/signers/ledger). */
export const ledgerErrors = {} as const satisfies ErrorCatalog

import type { ErrorCatalog } from './catalog'

/** Download and sync errors (owned by src/main/downloads). */
export const downloadErrors = {} as const satisfies ErrorCatalog

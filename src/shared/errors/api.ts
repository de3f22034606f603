import type { ErrorCatalog } from './catalog'

/** NumerBay API and account errors (owned by src/main/numerbay and src/main/vault). */
export const apiErrors = {} as const satisfies ErrorCatalog

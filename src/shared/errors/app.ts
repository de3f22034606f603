import type { ErrorCatalog } from './catalog'

/** Desktop shell and IPC errors (owned by src/main/app and src/shared/ipc). */
export const appErrors = {} as const satisfies ErrorCatalog

// The NumerBay API service gathered: address, client, schemas, mappers and the re-authenticating session.

export * from './api-url'
export * from './client'
export * from './mappers'
export * from './schemas'
export * from './session'
export type { RetryPolicy } from './http'

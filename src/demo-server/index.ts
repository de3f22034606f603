// The demo server's public surface: starting it, its seed format, its state types and the helpers tests seal with.

export * from './seed'
export * from './server'
export type { DemoFaults, FaultState } from './faults'
export type { DemoArtifact, DemoOrder, DemoProduct, DemoState, DemoUser } from './state'
export { sealTo } from './state'
export type { Storm, StormOptions } from './faults'
export { generatedStream, generatedBytes } from './content'

// The downloads service gathered: planner, engine, transfer, sync record, lock, sinks and paths.

export * from './download-url'
export * from './engine'
export * from './lock'
export * from './manifest'
export * from './paths'
export * from './plan-source'
export * from './planner'
export * from './progress'
export * from './sanitize'
export * from './sink'
export * from './transfer'

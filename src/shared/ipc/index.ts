// The IPC contract gathered: the channels, and every schema and type they use.

export * from './contract'
export * from './result'
export * from './common'
export * from './settings'
export * from './signers'
export * from './account'
export * from './transfers'
export * from './system'
export * from './watch'

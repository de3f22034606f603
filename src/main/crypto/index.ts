export * from './key-pair'
export * from './key-scheme'

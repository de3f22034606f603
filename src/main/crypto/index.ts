export * from './key-pair'
export * from './key-scheme'
export * from './key-file'

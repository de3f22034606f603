// The settings service gathered (the store).

export * from './store'

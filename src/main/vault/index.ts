export * from './keyring'
export * from './replace-plan'
export * from './vault'

// The vault service gathered: the vault, the local keyring and the key-replacement plan.

export * from './keyring'
export * from './replace-plan'
export * from './vault'

// The one test of an Ethereum address, for the IPC schemas, NumerBay's schemas and the keyring's file names.

/** An Ethereum account address as NumerBay and wallets write it: 0x and 40 hex digits, any case. */
export const ADDRESS_PATTERN = /^0x[0-9a-fA-F]{40}$/

export function isEthereumAddress(value: unknown): value is string {
  return typeof value === 'string' && ADDRESS_PATTERN.test(value)
}

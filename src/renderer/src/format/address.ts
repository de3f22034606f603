// Addresses and keys shortened for display, and addresses compared regardless of case.

/** 0xf39F…2266: enough to recognise an account, short enough for a header. */
export function shortAddress(address: string | null | undefined): string {
  if (!address) return ''
  if (address.length <= 12) return address
  return `${address.slice(0, 6)}…${address.slice(-4)}`
}

/** Public keys and other long base64 values, shortened for tables. */
export function shortKey(key: string | null | undefined): string {
  if (!key) return ''
  return key.length <= 14 ? key : `${key.slice(0, 8)}…${key.slice(-4)}`
}

export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase()
}

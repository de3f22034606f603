// Sizes and speeds for people, as file managers show them.

const units = ['B', 'KB', 'MB', 'GB', 'TB']

/** Human-readable size with binary multiples, as file managers show it ("12.4 MB"). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—'
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  return `${value.toFixed(digits)} ${units[unit]}`
}

/** A speed that can be zero ("0 B/s" while nothing arrives), as a download manager shows it; "—" when unknown. */
export function formatSpeed(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond === null || bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond)) return '—'
  return bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '0 B/s'
}

// Purchased rounds as a compact list of ranges, for a table cell.

/** [512, 513, 514, 520] → "512–514, 520": purchased rounds in the order's table cell. */
export function formatRounds(rounds: readonly number[]): string {
  if (rounds.length === 0) return '—'
  const sorted = [...rounds].sort((a, b) => a - b)
  const parts: string[] = []
  let start = sorted[0] as number
  let previous = start
  for (const round of sorted.slice(1)) {
    if (round === previous + 1) {
      previous = round
      continue
    }
    parts.push(start === previous ? `${start}` : `${start}–${previous}`)
    start = round
    previous = round
  }
  parts.push(start === previous ? `${start}` : `${start}–${previous}`)
  return parts.join(', ')
}

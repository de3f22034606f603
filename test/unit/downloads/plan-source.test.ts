// When a sealed order can be planned from its own row (watch mode's idle cycle) instead of asking its listing:
// only when the listing could bring nothing to fetch.
import { describe, expect, it } from 'vitest'
import { settledOrderRow } from '../../../src/main/downloads/plan-source'
import type { ArtifactInput, OrderInput } from '../../../src/main/downloads/planner'

const KEY = 'buyer-key'
const hasKey = (key: string): boolean => key === KEY
const row = (id: string, round: number, extra: Partial<ArtifactInput> = {}): ArtifactInput => ({ id, round_tournament: round, object_name: `${id}.csv`, object_size: 10, state: 'active', is_numerai_direct: false, ...extra })

function order(artifacts: ArtifactInput[], extra: Partial<OrderInput> = {}, perRound: boolean | null = true): OrderInput & { artifacts: ArtifactInput[] } {
  return { id: 1, state: 'confirmed', rounds: [600], buyer_public_key: KEY, mode: 'file', product: { id: 9, name: 'P', category: perRound === null ? null : { is_per_round: perRound } }, artifacts, ...extra }
}

describe('settledOrderRow', () => {
  const done = new Set(['order:a', 'order:old'])
  const isDone = (key: string): boolean => done.has(key)

  it('plans from the row when every artifact of the round is done or skipped anyway', () => {
    const rows = [row('a', 600), row('direct', 600, { is_numerai_direct: true }), row('pending', 600, { state: 'pending' }), row('foreign', 600)]
    expect(settledOrderRow(order(rows.slice(0, 3)), 600, 'active', hasKey, isDone)?.map((r) => r.id)).toEqual(['a', 'direct', 'pending'])
    // An order with no upload yet: nothing to ask either (an upload would appear in the row).
    expect(settledOrderRow(order([]), 600, 'active', hasKey, isDone)).toEqual([])
    // Sealed to a key the buyer does not hold: skipped whatever the listing says.
    expect(settledOrderRow(order([rows[3]!], { buyer_public_key: 'other' }), 600, 'active', hasKey, isDone)?.map((r) => r.id)).toEqual(['foreign'])
    // A stake-mode order: nothing of it is ever downloaded.
    expect(settledOrderRow(order([row('new', 600)], { mode: 'stake' }), 600, 'active', hasKey, isDone)).not.toBeNull()
  })

  it('asks the listing for a new upload, or one that became active', () => {
    expect(settledOrderRow(order([row('a', 600), row('new', 600)]), 600, 'active', hasKey, isDone)).toBeNull()
    expect(settledOrderRow(order([row('a', 600, { state: 'active' }), row('was-pending', 600)]), 600, 'active', hasKey, isDone)).toBeNull()
  })

  it('keeps the listing\'s own round rule: per-round categories show the selling round only (active scope)', () => {
    const rows = [row('a', 600), row('unfetched-old', 599)]
    expect(settledOrderRow(order(rows), 600, 'active', hasKey, isDone)?.map((r) => r.id)).toEqual(['a'])
    // Not per round, or unknown: every row counts, and an unfetched one needs the listing.
    expect(settledOrderRow(order(rows, {}, false), 600, 'active', hasKey, isDone)).toBeNull()
    expect(settledOrderRow(order(rows, {}, null), 600, 'active', hasKey, isDone)).toBeNull()
    expect(settledOrderRow(order(rows), 600, 'all', hasKey, isDone)).toBeNull()
  })

  it('never for plain orders (their files are the product\'s) or orders that do not cover the selling round', () => {
    expect(settledOrderRow(order([], { buyer_public_key: null }), 600, 'active', hasKey, isDone)).toBeNull()
    expect(settledOrderRow(order([row('a', 600)], { rounds: [599] }), 600, 'all', hasKey, isDone)).toBeNull()
  })
})

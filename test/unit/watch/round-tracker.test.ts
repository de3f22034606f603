import { describe, expect, it } from 'vitest'
import { advanceWatch, initialWatchState, type WatchArtifact, type WatchFile, type WatchOrder, type WatchSnapshot, type WatchState } from '../../../src/main/watch/round-tracker'

const T0 = Date.parse('2026-03-01T12:00:00Z')
const minute = 60_000

const alpha: WatchOrder = { id: 1, productName: 'Alpha', rounds: [600], state: 'confirmed' }
const beta: WatchOrder = { id: 2, productName: 'Beta', rounds: [600, 601], state: 'confirmed' }
const stake: WatchOrder = { id: 3, productName: 'Stake', rounds: [600], state: 'confirmed' }
const pending: WatchOrder = { id: 4, productName: 'Pending', rounds: [600], state: 'pending' }
const old: WatchOrder = { id: 5, productName: 'Old', rounds: [599], state: 'confirmed' }

function snap(at: number, round: number, parts: { orders?: WatchOrder[]; artifacts?: WatchArtifact[]; completed?: WatchFile[]; rollover?: boolean } = {}): WatchSnapshot {
  return { at, sellingRound: round, rolloverInProgress: parts.rollover ?? false, orders: parts.orders ?? [alpha, beta, stake, pending, old], artifacts: parts.artifacts ?? [], completed: parts.completed ?? [] }
}

function run(state: WatchState, snapshot: WatchSnapshot) {
  return advanceWatch(state, snapshot)
}

describe('round tracker', () => {
  it('first cycle: names the round, and the orders of the round still waiting for their seller (once each)', () => {
    const first = run(initialWatchState(), snap(T0, 600))
    expect(first.events).toEqual([
      { type: 'round', round: 600, previous: null },
      { type: 'waiting', orderId: 1, productName: 'Alpha', round: 600, sinceMs: 0 },
      { type: 'waiting', orderId: 2, productName: 'Beta', round: 600, sinceMs: 0 },
      { type: 'waiting', orderId: 3, productName: 'Stake', round: 600, sinceMs: 0 },
    ])
    expect(first.status).toMatchObject({ round: 600, roundSince: T0, rollover: false, ordersThisRound: 3, delivered: 0, filesThisRound: 0 })
    const second = run(first.state, snap(T0 + 2 * minute, 600))
    expect(second.events).toEqual([])
    expect(second.status.waiting.map((w) => [w.orderId, w.sinceMs])).toEqual([
      [1, 2 * minute],
      [2, 2 * minute],
      [3, 2 * minute],
    ])
  })

  it('reports each new file once, marks its order delivered, and counts a numerai-direct copy as delivered', () => {
    const start = run(initialWatchState({ alreadyDone: ['order:before'] }), snap(T0, 600, { completed: [{ key: 'order:before', orderId: 2, round: 599 }] }))
    expect(start.events.filter((e) => e.type === 'file')).toEqual([])
    const upload: WatchArtifact = { key: 'order:a1', orderId: 1, round: 600, downloadable: true }
    const direct: WatchArtifact = { key: 'order:s1', orderId: 3, round: 600, downloadable: false }
    const next = run(start.state, snap(T0 + minute, 600, { artifacts: [upload, direct], completed: [{ key: 'order:before', orderId: 2, round: 599 }, { key: 'order:a1', orderId: 1, round: 600 }] }))
    expect(next.events).toEqual([
      { type: 'file', key: 'order:a1', orderId: 1, round: 600 },
      { type: 'delivered', orderId: 1, productName: 'Alpha', round: 600 },
      { type: 'delivered', orderId: 3, productName: 'Stake', round: 600 },
    ])
    expect(next.status).toMatchObject({ filesThisRound: 1, delivered: 2, ordersThisRound: 3 })
    expect(next.status.waiting.map((w) => w.orderId)).toEqual([2])
    const again = run(next.state, snap(T0 + 2 * minute, 600, { artifacts: [upload, direct], completed: [{ key: 'order:a1', orderId: 1, round: 600 }] }))
    expect(again.events).toEqual([])
  })

  it('waits through a rollover, then names the new round and the previous round’s orders that never got a file', () => {
    let step = run(initialWatchState(), snap(T0, 600))
    // The seller of Beta uploaded two files, but they never got done (e.g. failed); Alpha's arrived.
    step = run(step.state, snap(T0 + minute, 600, {
      artifacts: [
        { key: 'order:b1', orderId: 2, round: 600, downloadable: true },
        { key: 'order:b2', orderId: 2, round: 600, downloadable: true },
      ],
      completed: [{ key: 'order:a1', orderId: 1, round: 600 }],
    }))
    const rolling = run(step.state, snap(T0 + 2 * minute, 600, { rollover: true, completed: [{ key: 'order:a1', orderId: 1, round: 600 }] }))
    expect(rolling.events).toEqual([{ type: 'rollover-started', round: 600 }])
    expect(rolling.status.rollover).toBe(true)
    expect(run(rolling.state, snap(T0 + 3 * minute, 600, { rollover: true })).events).toEqual([])

    const after = run(rolling.state, snap(T0 + 4 * minute, 601, { completed: [{ key: 'order:a1', orderId: 1, round: 600 }] }))
    expect(after.events).toEqual([
      { type: 'missed', round: 600, orderId: 2, productName: 'Beta', uploaded: 2 },
      { type: 'missed', round: 600, orderId: 3, productName: 'Stake', uploaded: 0 },
      { type: 'round', round: 601, previous: 600 },
      { type: 'waiting', orderId: 2, productName: 'Beta', round: 601, sinceMs: 0 },
    ])
    expect(after.status).toMatchObject({ round: 601, roundSince: T0 + 4 * minute, ordersThisRound: 1 })
    expect(after.status.missed.map((m) => m.orderId)).toEqual([2, 3])
  })

  it('counts a file that arrives in the cycle that sees the new round as received, not missed', () => {
    const step = run(initialWatchState(), snap(T0, 600, { orders: [alpha] }))
    const after = run(step.state, snap(T0 + minute, 601, { orders: [alpha], completed: [{ key: 'order:a1', orderId: 1, round: 600 }] }))
    expect(after.events).toEqual([
      { type: 'file', key: 'order:a1', orderId: 1, round: 600 },
      { type: 'round', round: 601, previous: 600 },
    ])
  })

  it('starting in the middle of a rollover tracks nothing until it ends', () => {
    const first = run(initialWatchState(), snap(T0, 600, { rollover: true }))
    expect(first.events).toEqual([
      { type: 'round', round: 600, previous: null },
      { type: 'rollover-started', round: 600 },
    ])
    expect(first.status.ordersThisRound).toBe(0)
    const after = run(first.state, snap(T0 + minute, 601, { orders: [beta] }))
    expect(after.events).toEqual([
      { type: 'round', round: 601, previous: 600 },
      { type: 'waiting', orderId: 2, productName: 'Beta', round: 601, sinceMs: 0 },
    ])
  })
})

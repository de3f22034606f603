// Watch mode's bookkeeping of the selling round, as a pure state machine: fed one snapshot per cycle (globals,
// the buyer's orders, the artifacts listed, the files done on disk), it says what changed (a new round, a
// rollover under way, new files, orders waiting for their seller, orders of the previous round that never got a
// file) and what the state is now. It keeps no timers and does no I/O; the watch workflow feeds it and reports.
//
// API:
//   initialWatchState({ alreadyDone? })   → the state before the first cycle (files done before watching are not "new")
//   advanceWatch(state, snapshot)          → { state, events, status }
//
// Rules:
// - An order "of the round" is confirmed and covers the selling round (NumerBay's own test for a download).
// - It is delivered for the round once a file of it for that round (or without a round) is done on disk, or
//   the seller's copy went straight to Numerai (a numerai-direct artifact: nothing to download).
// - It is waiting while not delivered; `waiting` is reported once per order and round, with the time since
//   the round's first cycle; the status lists all that are waiting each cycle.
// - When the selling round changes, each order of the previous round that was never delivered is `missed`,
//   with the number of files its seller had uploaded that never arrived (0: the seller uploaded nothing).

export interface WatchOrder {
  readonly id: number
  readonly productName: string
  readonly rounds: readonly number[]
  readonly state: string
}

export interface WatchArtifact {
  readonly key: string
  readonly orderId: number
  readonly round: number | null
  /** False for a numerai-direct copy: it went to Numerai, there is nothing to download. */
  readonly downloadable: boolean
}

export interface WatchFile {
  readonly key: string
  readonly orderId: number
  readonly round: number | null
}

export interface WatchSnapshot {
  /** Epoch milliseconds of this cycle. */
  readonly at: number
  readonly sellingRound: number
  readonly rolloverInProgress: boolean
  /** The buyer's orders (all of them; those of the round are picked here). */
  readonly orders: readonly WatchOrder[]
  /** Artifacts listed in this cycle for those orders. */
  readonly artifacts: readonly WatchArtifact[]
  /** Files done on disk (the sync record's `done` entries). */
  readonly completed: readonly WatchFile[]
}

interface TrackedOrder {
  readonly id: number
  readonly productName: string
  readonly delivered: boolean
  /** Downloadable files its seller uploaded for the round (the most listed in any cycle). */
  readonly uploaded: number
  readonly reportedWaiting: boolean
}

export interface WatchState {
  readonly round: number | null
  /** Epoch ms of the round's first cycle. */
  readonly roundSince: number | null
  readonly rollover: boolean
  readonly orders: ReadonlyMap<number, TrackedOrder>
  /** Done files already reported (or done before watching started). */
  readonly seen: ReadonlySet<string>
  /** What the last round change found missed. */
  readonly missed: readonly MissedOrder[]
}

export interface MissedOrder {
  readonly round: number
  readonly orderId: number
  readonly productName: string
  /** Files the seller uploaded for that round that never arrived (0: nothing was uploaded). */
  readonly uploaded: number
}

export interface WaitingOrder {
  readonly orderId: number
  readonly productName: string
  readonly round: number
  /** Since the round's first cycle. */
  readonly sinceMs: number
}

export type WatchEvent =
  /** The first cycle's round (`previous` null), or the selling round changed. */
  | { readonly type: 'round'; readonly round: number; readonly previous: number | null }
  | { readonly type: 'rollover-started'; readonly round: number }
  /** A file became done since the last cycle. */
  | { readonly type: 'file'; readonly key: string; readonly orderId: number; readonly round: number | null }
  /** An order of the round has no file yet (reported once per order and round). */
  | ({ readonly type: 'waiting' } & WaitingOrder)
  /** An order of the round that had been waiting got its first file. */
  | { readonly type: 'delivered'; readonly orderId: number; readonly productName: string; readonly round: number }
  | ({ readonly type: 'missed' } & MissedOrder)

export interface WatchStatus {
  readonly round: number | null
  readonly roundSince: number | null
  readonly rollover: boolean
  readonly waiting: readonly WaitingOrder[]
  /** Files of the current round done on disk. */
  readonly filesThisRound: number
  /** Orders of the round delivered so far, of how many. */
  readonly delivered: number
  readonly ordersThisRound: number
  readonly missed: readonly MissedOrder[]
}

export function initialWatchState(options: { readonly alreadyDone?: Iterable<string> } = {}): WatchState {
  return { round: null, roundSince: null, rollover: false, orders: new Map(), seen: new Set(options.alreadyDone ?? []), missed: [] }
}

function ordersOfRound(snapshot: WatchSnapshot): WatchOrder[] {
  return snapshot.orders.filter((order) => order.state === 'confirmed' && order.rounds.includes(snapshot.sellingRound))
}

function deliveredBy(snapshot: WatchSnapshot, round: number): Set<number> {
  const delivered = new Set<number>()
  for (const file of snapshot.completed) if (file.round === round || file.round === null) delivered.add(file.orderId)
  for (const artifact of snapshot.artifacts) if (!artifact.downloadable && (artifact.round === round || artifact.round === null)) delivered.add(artifact.orderId)
  return delivered
}

export function advanceWatch(state: WatchState, snapshot: WatchSnapshot): { state: WatchState; events: WatchEvent[]; status: WatchStatus } {
  const events: WatchEvent[] = []
  const round = snapshot.sellingRound

  // New files, whatever the round.
  const seen = new Set(state.seen)
  for (const file of snapshot.completed) {
    if (seen.has(file.key)) continue
    seen.add(file.key)
    events.push({ type: 'file', key: file.key, orderId: file.orderId, round: file.round })
  }

  let orders = new Map(state.orders)
  let roundSince = state.roundSince
  let missed = state.missed
  if (state.round === null || state.round !== round) {
    if (state.round !== null) {
      // The previous round's last word: files that arrived in this very cycle still count.
      const late = deliveredBy(snapshot, state.round)
      missed = [...orders.values()]
        .filter((order) => !order.delivered && !late.has(order.id))
        .map((order) => ({ round: state.round!, orderId: order.id, productName: order.productName, uploaded: order.uploaded }))
      for (const order of missed) events.push({ type: 'missed', ...order })
    }
    events.push({ type: 'round', round, previous: state.round })
    orders = new Map()
    roundSince = snapshot.at
  }

  const rolloverStarted = snapshot.rolloverInProgress && !state.rollover
  if (rolloverStarted) events.push({ type: 'rollover-started', round })

  // During a rollover the lists are in flux: the round's bookkeeping waits for it to end.
  if (!snapshot.rolloverInProgress) {
    const delivered = deliveredBy(snapshot, round)
    for (const order of ordersOfRound(snapshot)) {
      const before = orders.get(order.id)
      const uploaded = Math.max(
        before?.uploaded ?? 0,
        snapshot.artifacts.filter((a) => a.orderId === order.id && a.downloadable && (a.round === round || a.round === null)).length,
      )
      const isDelivered = (before?.delivered ?? false) || delivered.has(order.id)
      let reportedWaiting = before?.reportedWaiting ?? false
      if (!isDelivered && !reportedWaiting) {
        events.push({ type: 'waiting', orderId: order.id, productName: order.productName, round, sinceMs: snapshot.at - roundSince! })
        reportedWaiting = true
      }
      if (isDelivered && before && !before.delivered && before.reportedWaiting) events.push({ type: 'delivered', orderId: order.id, productName: order.productName, round })
      orders.set(order.id, { id: order.id, productName: order.productName, delivered: isDelivered, uploaded, reportedWaiting })
    }
  }

  const next: WatchState = { round, roundSince, rollover: snapshot.rolloverInProgress, orders, seen, missed }
  const tracked = [...orders.values()]
  const status: WatchStatus = {
    round,
    roundSince,
    rollover: snapshot.rolloverInProgress,
    waiting: tracked
      .filter((order) => !order.delivered)
      .map((order) => ({ orderId: order.id, productName: order.productName, round, sinceMs: snapshot.at - roundSince! })),
    filesThisRound: snapshot.completed.filter((file) => file.round === round).length,
    delivered: tracked.filter((order) => order.delivered).length,
    ordersThisRound: tracked.length,
    missed,
  }
  return { state: next, events, status }
}

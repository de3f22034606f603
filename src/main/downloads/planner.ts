// Pure planning: which orders to look at, which artifacts to fetch or skip (and why), and where each one goes.
// The network side (plan-source.ts) gathers the inputs; everything here is deterministic and unit-tested.

import type { ArtifactSource, PlannedArtifact, SkipReason, SkippedArtifact, SyncPlan } from '../../shared/downloads'
import { collisionKey, sanitizeSegment, withCounter } from './sanitize'

/** The parts of a NumerBay order the planner reads (the API client's Order type satisfies it). */
export interface OrderInput {
  readonly id: number
  readonly state: string
  readonly rounds: readonly number[]
  readonly buyer_public_key?: string | null
  /** `file` (downloads allowed), `stake` or `stake_with_limit` (submitted to Numerai; downloads refused). */
  readonly mode?: string | null
  readonly product: { readonly id: number; readonly name: string; readonly category?: { readonly is_per_round?: boolean | null } | null }
}

/** The parts of an order or product artifact the planner reads. */
export interface ArtifactInput {
  readonly id: string | number
  readonly round_tournament?: number | null
  readonly object_name?: string | null
  readonly object_size?: number | null
  readonly state?: string | null
  readonly is_numerai_direct?: boolean | null
}

export type SyncScope = 'active' | 'all'

/** What listing one order's artifacts gave: the artifacts, or why there are none to fetch. */
export type OrderListing =
  | { readonly orderId: number; readonly artifacts: readonly ArtifactInput[] }
  | { readonly orderId: number; readonly unavailable: SkipReason }

export interface PlanInput {
  readonly sellingRound: number
  readonly scope: SyncScope
  /** Orders from `selectOrders`. */
  readonly orders: readonly OrderInput[]
  readonly listings: ReadonlyMap<number, OrderListing>
  /** True when a key you hold (current or keyring) has this public key (standard base64). */
  readonly hasKey: (publicKeyBase64: string) => boolean
  /** Paths given to artifacts in earlier runs (from the manifest), kept so that names never move. */
  readonly previousPaths?: ReadonlyMap<string, string>
}

const NO_ROUND_FOLDER = 'no-round'

/**
 * Orders worth listing. Active (the default): confirmed and covering the selling round, which is also what the
 * server requires for a download. All: every confirmed order (pending, expired and invalid orders never have
 * files); the server refuses the ones that no longer cover the selling round, and the plan says so.
 */
export function selectOrders<T extends OrderInput>(orders: readonly T[], sellingRound: number, scope: SyncScope): T[] {
  return orders
    .filter((order) => order.state === 'confirmed' && (scope === 'all' || order.rounds.includes(sellingRound)))
    .sort((a, b) => a.id - b.id)
}

/** Sealed orders carry per-order copies (order artifacts); unencrypted orders read the product's artifacts. */
export function artifactSourceFor(order: OrderInput): ArtifactSource {
  return order.buyer_public_key ? 'order' : 'product'
}

export function artifactKey(source: ArtifactSource, productId: number, artifactId: string | number): string {
  return source === 'order' ? `order:${artifactId}` : `product:${productId}:${artifactId}`
}

/** The NumerBay id of the artifact a key names (artifactKey's inverse), or null for a key of another form. */
export function artifactIdOfKey(key: string): string | null {
  return /^order:(.+)$/.exec(key)?.[1] ?? /^product:\d+:(.+)$/.exec(key)?.[1] ?? null
}

/** The first reason this artifact cannot be fetched, or null when it can. */
export function skipReasonFor(artifact: ArtifactInput, source: ArtifactSource, buyerPublicKey: string | null, hasKey: PlanInput['hasKey']): SkipReason | null {
  if (artifact.is_numerai_direct) return 'numerai-direct'
  if (!artifact.object_name) return 'not-an-upload'
  if (artifact.state !== 'active') return 'not-active'
  if (source === 'order' && (!buyerPublicKey || !hasKey(buyerPublicKey))) return 'not-sealed-to-your-key'
  return null
}

type Unplaced = Omit<PlannedArtifact, 'relativePath'>

function describe(order: OrderInput, artifact: ArtifactInput, source: ArtifactSource): Unplaced {
  const buyerPublicKey = source === 'order' ? (order.buyer_public_key ?? null) : null
  return {
    key: artifactKey(source, order.product.id, artifact.id),
    source,
    artifactId: artifact.id,
    orderId: order.id,
    productId: order.product.id,
    productName: order.product.name,
    round: typeof artifact.round_tournament === 'number' ? artifact.round_tournament : null,
    objectName: artifact.object_name ?? '',
    sealed: source === 'order',
    buyerPublicKey,
    declaredSize: typeof artifact.object_size === 'number' && artifact.object_size >= 0 ? artifact.object_size : null,
  }
}

function naturalParts(item: Unplaced): [string, string, string] {
  return [
    sanitizeSegment(item.productName, `product-${item.productId}`),
    item.round === null ? NO_ROUND_FOLDER : sanitizeSegment(String(item.round)),
    sanitizeSegment(item.objectName, `artifact-${String(item.artifactId)}`),
  ]
}

/** A path we wrote ourselves in an earlier run: three parts, each already in its sanitised form. */
export function isSafeRelativePath(path: string): boolean {
  const parts = path.split('/')
  return parts.length === 3 && parts.every((part) => part !== '' && sanitizeSegment(part) === part)
}

function compareForPlacement(a: Unplaced, b: Unplaced): number {
  const [pa, ra, na] = naturalParts(a)
  const [pb, rb, nb] = naturalParts(b)
  return pa.localeCompare(pb, 'en') || ra.localeCompare(rb, 'en') || na.localeCompare(nb, 'en') || a.key.localeCompare(b.key, 'en')
}

/**
 * Gives every artifact a distinct relative path. Earlier runs' paths win (files never move between runs);
 * the rest take their natural name, or "name (2).ext", … in a stable order when that name is taken on a
 * case- or normalisation-insensitive filesystem.
 */
export function placeArtifacts(items: readonly Unplaced[], previousPaths: ReadonlyMap<string, string> = new Map()): PlannedArtifact[] {
  const taken = new Set<string>()
  const placed = new Map<string, string>()
  const keys = new Set(items.map((item) => item.key))
  // Files of artifacts not in this plan (an older round, a since-removed row) keep their names too.
  for (const [key, path] of previousPaths) if (!keys.has(key)) taken.add(collisionKey(path))
  for (const item of items) {
    const previous = previousPaths.get(item.key)
    if (previous && isSafeRelativePath(previous) && !taken.has(collisionKey(previous))) {
      taken.add(collisionKey(previous))
      placed.set(item.key, previous)
    }
  }
  for (const item of [...items].sort(compareForPlacement)) {
    if (placed.has(item.key)) continue
    const [product, round, name] = naturalParts(item)
    let candidate = `${product}/${round}/${name}`
    for (let counter = 2; taken.has(collisionKey(candidate)); counter++) {
      candidate = `${product}/${round}/${withCounter(name, counter)}`
    }
    taken.add(collisionKey(candidate))
    placed.set(item.key, candidate)
  }
  return items.map((item) => ({ ...item, relativePath: placed.get(item.key) as string }))
}

/** The whole plan: downloads and skips (each with its reason), in a stable order. */
export function buildPlan(input: PlanInput): SyncPlan {
  const seen = new Set<string>()
  const wanted: Unplaced[] = []
  const skippedUnplaced: { item: Unplaced; reason: SkipReason }[] = []
  const orderProblems: SyncPlan['orderProblems'][number][] = []

  for (const order of input.orders) {
    const listing = input.listings.get(order.id)
    if (!listing) continue
    if ('unavailable' in listing) {
      orderProblems.push({ orderId: order.id, productName: order.product.name, reason: listing.unavailable })
      continue
    }
    const source = artifactSourceFor(order)
    const fileOrder = !order.mode || order.mode === 'file'
    for (const artifact of listing.artifacts) {
      const item = describe(order, artifact, source)
      // Several unencrypted orders of one product share its product artifacts.
      if (seen.has(item.key)) continue
      seen.add(item.key)
      const reason = skipReasonFor(artifact, source, item.buyerPublicKey, input.hasKey) ?? (fileOrder ? null : 'not-a-file-order')
      if (reason) skippedUnplaced.push({ item, reason })
      else wanted.push(item)
    }
  }

  // Downloads are placed first so that a skipped row (a failed upload of the same name) never takes a real file's name.
  const placedDownloads = placeArtifacts(wanted, input.previousPaths)
  const reserved = new Map(placedDownloads.map((item) => [item.key, item.relativePath]))
  const placedAll = placeArtifacts([...wanted, ...skippedUnplaced.map((entry) => entry.item)], new Map([...(input.previousPaths ?? new Map()), ...reserved]))
  const pathOf = new Map(placedAll.map((item) => [item.key, item.relativePath]))

  const skipped: SkippedArtifact[] = skippedUnplaced.map(({ item, reason }) => ({
    artifact: { ...item, relativePath: pathOf.get(item.key) as string },
    reason,
  }))
  return { sellingRound: input.sellingRound, scope: input.scope, downloads: placedDownloads, skipped, orderProblems }
}

// Gathers what the planner needs from NumerBay: the selling round, the buyer's orders, each order's artifacts.
// Also the engine's download-URL source. Both go through a session, so an expired token means a new sign-in.

import type { PlannedArtifact, SyncPlan } from '../../shared/downloads'
import { isAppError } from '../../shared/errors'
import type { NumerBayClient } from '../numerbay/client'
import type { ApiGlobals, ApiOrder } from '../numerbay/schemas'
import { checkDownloadUrl } from './download-url'
import { artifactKey, artifactSourceFor, buildPlan, selectOrders, skipReasonFor, type ArtifactInput, type OrderInput, type OrderListing, type SyncScope } from './planner'

/** Anything that runs a client call signed in (NumerBaySession.run, or a plain wrapper around a signed-in client). */
export type ClientRunner = <T>(task: (client: NumerBayClient) => Promise<T>) => Promise<T>

export interface GatherOptions {
  readonly scope: SyncScope
  readonly hasKey: (publicKeyBase64: string) => boolean
  readonly previousPaths?: ReadonlyMap<string, string>
  /** Listing requests in flight at once (default 4). */
  readonly concurrency?: number
  /** The globals and the buyer's orders, when the caller has just fetched them (watch mode): not asked again. */
  readonly fetched?: PlanInputs
  /**
   * Whether the sync record holds this artifact (by key) as done. Given, a sealed order whose own row lists only
   * artifacts that are done or that the plan skips anyway is planned from that row instead of its listing (see
   * settledOrderRow): watch mode's idle cycle then asks for the globals and the orders, not one listing per order.
   */
  readonly isDone?: (key: string) => boolean
}

type OrderWithRow = OrderInput & { artifacts?: readonly ArtifactInput[] }

/**
 * The artifacts an order's listing would give, read from the order's own row, when none of them needs anything:
 * each is done (by the record) or would be skipped for a stated reason. NumerBay's order rows carry every order
 * artifact not pruned (pending and failed ones too, protocol §3), so a seller's new upload appears there, the row
 * is then not settled, and the listing is asked as usual. The listing keeps only the selling round for per-round
 * categories; so does this. Null when the listing must be asked.
 */
export function settledOrderRow(order: OrderWithRow, sellingRound: number, scope: SyncScope, hasKey: (publicKey: string) => boolean, isDone: (key: string) => boolean): ArtifactInput[] | null {
  if (artifactSourceFor(order) !== 'order' || !order.rounds.includes(sellingRound)) return null
  const perRound = order.product.category?.is_per_round === true
  const rows = (order.artifacts ?? []).filter((row) => scope === 'all' || !perRound || row.round_tournament === sellingRound)
  const fileOrder = !order.mode || order.mode === 'file'
  const settled = rows.every(
    (row) => !fileOrder || skipReasonFor(row, 'order', order.buyer_public_key ?? null, hasKey) !== null || isDone(artifactKey('order', order.product.id, row.id)),
  )
  return settled ? [...rows] : null
}

/** What a plan starts from: the selling round and the buyer's orders. */
export interface PlanInputs {
  readonly globals: ApiGlobals
  readonly orders: readonly ApiOrder[]
}

/** The globals and the buyer's orders, in parallel. */
export async function fetchPlanInputs(run: ClientRunner): Promise<PlanInputs> {
  const [globals, orders] = await Promise.all([run((client) => client.getGlobals()), run((client) => client.searchOrders({ role: 'buyer' }))])
  return { globals, orders: orders.data }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, worker))
  return results
}

function mergeById(primary: readonly ArtifactInput[], extra: readonly ArtifactInput[]): ArtifactInput[] {
  const ids = new Set(primary.map((artifact) => String(artifact.id)))
  return [...primary, ...extra.filter((artifact) => !ids.has(String(artifact.id)))]
}

/** Lists one order's artifacts; a refusal (403: no longer covers the selling round) becomes a stated reason. */
async function listOrder(
  run: ClientRunner,
  order: OrderWithRow,
  scope: SyncScope,
  productCache: Map<number, Promise<ArtifactInput[]>>,
  fromRow: ArtifactInput[] | null,
): Promise<OrderListing> {
  if (fromRow) return { orderId: order.id, artifacts: fromRow }
  try {
    if (artifactSourceFor(order) === 'order') {
      const page = await run((client) => client.listOrderArtifacts(order.id))
      // The listing only shows the selling round of per-round products; the order row also carries older,
      // unpruned copies, which `--all` tries too.
      const artifacts = scope === 'all' ? mergeById(page.data, order.artifacts ?? []) : page.data
      return { orderId: order.id, artifacts }
    }
    let listing = productCache.get(order.product.id)
    if (!listing) {
      listing = run((client) => client.listProductArtifacts(order.product.id)).then((page) => page.data)
      productCache.set(order.product.id, listing)
    }
    return { orderId: order.id, artifacts: await listing }
  } catch (error) {
    if (isAppError(error) && error.code === 'API_FORBIDDEN') return { orderId: order.id, unavailable: 'no-longer-available' }
    throw error
  }
}

/** The whole plan from the API: selling round, orders in scope, artifacts, placement. */
export async function gatherPlan(run: ClientRunner, options: GatherOptions): Promise<SyncPlan> {
  const { globals, orders } = options.fetched ?? (await fetchPlanInputs(run))
  const selected = selectOrders(orders, globals.selling_round, options.scope)
  const productCache = new Map<number, Promise<ArtifactInput[]>>()
  const isDone = options.isDone
  const listings = await mapLimited(selected, options.concurrency ?? 4, (order) =>
    listOrder(run, order, options.scope, productCache, isDone ? settledOrderRow(order, globals.selling_round, options.scope, options.hasKey, isDone) : null),
  )
  return buildPlan({
    sellingRound: globals.selling_round,
    scope: options.scope,
    orders: selected,
    listings: new Map(listings.map((listing) => [listing.orderId, listing])),
    hasKey: options.hasKey,
    ...(options.previousPaths ? { previousPaths: options.previousPaths } : {}),
  })
}

/**
 * The engine's URL source: the order route for sealed copies, the product route for plain files. Each URL is
 * checked against the API that gave it (checkDownloadUrl) before anything is sent to it.
 */
export function downloadUrlSource(run: ClientRunner): (artifact: PlannedArtifact, signal: AbortSignal) => Promise<URL> {
  return (artifact, signal) =>
    run(async (client) => {
      const url =
        artifact.source === 'order'
          ? await client.orderArtifactDownloadUrl(String(artifact.artifactId), { signal })
          : await client.productArtifactDownloadUrl(artifact.productId, Number(artifact.artifactId), { signal })
      return checkDownloadUrl(url, client.baseUrl)
    })
}

// Gathers what the planner needs from NumerBay: the selling round, the buyer's orders, each order's artifacts.
// Also the engine's download-URL source. Both go through a session, so an expired token means a new sign-in.

import type { PlannedArtifact, SyncPlan } from '../../shared/downloads'
import { isAppError } from '../../shared/errors'
import type { NumerBayClient } from '../numerbay/client'
import type { ApiGlobals, ApiOrder } from '../numerbay/schemas'
import { checkDownloadUrl } from './download-url'
import { artifactSourceFor, buildPlan, selectOrders, type ArtifactInput, type OrderInput, type OrderListing, type SyncScope } from './planner'

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
  order: OrderInput & { artifacts?: readonly ArtifactInput[] },
  scope: SyncScope,
  productCache: Map<number, Promise<ArtifactInput[]>>,
): Promise<OrderListing> {
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
  const listings = await mapLimited(selected, options.concurrency ?? 4, (order) => listOrder(run, order, options.scope, productCache))
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

// One sync run into a folder, assembled in one place for the app's Downloads screen, `sync` and `watch`:
// the folder lock, the sync record (a damaged one is moved aside and reported), the plan from NumerBay with
// the held-key rule, and the engine decrypting on the worker pool. Entry points only drive it and show it.
// Watch mode opens one run per cycle under a lock it holds for its whole life (`lock`), hands in the globals and
// orders it has just fetched (`fetched`), and keeps the hook's outcome in the run's `record`.

import type { DownloadProblem, SyncPlan, SyncSummary } from '../../shared/downloads'
import { SyncEngine, DEFAULT_CONCURRENCY, type SyncEngineOptions } from '../downloads/engine'
import { acquireSyncLock, type SyncLock } from '../downloads/lock'
import { isDoneAndIntact, loadManifest, ManifestStore } from '../downloads/manifest'
import { downloadUrlSource, gatherPlan, type ClientRunner, type PlanInputs } from '../downloads/plan-source'
import type { SyncScope } from '../downloads/planner'
import { storageGetFor, type RemoteSinkHost } from '../downloads/storage-get'
import type { DecryptPool } from '../workers/decrypt-pool'
import type { KeySource } from './keys'

/** The part of the decrypt worker pool a sync uses: sinks on workers that fetch their own bodies. */
export type SyncWorkers = Pick<DecryptPool, 'openSink' | 'openPlainSink'> & RemoteSinkHost

export interface SyncRunDeps {
  /** Runs an API call signed in (a session that signs in again when the token expires, or a signed-in client). */
  readonly run: ClientRunner
  readonly keys: KeySource
  readonly workers: SyncWorkers
}

/** Only these orders or planned files (what the person ticked); the whole scope when absent. */
export interface SyncSelection {
  readonly orderIds?: readonly number[]
  readonly keys?: readonly string[]
}

export interface SyncRunOptions {
  readonly outDir: string
  readonly scope: SyncScope
  readonly selection?: SyncSelection
  readonly concurrency?: number
  /** Re-hash finished files before trusting them (default: a size check). */
  readonly rehash?: boolean
  /** Engine settings tests and the app tune (progress rate, retries, idle timeout). */
  readonly engine?: Pick<SyncEngineOptions, 'progressIntervalMs' | 'retry' | 'idleTimeoutMs'>
  /** The folder's lock, when the caller holds it for longer than this run (watch): used, not released by close(). */
  readonly lock?: SyncLock
  /** The globals and orders the caller has just fetched: the plan starts from them instead of asking again. */
  readonly fetched?: PlanInputs
  /**
   * Plan a sealed order from its own row when everything in it is done or skipped anyway (downloads/plan-source
   * settledOrderRow), instead of asking for its listing: watch mode's idle cycle. Sync asks every listing.
   */
  readonly reuseSettledOrders?: boolean
}

export interface SyncRun {
  readonly outDir: string
  readonly plan: SyncPlan
  readonly engine: SyncEngine
  /** The sync record of the folder (watch keeps each file's hook outcome in it). */
  readonly record: ManifestStore
  /** Where a damaged sync record was moved (its files are checked again); null when the record was fine. */
  readonly recordSetAside: string | null
  /** Drives the engine until nothing is queued or running; call again after a resume. */
  run(): Promise<SyncSummary>
  /** The sync record could not be saved (a full disk): finished files are on disk, the record is behind. */
  readonly recordProblem: DownloadProblem | null
  /** Pauses what still runs (partials kept for the next run), waits for the record, releases the folder. */
  close(): Promise<void>
}

/** Keeps only what the person selected (orders, files); the rest of the plan is left out of this run. */
export function selectFromPlan(plan: SyncPlan, selection: SyncSelection = {}): SyncPlan {
  const orders = selection.orderIds ? new Set(selection.orderIds) : null
  const keys = selection.keys ? new Set(selection.keys) : null
  if (!orders && !keys) return plan
  const keep = (artifact: { orderId: number; key: string }): boolean => (!orders || orders.has(artifact.orderId)) && (!keys || keys.has(artifact.key))
  return {
    ...plan,
    downloads: plan.downloads.filter(keep),
    skipped: plan.skipped.filter((entry) => keep(entry.artifact)),
    orderProblems: plan.orderProblems.filter((problem) => !orders || orders.has(problem.orderId)),
  }
}

async function planFor(
  deps: Pick<SyncRunDeps, 'run' | 'keys'>,
  options: Pick<SyncRunOptions, 'scope' | 'selection' | 'fetched'>,
  previousPaths: ReadonlyMap<string, string>,
  isDone?: (key: string) => boolean,
): Promise<SyncPlan> {
  const full = await gatherPlan(deps.run, { scope: options.scope, hasKey: (key) => deps.keys.holds(key), previousPaths, ...(options.fetched ? { fetched: options.fetched } : {}), ...(isDone ? { isDone } : {}) })
  return selectFromPlan(full, options.selection)
}

export interface SyncPreview {
  readonly plan: SyncPlan
  /** Planned files already on disk and intact (kept by a real run). */
  readonly alreadyDone: string[]
}

/** What a run would fetch and skip, and why; reads the sync record but changes nothing (a dry run, the plan view). */
export async function previewSync(deps: Pick<SyncRunDeps, 'run' | 'keys'>, options: Pick<SyncRunOptions, 'outDir' | 'scope' | 'selection'>): Promise<SyncPreview> {
  const { manifest } = await loadManifest(options.outDir, undefined, true)
  const previousPaths = new Map(Object.values(manifest.entries).map((entry) => [entry.key, entry.relativePath]))
  const plan = await planFor(deps, options, previousPaths)
  const alreadyDone: string[] = []
  for (const download of plan.downloads) {
    const entry = manifest.entries[download.key]
    if (entry && entry.relativePath === download.relativePath && (await isDoneAndIntact(options.outDir, entry))) alreadyDone.push(download.key)
  }
  return { plan, alreadyDone }
}

/**
 * Takes the folder (SYNC_FOLDER_BUSY when another run has it) unless the caller holds it, opens the sync record,
 * plans against NumerBay and builds the engine. Nothing is transferred until `run()`. Always `close()` it.
 */
export async function openSyncRun(deps: SyncRunDeps, options: SyncRunOptions): Promise<SyncRun> {
  const ownLock = options.lock ? null : await acquireSyncLock(options.outDir)
  try {
    const { store, setAside } = await ManifestStore.open(options.outDir)
    const plan = await planFor(deps, options, store.previousPaths(), options.reuseSettledOrders ? (key) => store.get(key)?.state === 'done' : undefined)
    const engine = new SyncEngine(
      plan,
      store,
      {
        storageGet: storageGetFor(deps.workers),
        getDownloadUrl: downloadUrlSource(deps.run),
        keyPairFor: (publicKey) => deps.keys.keyPairFor(publicKey),
        heldPublicKeys: () => deps.keys.held(),
        openSealedSink: (request) => deps.workers.openSink(request),
        openPlainSink: (request) => deps.workers.openPlainSink(request),
      },
      { outDir: options.outDir, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, rehash: options.rehash ?? false, ...options.engine },
    )
    let closing: Promise<void> | null = null
    return {
      outDir: options.outDir,
      plan,
      engine,
      record: store,
      recordSetAside: setAside ?? null,
      run: () => engine.run(),
      get recordProblem() {
        return engine.manifestProblem
      },
      close: () =>
        (closing ??= (async () => {
          if (engine.busy) engine.pause()
          await engine.settled()
          await ownLock?.release()
        })()),
    }
  } catch (error) {
    await ownLock?.release()
    throw error
  }
}

// One sync run into a folder, assembled in one place for the app's Downloads screen, `sync` and `watch`:
// the destination check (a folder, writable, with room for the plan), the folder lock, the sync record (a
// damaged one is moved aside and reported), the plan from NumerBay with the held-key rule, and the engine
// decrypting on the worker pool. Entry points only drive it and show it.
//
// Keys: files sealed to a key of yours are planned whether it is unlocked or not; a locked one is not "a key
// you do not hold". When the run starts (and when such files are retried, `unlockFor`), `deps.unlock` asks the
// current signer to unlock it while the other files go ahead. If that does not happen (declined on the device, no signer), the run says
// why (`keyProblem`) and those files wait, paused, for a later unlock; they are never skipped.
//
// Watch mode opens one run per cycle under a lock it holds for its whole life (`lock`), hands in the globals and
// orders it has just fetched (`fetched`), and keeps the hook's outcome in the run's `record`.

import type { DownloadProblem, SyncPlan, SyncSummary } from '../../shared/downloads'
import { checkDestination, checkRoomFor } from '../downloads/destination'
import { problemOf, SyncEngine, DEFAULT_CONCURRENCY, type SyncEngineOptions } from '../downloads/engine'
import { acquireSyncLock, type SyncLock } from '../downloads/lock'
import { isDoneAndIntact, loadManifest, ManifestStore, previousPathsOf } from '../downloads/manifest'
import { downloadUrlSource, gatherPlan, type ClientRunner, type PlanInputs } from '../downloads/plan-source'
import type { SyncScope } from '../downloads/planner'
import { storageGetFor, type RemoteSinkHost } from '../downloads/storage-get'
import type { DecryptPool } from '../workers/decrypt-pool'
import { isLockedKey, type KeySource } from './keys'

/** The part of the decrypt worker pool a sync uses: sinks on workers that fetch their own bodies. */
export type SyncWorkers = Pick<DecryptPool, 'openSink' | 'openPlainSink'> & RemoteSinkHost

export interface SyncRunDeps {
  /** Runs an API call signed in (a session that signs in again when the token expires, or a signed-in client). */
  readonly run: ClientRunner
  readonly keys: KeySource
  readonly workers: SyncWorkers
  /**
   * Asks the person to unlock their key through the current signer (a signature on the Ledger or the phone);
   * rejects when they decline or cannot. Without it, files sealed to a locked key just wait.
   */
  readonly unlock?: () => Promise<void>
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
  /** Engine settings tests and the app tune (progress rate, retries, idle timeout, give-up time, scheduling). */
  readonly engine?: Pick<SyncEngineOptions, 'progressIntervalMs' | 'retry' | 'idleTimeoutMs' | 'giveUpAfterMs' | 'heartbeatMs' | 'largeFileBytes'>
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
  /**
   * Drives the engine until nothing is queued or running, asking meanwhile for the unlock of a key the run needs
   * (see `unlockFor`); call again after a resume.
   */
  run(): Promise<SyncSummary>
  /**
   * Whether any of these planned files (default: every one not finished) is sealed to a key of yours that is
   * locked now.
   */
  needsUnlock(keys?: readonly string[]): boolean
  /** How many unfinished files are sealed to a key of yours that is locked now. */
  lockedFiles(): number
  /**
   * Asks for the unlock those files need (nothing when none does) and resumes the files that waited for it.
   * Resolves with why it did not happen (also kept in `keyProblem`), or null.
   */
  unlockFor(keys?: readonly string[]): Promise<DownloadProblem | null>
  /** An unlock is being asked for now. */
  readonly unlocking: boolean
  /** Why the last unlock asked for did not happen; null once one succeeds. */
  readonly keyProblem: DownloadProblem | null
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
  // A key you have but that is locked is yours: its files are planned, and wait for the unlock.
  const hasKey = (key: string): boolean => deps.keys.holds(key) || deps.keys.knows(key)
  const full = await gatherPlan(deps.run, { scope: options.scope, hasKey, previousPaths, ...(options.fetched ? { fetched: options.fetched } : {}), ...(isDone ? { isDone } : {}) })
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
  const previousPaths = previousPathsOf(Object.values(manifest.entries))
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
  await checkDestination(options.outDir)
  const ownLock = options.lock ? null : await acquireSyncLock(options.outDir)
  try {
    const { store, setAside } = await ManifestStore.open(options.outDir)
    const plan = await planFor(deps, options, store.previousPaths(), options.reuseSettledOrders ? (key) => store.get(key)?.state === 'done' : undefined)
    // What is not done yet, at its declared size (sealed sizes include a small header: a slight overestimate).
    const toFetch = plan.downloads.filter((artifact) => store.get(artifact.key)?.state !== 'done').reduce((sum, artifact) => sum + (artifact.declaredSize ?? 0), 0)
    await checkRoomFor(options.outDir, toFetch)
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
        keyLocked: (publicKey) => isLockedKey(deps.keys, publicKey),
      },
      { outDir: options.outDir, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, rehash: options.rehash ?? false, ...options.engine },
    )
    let closing: Promise<void> | null = null
    let unlocking: Promise<DownloadProblem | null> | null = null
    let keyProblem: DownloadProblem | null = null
    const sealedByKey = new Map(plan.downloads.filter((artifact) => artifact.sealed && artifact.buyerPublicKey).map((artifact) => [artifact.key, artifact.buyerPublicKey as string]))
    const lockedAmong = (keys?: readonly string[]): string[] => {
      const candidates = keys ?? engine.snapshot().files.filter((file) => file.state !== 'done' && file.state !== 'skipped').map((file) => file.key)
      return candidates.filter((key) => {
        const publicKey = sealedByKey.get(key)
        return publicKey !== undefined && isLockedKey(deps.keys, publicKey)
      })
    }
    const needsUnlock = (keys?: readonly string[]): boolean => lockedAmong(keys).length > 0
    const unlockFor = (keys?: readonly string[]): Promise<DownloadProblem | null> => {
      if (!deps.unlock || !needsUnlock(keys)) return Promise.resolve(null)
      const unlock = deps.unlock
      unlocking ??= (async () => {
        // Settles after this assignment even when `unlock` throws at once.
        await null
        try {
          await unlock()
          keyProblem = null
          // The files that waited for this key go again.
          for (const key of engine.waitingForKey()) engine.resume(key)
          return null
        } catch (error) {
          keyProblem = problemOf(error)
          return keyProblem
        } finally {
          unlocking = null
        }
      })()
      return unlocking
    }
    return {
      outDir: options.outDir,
      plan,
      engine,
      record: store,
      recordSetAside: setAside ?? null,
      run: async () => {
        if (!deps.unlock || !needsUnlock()) return engine.run()
        // The other files start meanwhile; those sealed to the locked key wait for it, then go.
        const unlocked = unlockFor()
        const first = await engine.run()
        return (await unlocked) === null ? engine.run() : first
      },
      needsUnlock,
      lockedFiles: () => lockedAmong().length,
      unlockFor,
      get unlocking() {
        return unlocking !== null
      },
      get keyProblem() {
        return keyProblem
      },
      get recordProblem() {
        return engine.manifestProblem
      },
      close: () =>
        (closing ??= (async () => {
          if (engine.busy) engine.pause()
          await engine.settled()
          // A run closed before it was driven still records its pause: the record is written before the folder is let go.
          await store.flush().catch(() => undefined)
          await ownLock?.release()
        })()),
    }
  } catch (error) {
    await ownLock?.release()
    throw error
  }
}

import { heldPublicKeys } from '../../numerbay/mappers'
import type { SyncEvent, SyncPlan, SyncSummary } from '../../../shared/downloads'
import type { DownloadsSnapshot } from '../../../shared/ipc'
import { AppError } from '../../../shared/errors'
import type { DecryptPool } from '../../workers/decrypt-pool'
import { SyncEngine } from '../../downloads/engine'
import { acquireSyncLock, type SyncLock } from '../../downloads/lock'
import { ManifestStore } from '../../downloads/manifest'
import { downloadUrlSource, gatherPlan, type ClientRunner } from '../../downloads/plan-source'
import type { NumerBayClient } from '../../numerbay/client'
import type { DownloadSelectionInput, DownloadsPort, VaultPort } from '../ports'
import { emptyDownloadsSnapshot } from '../snapshots'
import { storageGetFor } from '../../downloads/storage-get'

interface Run {
  readonly engine: SyncEngine
  readonly destination: string
  readonly lock: SyncLock
  /** The engine's current drive (a resume starts a new one). */
  done: Promise<void>
}

function isRunning(overall: { active: number; queued: number }): boolean {
  return overall.active > 0 || overall.queued > 0
}

/** Keeps only what the person selected (orders, files); the rest of the plan is left out of this run. */
export function selectFromPlan(plan: SyncPlan, selection: Pick<DownloadSelectionInput, 'orderIds' | 'keys'>): SyncPlan {
  const orders = selection.orderIds ? new Set(selection.orderIds) : null
  const keys = selection.keys ? new Set(selection.keys) : null
  const keep = (artifact: { orderId: number; key: string }): boolean => (!orders || orders.has(artifact.orderId)) && (!keys || keys.has(artifact.key))
  return {
    ...plan,
    downloads: plan.downloads.filter(keep),
    skipped: plan.skipped.filter((entry) => keep(entry.artifact)),
    orderProblems: plan.orderProblems.filter((problem) => !orders || orders.has(problem.orderId)),
  }
}

/**
 * Downloads for the app: one sync run at a time, wired like the CLI's (lock on the folder, manifest, plan from
 * the API, engine decrypting on the worker pool), with the engine's events turned into snapshots for the UI.
 */
export function createDownloadsPort(vault: () => Promise<VaultPort>, pool: DecryptPool, now: () => number = Date.now): DownloadsPort {
  const listeners = new Set<(snapshot: DownloadsSnapshot) => void>()
  let run: Run | null = null
  let summary: SyncSummary | null = null

  const snapshot = (): DownloadsSnapshot => {
    if (!run) return emptyDownloadsSnapshot(now(), summary)
    const state = run.engine.snapshot()
    return {
      running: isRunning(state.overall),
      destination: run.destination,
      files: state.files,
      overall: state.overall,
      paused: state.paused ? { reason: state.paused.reason, error: state.paused.error ?? null } : null,
      summary,
      updatedAt: now(),
    }
  }

  const publish = (): void => {
    const current = snapshot()
    for (const listener of listeners) listener(current)
  }

  // run() settles when nothing is queued or active; it is called again after a resume.
  const drive = async (current: Run): Promise<void> => {
    try {
      summary = await current.engine.run()
    } catch {
      // The engine reports failures as events and file states.
    } finally {
      publish()
    }
  }

  const plan = async (client: NumerBayClient, selection: DownloadSelectionInput, store?: ManifestStore): Promise<SyncPlan> => {
    const keys = await vault()
    const runner: ClientRunner = (task) => task(client)
    const manifest = store ?? (await ManifestStore.open(selection.destination)).store
    const full = await gatherPlan(runner, { scope: selection.scope, hasKey: (key) => keys.holds(key), previousPaths: manifest.previousPaths() })
    return selectFromPlan(full, selection)
  }

  return {
    plan: (client, selection) => plan(client, selection),
    async start(client, selection, concurrency) {
      if (run && isRunning(run.engine.snapshot().overall)) throw new AppError('INVALID_ARGUMENT', { message: 'A download is already running. Pause or cancel it first.' })
      const keys = await vault()
      if (run) {
        // The previous run is idle (finished or paused): its folder lock goes before a new run takes one.
        await run.done
        await run.lock.release()
        run = null
      }
      const lock = await acquireSyncLock(selection.destination)
      try {
        const { store } = await ManifestStore.open(selection.destination)
        const chosen = await plan(client, selection, store)
        const runner: ClientRunner = (task) => task(client)
        const engine = new SyncEngine(
          chosen,
          store,
          {
            storageGet: storageGetFor(pool),
            getDownloadUrl: downloadUrlSource(runner),
            keyPairFor: (publicKey) => keys.keyPairFor(publicKey),
            // Files uploaded before a key replacement stay sealed to the old key although the order names the new one.
            heldPublicKeys: () => heldPublicKeys(keys.knownKeys()),
            openSealedSink: (request) => pool.openSink(request),
            openPlainSink: (request) => pool.openPlainSink(request),
          },
          { outDir: selection.destination, concurrency, progressIntervalMs: 250 },
        )
        summary = null
        engine.subscribe((event: SyncEvent) => {
          if (event.type === 'finished') summary = event.summary
          if (event.type === 'progress' || event.type === 'state' || event.type === 'paused' || event.type === 'resumed' || event.type === 'finished') publish()
        })
        const current: Run = { engine, destination: selection.destination, lock, done: Promise.resolve() }
        run = current
        current.done = drive(current)
      } catch (error) {
        await lock.release()
        throw error
      }
      publish()
    },
    snapshot,
    onSnapshot(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    pause: (key) => run?.engine.pause(key),
    resume(key) {
      if (!run) return
      run.engine.resume(key)
      run.done = drive(run)
    },
    cancel: (key) => run?.engine.cancel(key),
    pauseAll: () => run?.engine.pause(),
    resumeAll() {
      if (!run) return
      run.engine.resume()
      run.done = drive(run)
    },
    cancelAll: () => run?.engine.cancel(),
    async shutdown() {
      const current = run
      if (!current) return
      // Pausing keeps partial files; the engine's run settles and flushes the manifest.
      current.engine.pause()
      await current.done
      await current.lock.release()
    },
  }
}

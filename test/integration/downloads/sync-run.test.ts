// The sync-run workflow the app, `sync` and watch share: one run per folder, a damaged sync record moved aside
// and reported, a selection, and close() leaving partials and a free folder.
import { existsSync } from 'node:fs'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MANIFEST_FILE_NAME } from '../../../src/shared/downloads'
import { acquireSyncLock } from '../../../src/main/downloads/lock'
import { DecryptPool } from '../../../src/main/workers/decrypt-pool'
import { openSyncRun, selectFromPlan, type SyncRunDeps } from '../../../src/main/workflows/sync-run'
import type { DemoServerHandle } from '../../../src/demo-server'
import { startTestDemoServer } from '../../helpers/demo-server'
import { buildSeed, CURRENT_KEY, keySource, removeDir, signedInClient, tempOutDir } from './harness'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step()
})

async function setUp(): Promise<{ deps: SyncRunDeps; outDir: string; demo: DemoServerHandle }> {
  const demo = await startTestDemoServer({ seed: buildSeed([{ order: 1, size: 40_000, name: 'a.csv' }, { order: 1, size: 40_000, name: 'b.csv' }, { product: 3, size: 10_000, name: 'open.csv' }]) })
  const outDir = await tempOutDir()
  const pool = new DecryptPool({ size: 1 })
  cleanups.push(() => demo.close(), () => removeDir(outDir), () => pool.close())
  const client = await signedInClient(demo)
  return { deps: { run: (task) => task(client), keys: keySource([CURRENT_KEY]), workers: pool }, outDir, demo }
}

describe('sync-run workflow', () => {
  it('takes the folder for one run at a time, and releases it on close', async () => {
    const { deps, outDir } = await setUp()
    const run = await openSyncRun(deps, { outDir, scope: 'active' })
    await expect(openSyncRun(deps, { outDir, scope: 'active' })).rejects.toMatchObject({ code: 'SYNC_FOLDER_BUSY' })
    const summary = await run.run()
    expect(summary).toMatchObject({ done: 3, complete: true })
    expect(run.recordSetAside).toBeNull()
    expect(run.recordProblem).toBeNull()
    await run.close()
    await (await acquireSyncLock(outDir)).release()
  })

  it('moves a damaged sync record aside and says where', async () => {
    const { deps, outDir } = await setUp()
    await writeFile(join(outDir, MANIFEST_FILE_NAME), '{damaged')
    const run = await openSyncRun(deps, { outDir, scope: 'active' })
    try {
      expect(run.recordSetAside).toMatch(/numerbay-sync/)
      expect(await readdir(outDir)).toContain(run.recordSetAside!.split('/').at(-1))
    } finally {
      await run.close()
    }
  })

  it('close() of a run never driven leaves nothing writing in the folder once it lets it go', async () => {
    const { deps, outDir } = await setUp()
    const run = await openSyncRun(deps, { outDir, scope: 'active' })
    await run.close()
    // A test, or the person, may remove the folder at once: no write may land in it afterwards.
    await rm(outDir, { recursive: true })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(existsSync(outDir)).toBe(false)
    // A pause before the run checked the record is not written over it (a done file stays done): nothing was recorded.
    expect(run.engine.snapshot().files.every((file) => file.state === 'paused')).toBe(true)
  })

  it('runs only the selected orders and files', async () => {
    const { deps, outDir } = await setUp()
    const run = await openSyncRun(deps, { outDir, scope: 'active', selection: { orderIds: [1] } })
    try {
      expect(run.plan.downloads.map((d) => d.objectName).sort()).toEqual(['a.csv', 'b.csv'])
      const one = selectFromPlan(run.plan, { keys: [run.plan.downloads[0]!.key] })
      expect(one.downloads).toHaveLength(1)
      expect(selectFromPlan(run.plan)).toBe(run.plan)
    } finally {
      await run.close()
    }
  })

  it('close() during a transfer pauses it, keeps the partial, and frees the folder', async () => {
    const { deps, outDir, demo } = await setUp()
    demo.faults.stallStorage(1, 8_000)
    const run = await openSyncRun(deps, { outDir, scope: 'active', concurrency: 1 })
    const driving = run.run()
    await new Promise<void>((resolve) => {
      const stop = run.engine.subscribe((event) => {
        if (event.type === 'progress' && event.overall.bytesDone >= 8_000) {
          stop()
          resolve()
        }
      })
    })
    await run.close()
    expect((await driving).unfinished).toBeGreaterThan(0)
    expect(await readdir(join(outDir, '.numerbay-partial'))).not.toEqual([])
    await (await acquireSyncLock(outDir)).release()
  })

  it('a pause as the run begins keeps files that are done on disk done (watch stops a cycle at any moment)', async () => {
    const { deps, outDir } = await setUp()
    const first = await openSyncRun(deps, { outDir, scope: 'active' })
    expect(await first.run()).toMatchObject({ done: 3, complete: true })
    await first.close()

    const second = await openSyncRun(deps, { outDir, scope: 'active' })
    const running = second.run()
    // Before the run has checked the record against the disk.
    second.engine.pause()
    expect(await running).toMatchObject({ done: 3, unfinished: 0 })
    await second.close()
    const record = JSON.parse(await readFile(join(outDir, MANIFEST_FILE_NAME), 'utf8')) as { entries: Record<string, { state: string }> }
    expect(Object.values(record.entries).map((entry) => entry.state)).toEqual(['done', 'done', 'done'])
  })

  it('uses a lock the caller holds (watch) without releasing it, and the globals and orders it fetched', async () => {
    const { deps, outDir, demo } = await setUp()
    const lock = await acquireSyncLock(outDir)
    try {
      const [globals, orders] = await Promise.all([deps.run((c) => c.getGlobals()), deps.run((c) => c.searchOrders({ role: 'buyer' }))])
      const before = demo.requests.length
      expect(demo.requests.some((r) => r.path.endsWith('/orders/search')) && demo.requests.some((r) => r.path.endsWith('/globals/'))).toBe(true)
      const run = await openSyncRun(deps, { outDir, scope: 'active', lock, fetched: { globals, orders: orders.data } })
      expect(run.plan.downloads).toHaveLength(3)
      // Only the listings: the globals and the orders were not asked again.
      expect(demo.requests.slice(before).map((r) => r.path).filter((path) => path.endsWith('/globals/') || path.endsWith('/orders/search'))).toEqual([])
      await run.close()
      await expect(acquireSyncLock(outDir)).rejects.toMatchObject({ code: 'SYNC_FOLDER_BUSY' })
    } finally {
      await lock.release()
    }
  })
})

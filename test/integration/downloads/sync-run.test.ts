// The sync-run workflow the app, `sync` and watch share: one run per folder, a damaged sync record moved aside
// and reported, a selection, and close() leaving partials and a free folder.
import { readdir, readFile, writeFile } from 'node:fs/promises'
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

  it('close() of a run never driven writes its record before letting the folder go', async () => {
    const { deps, outDir } = await setUp()
    const run = await openSyncRun(deps, { outDir, scope: 'active' })
    await run.close()
    // Nothing may still be writing in the folder now (a test, or the person, may remove it at once).
    const record = JSON.parse(await readFile(join(outDir, MANIFEST_FILE_NAME), 'utf8')) as { entries: Record<string, { state: string }> }
    expect(Object.values(record.entries).map((entry) => entry.state)).toEqual(run.plan.downloads.map(() => 'paused'))
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
})

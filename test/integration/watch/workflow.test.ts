// The watch workflow in this process against the demo server, with the real sync run, decrypt pool and session:
// what an idle cycle costs (worker threads, API calls, writes), which the CLI tests cannot see from outside.

import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MANIFEST_FILE_NAME } from '../../../src/shared/downloads'
import { createNumerBayClient } from '../../../src/main/numerbay'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import { DecryptPool } from '../../../src/main/workers/decrypt-pool'
import { signedInSession } from '../../../src/main/workflows/sign-in'
import { systemClock, watchFolder, type CycleWorkers, type WatchReport } from '../../../src/main/workflows/watch'
import { DEMO_WALLET_KEY } from '../../helpers/demo-server'
import { buildSeed, CURRENT_KEY, demoPerTest, keySource } from '../downloads/harness'

const { start } = demoPerTest()

describe('watch workflow against the demo server', () => {
  it('an idle cycle starts no worker thread, asks only for what may have changed, and writes nothing', async () => {
    const { demo, outDir } = await start({
      // A file to fetch, and one sealed to a key the buyer does not hold (recorded as skipped each cycle).
      seed: buildSeed([
        { order: 1, size: 300_000, name: 'a.csv' },
        { order: 4, size: 100, name: 'foreign.csv' },
      ]),
    })
    const client = createNumerBayClient({ baseUrl: demo.apiUrl })
    const session = signedInSession(client, { kind: 'wallet', signer: createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY)) })

    const threadsAtClose: number[] = []
    const makeWorkers = (): CycleWorkers => {
      const pool = new DecryptPool({ size: 2 })
      return {
        openSink: (request) => pool.openSink(request),
        openPlainSink: (request) => pool.openPlainSink(request),
        hostsSink: (sink) => pool.hostsSink(sink),
        storageGet: pool.storageGet,
        close: async () => {
          threadsAtClose.push(pool.running)
          await pool.close()
        },
      }
    }

    const stop = new AbortController()
    const reports: WatchReport[] = []
    const requestsAt: Record<string, number> = {}
    const recordTimes: number[] = []
    const outcome = await watchFolder(
      { session, keys: keySource([CURRENT_KEY]), makeWorkers },
      { outDir, scope: 'active', intervalMs: 100 },
      {
        signal: stop.signal,
        onReport: (report) => {
          reports.push(report)
          if (report.type === 'cycle-started') requestsAt[`start ${report.cycle}`] = demo.requests.length
          if (report.type === 'cycle-finished') {
            requestsAt[`end ${report.cycle}`] = demo.requests.length
            void stat(join(outDir, MANIFEST_FILE_NAME)).then((info) => recordTimes.push(info.mtimeMs))
            if (report.cycle === 4) stop.abort(new Error('enough'))
          }
        },
      },
    )
    expect(outcome).toMatchObject({ cycles: 4, failedCycles: 0, stopped: true })
    expect(reports.filter((r) => r.type === 'new-file').map((r) => (r as { relativePath: string }).relativePath)).toEqual(['Alpha Signals/600/a.csv'])

    // A pool per cycle: the first needed a thread for its file, the idle ones never started one; all were closed.
    expect(threadsAtClose).toHaveLength(4)
    expect(threadsAtClose[0]).toBeGreaterThan(0)
    expect(threadsAtClose.slice(1)).toEqual([0, 0, 0])

    // Idle cycles: the globals and the orders; the sealed orders' own rows show nothing new (order 1's file is done,
    // order 4's is sealed to a key the buyer does not hold, order 2 has none), so only the plain order's product
    // listing is asked; nothing from storage.
    for (const cycle of [2, 3, 4]) {
      const asked = demo.requests.slice(requestsAt[`start ${cycle}`], requestsAt[`end ${cycle}`])
      expect(asked.filter((r) => r.kind === 'storage')).toEqual([])
      expect(asked.map((r) => r.path.replace(/^\/backend-api\/v1/, '')).sort()).toEqual(['/globals/', '/orders/search', '/products/3/artifacts'].sort())
    }
    // The sync record was not rewritten by the idle cycles.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(new Set(recordTimes.slice(1)).size).toBe(1)
    expect(recordTimes[1]).toBe(recordTimes[0])
  })

  it('a new upload shows in its order row: the watcher lists that order again and fetches the file', async () => {
    const { demo, outDir } = await start({ seed: buildSeed([{ order: 1, size: 1000, name: 'a.csv' }]) })
    const client = createNumerBayClient({ baseUrl: demo.apiUrl })
    const session = signedInSession(client, { kind: 'wallet', signer: createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY)) })
    const stop = new AbortController()
    const newFiles: string[] = []
    const listingsIn: Record<number, number> = {}
    let before = 0
    let publishing: Promise<unknown> | null = null
    // The wait after a cycle lasts until the seller's upload (if one was started) is in.
    const clock = { now: () => Date.now(), sleep: async (ms: number, signal: AbortSignal) => (await publishing, systemClock.sleep(ms, signal)) }
    await watchFolder(
      { session, keys: keySource([CURRENT_KEY]), makeWorkers: () => new DecryptPool({ size: 1 }), clock },
      { outDir, scope: 'active', intervalMs: 100 },
      {
        signal: stop.signal,
        onReport: (report) => {
          if (report.type === 'cycle-started') before = demo.requests.length
          if (report.type === 'new-file') newFiles.push(report.relativePath)
          if (report.type !== 'cycle-finished') return
          listingsIn[report.cycle] = demo.requests.slice(before).filter((r) => r.path.endsWith('/artifacts/')).length
          // A seller uploads while the watcher waits after its second cycle.
          if (report.cycle === 2) publishing = demo.addArtifact({ order: 1, objectName: 'b.csv', content: 'id,prediction\nn1,0.5\n' })
          if (newFiles.includes('Alpha Signals/600/b.csv')) stop.abort(new Error('enough'))
        },
      },
    )
    expect(newFiles).toEqual(['Alpha Signals/600/a.csv', 'Alpha Signals/600/b.csv'])
    // First cycle: nothing on disk, so order 1 is listed; second: settled, not listed; third: the new row, listed.
    expect(listingsIn[1]).toBeGreaterThanOrEqual(1)
    expect(listingsIn[2]).toBe(0)
    expect(listingsIn[3]).toBeGreaterThanOrEqual(1)
  })
})

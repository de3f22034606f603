import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MANIFEST_FILE_NAME, type Manifest } from '../../../src/shared/downloads'
import { sha256OfFile } from '../../../src/main/downloads/manifest'
import { partialPathFor } from '../../../src/main/downloads/paths'
import type { SyncEngine } from '../../../src/main/downloads/engine'
import type { DemoServerHandle } from '../../../src/demo-server'
import { buildSeed, CURRENT_KEY, demoPerTest, expectedSha256, listFiles, runSync, signedInClient, type ArtifactSpec } from './harness'

const { start, setUp } = demoPerTest()

function storageRequests(box: DemoServerHandle) {
  return box.requests.filter((request) => request.kind === 'storage')
}

describe('sync against the demo server', () => {
  it('downloads, decrypts and verifies every file; a re-run fetches nothing', async () => {
    const specs: ArtifactSpec[] = [
      { order: 1, size: 3 * 1024 * 1024 + 17, name: 'alpha_600_a.csv' },
      { order: 1, size: 1, name: 'alpha_600_b.csv' },
      { order: 1, size: 0, name: 'alpha_600_empty.csv' },
      { order: 2, size: 200_000, name: 'old_600.csv' },
      { product: 3, size: 2 * 1024 * 1024 + 5, name: 'open_600.parquet' },
      { order: 1, size: 10, name: 'direct.csv', direct: true },
      { order: 1, size: 10, name: 'pending.csv', state: 'pending' },
      { order: 4, size: 10, name: 'foreign.csv' },
    ]
    const { demo: box, outDir: out, client } = await setUp(specs)
    const first = await runSync(client, out)

    expect(first.summary).toMatchObject({ done: 5, skipped: 3, failed: 0, complete: true })
    const reasons = Object.fromEntries(first.plan.skipped.map((s) => [s.artifact.objectName, s.reason]))
    expect(reasons).toEqual({ 'direct.csv': 'numerai-direct', 'pending.csv': 'not-active', 'foreign.csv': 'not-sealed-to-your-key' })

    const expected: Record<string, [number, number]> = {
      'Alpha Signals/600/alpha_600_a.csv': [0, specs[0]!.size],
      'Alpha Signals/600/alpha_600_b.csv': [1, 1],
      'Alpha Signals/600/alpha_600_empty.csv': [2, 0],
      'Old Key Product/600/old_600.csv': [3, 200_000],
      'Open Data/600/open_600.parquet': [4, specs[4]!.size],
    }
    for (const [path, [index, size]] of Object.entries(expected)) {
      expect((await stat(join(out, path))).size).toBe(size)
      expect(await sha256OfFile(join(out, path))).toBe(await expectedSha256(index, size))
    }
    // Nothing else: no partials, no temp files, no file for skipped artifacts.
    expect(await listFiles(out)).toEqual([MANIFEST_FILE_NAME, ...Object.keys(expected)].sort())

    const manifest = JSON.parse(await readFile(join(out, MANIFEST_FILE_NAME), 'utf8')) as Manifest
    const done = Object.values(manifest.entries).filter((entry) => entry.state === 'done')
    expect(done).toHaveLength(5)
    for (const entry of done) expect(entry.sha256).toBe(await expectedSha256(expected[entry.relativePath]![0], expected[entry.relativePath]![1]))
    expect(Object.values(manifest.entries).find((e) => e.objectName === 'foreign.csv')).toMatchObject({ state: 'skipped', reason: 'not-sealed-to-your-key' })
    // No secrets in the manifest.
    const text = await readFile(join(out, MANIFEST_FILE_NAME), 'utf8')
    expect(text).not.toContain(Buffer.from(CURRENT_KEY.privateKey).toString('base64'))
    expect(text).not.toMatch(/X-Goog|signature|token/i)

    // Progress events: throttled, with totals; states recorded.
    const progress = first.events.filter((event) => event.type === 'progress')
    expect(progress.length).toBeGreaterThan(0)
    expect(first.events.at(-1)).toMatchObject({ type: 'finished' })

    const before = storageRequests(box).length
    const second = await runSync(client, out)
    expect(second.summary).toMatchObject({ done: 5, skipped: 3, complete: true, bytesReceived: 0 })
    expect(storageRequests(box).length).toBe(before)
  })

  it('sends no Authorization header to storage and asks for a fresh URL for every attempt', async () => {
    const { demo: box, outDir: out, client } = await setUp([{ order: 1, size: 300_000, name: 'a.csv' }])
    box.faults.failStorage(2, 503)
    const result = await runSync(client, out)
    expect(result.summary.complete).toBe(true)
    const seen = storageRequests(box)
    expect(seen).toHaveLength(3)
    for (const request of seen) expect(request.authorization).toBeUndefined()
    expect(new Set(seen.map((request) => request.urlTag)).size).toBe(3)
    for (const request of seen) expect(request.urlTag).toMatch(/^[0-9a-f]{16}$/)
    expect(box.requests.filter((r) => r.kind === 'api' && r.path.endsWith('/generate-download-url'))).toHaveLength(3)
  })

  it('gets the next files ready while the slots are busy: URL asked for and sink opened once, before their turn', async () => {
    const { demo: box, outDir: out, client } = await setUp([
      { order: 1, size: 2 * 1024 * 1024, name: 'big1.csv' },
      { order: 1, size: 2 * 1024 * 1024, name: 'big2.csv' },
      { order: 1, size: 1000, name: 'small1.csv' },
      { product: 3, size: 1000, name: 'small2.csv' },
    ])
    // Both big files' bodies go quiet half-way, so both slots stay busy for a while.
    box.faults.stallStorage(2, 1024 * 1024)
    // The files whose download URL was asked for, in order (the demo server logs every API call).
    const asked = (): string[] =>
      box.requests
        .filter((r) => r.kind === 'api' && r.path.endsWith('/generate-download-url'))
        .map((r) => /\/artifacts\/([^/]+)\/generate-download-url$/.exec(r.path)![1]!)
        .map((id) => box.state.artifacts.find((artifact) => String(artifact.id) === id)!.object_name)
    let engine: SyncEngine | undefined
    const run = runSync(client, out, {
      engine: { concurrency: 2, idleTimeoutMs: 4000 },
      onEngine: (e) => (engine = e),
    })
    const opened = async (name: string): Promise<boolean> =>
      engine !== undefined && (await stat(partialPathFor(out, engine.plan.downloads.find((a) => a.objectName === name)!.key)).then(() => true, () => false))
    const deadline = Date.now() + 8000
    while (Date.now() < deadline && !(asked().length === 4 && (await opened('small1.csv')) && (await opened('small2.csv')))) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    // The small files are ready (URL asked for, partial file open) while both big ones still hold the slots.
    expect([...asked()].sort()).toEqual(['big1.csv', 'big2.csv', 'small1.csv', 'small2.csv'])
    expect(await opened('small1.csv')).toBe(true)
    expect(await opened('small2.csv')).toBe(true)
    const states = Object.fromEntries(engine!.snapshot().files.map((f) => [f.name, f.state]))
    expect(states).toEqual({ 'big1.csv': 'downloading', 'big2.csv': 'downloading', 'small1.csv': 'queued', 'small2.csv': 'queued' })

    const result = await run
    expect(result.summary).toMatchObject({ done: 4, failed: 0, complete: true })
    // The stalled files asked again after the stall; the small ones used the URL got ready for them.
    expect(asked().filter((name) => name.startsWith('small')).sort()).toEqual(['small1.csv', 'small2.csv'])
    expect(asked().filter((name) => name.startsWith('big'))).toHaveLength(4)
    expect(await listFiles(out)).toEqual([MANIFEST_FILE_NAME, 'Alpha Signals/600/big1.csv', 'Alpha Signals/600/big2.csv', 'Alpha Signals/600/small1.csv', 'Open Data/600/small2.csv'].sort())
  })

  it("closes a queued file's ready sink when it is paused or cancelled: a cancelled one leaves nothing", async () => {
    const { demo: box, outDir: out, client } = await setUp([
      { order: 1, size: 2 * 1024 * 1024, name: 'slow.csv' },
      { order: 1, size: 1000, name: 'paused.csv' },
      { order: 1, size: 1000, name: 'cancelled.csv' },
    ])
    box.faults.stallStorage(1, 1024 * 1024)
    let engine!: SyncEngine
    const run = runSync(client, out, { engine: { concurrency: 1, idleTimeoutMs: 4000 }, onEngine: (e) => (engine = e) })
    const keyOf = (name: string): string => engine.plan.downloads.find((a) => a.objectName === name)!.key
    // Wait until the file after the slow one has its sink open (its partial exists), then stop both queued files.
    const deadline = Date.now() + 8000
    while (Date.now() < deadline && !(engine && (await stat(partialPathFor(out, keyOf('paused.csv'))).then(() => true, () => false)))) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    engine.pause(keyOf('paused.csv'))
    engine.cancel(keyOf('cancelled.csv'))
    const result = await run
    expect(result.summary).toMatchObject({ done: 1, cancelled: 1, unfinished: 1 })
    const states = Object.fromEntries(engine.snapshot().files.map((f) => [f.name, f.state]))
    expect(states).toEqual({ 'slow.csv': 'done', 'paused.csv': 'paused', 'cancelled.csv': 'cancelled' })
    // Nothing was received for either: the paused file keeps no partial worth resuming, the cancelled one none.
    const partials = (await listFiles(out)).filter((f) => f.startsWith('.numerbay-partial/'))
    expect(partials).toEqual([])
  })

  it('--all also looks at orders outside the selling round, and says when NumerBay refuses them', async () => {
    const { demo, outDir } = await start({
      seed: buildSeed([{ order: 1, size: 100, name: 'now.csv' }, { order: 5, size: 100, name: 'past.csv', round: 599 }], {
        products: [{ id: 5, name: 'Past Product', owner: 2 }],
        orders: [{ id: 5, buyer: 1, product: 5, rounds: [599] }],
      }),
    })
    const client = await signedInClient(demo)
    const active = await runSync(client, outDir)
    expect(active.plan.downloads.map((d) => d.objectName)).toEqual(['now.csv'])
    expect(active.plan.orderProblems).toEqual([])
    const all = await runSync(client, outDir, { scope: 'all' })
    expect(all.plan.orderProblems).toEqual([{ orderId: 5, productName: 'Past Product', reason: 'no-longer-available' }])
    expect(all.summary).toMatchObject({ done: 1, complete: true, bytesReceived: 0 })
  })

  it('puts malicious object names inside the output folder', async () => {
    const { outDir: out, client } = await setUp([
      { order: 1, size: 100, name: '../../x' },
      { order: 1, size: 100, name: '/tmp/absolute.csv' },
      { order: 1, size: 100, name: 'CON' },
      { order: 1, size: 100, name: '...' },
    ])
    const result = await runSync(client, out)
    expect(result.summary.complete).toBe(true)
    const files = await listFiles(out)
    const dotsFile = result.plan.downloads.find((d) => d.objectName === '...')?.relativePath
    expect(dotsFile).toMatch(/^Alpha Signals\/600\/artifact-[0-9a-f]{32}$/)
    expect(files).toEqual([MANIFEST_FILE_NAME, dotsFile, 'Alpha Signals/600/_CON', 'Alpha Signals/600/___.._x', 'Alpha Signals/600/_tmp_absolute.csv'].sort())
  })

  it('re-downloads a done file that was changed on disk (size check), and re-hashes on request', async () => {
    const { outDir: out, client } = await setUp([{ order: 1, size: 5000, name: 'a.csv' }])
    await runSync(client, out)
    const path = join(out, 'Alpha Signals/600/a.csv')
    const good = await readFile(path)
    // Same size, different bytes: only a re-hash notices.
    const bad = Buffer.from(good)
    bad[0] = bad[0]! ^ 0xff
    await writeFile(path, bad)
    const sizeOnly = await runSync(client, out)
    expect(sizeOnly.summary.bytesReceived).toBe(0)
    const rehashed = await runSync(client, out, { engine: { rehash: true } })
    expect(rehashed.summary.bytesReceived).toBe(5000 + 48)
    expect(await readFile(path)).toEqual(good)
    await writeFile(path, 'short')
    const resized = await runSync(client, out)
    expect(resized.summary.bytesReceived).toBe(5000 + 48)
    expect(await readFile(path)).toEqual(good)
  })
})

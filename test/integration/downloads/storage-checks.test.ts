// Two things a sync learns from the storage server's answer: its x-goog-hash (plain files are checked against it
// before they get their name) and its Retry-After (honoured before the next request, API and storage alike).
import { join } from 'node:path'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { generatedBytes, type DemoServerHandle } from '../../../src/demo-server'
import { MANIFEST_FILE_NAME, type Manifest, type SyncEvent } from '../../../src/shared/downloads'
import { sha256OfFile } from '../../../src/main/downloads/manifest'
import { storageHashesOf } from '../../../src/main/downloads/storage-hash'
import { openPlainSink, type ArtifactSink } from '../../../src/main/downloads/sink'
import { DecryptPool } from '../../../src/main/workers/decrypt-pool'
import { demoPerTest, expectedSha256, listFiles, runSync } from './harness'

const { setUp } = demoPerTest()

async function manifestOf(out: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(out, MANIFEST_FILE_NAME), 'utf8')) as Manifest
}

function storageFor(box: DemoServerHandle, objectName: string) {
  return box.requests.filter((request) => request.kind === 'storage' && request.objectName === objectName)
}

const KiB = 1024

describe('plain files and x-goog-hash', () => {
  // On the decrypt worker (the usual path) and on the caller's thread (no pool for plain files).
  for (const where of ['worker', 'local'] as const) {
    // 'local': plain sinks opened on this thread (the pool keeps only the sealed ones).
    const deps =
      where === 'local'
        ? { workers: (pool: DecryptPool) => ({ hostsSink: (sink: ArtifactSink) => pool.hostsSink(sink), storageGet: pool.storageGet, openSink: (request: Parameters<DecryptPool['openSink']>[0]) => pool.openSink(request), openPlainSink }) }
        : {}

    it(`checks a plain file against the server's hashes and records them (${where})`, async () => {
      const size = 300 * KiB + 5
      const { outDir: out, client } = await setUp([{ product: 3, size, name: 'open.csv' }])
      const result = await runSync(client, out, deps)
      expect(result.summary.complete).toBe(true)
      const entry = Object.values((await manifestOf(out)).entries)[0]!
      expect(entry).toMatchObject({ state: 'done', sealed: false, checksums: storageHashesOf(await generatedBytes('artifact-0', size)) })
      expect(await sha256OfFile(join(out, 'Open Data/600/open.csv'))).toBe(await expectedSha256(0, size))
    })

    it(`fetches a plain file once more from the start when its hash does not match, then keeps it (${where})`, async () => {
      const { demo: box, outDir: out, client } = await setUp([{ product: 3, size: 64 * KiB, name: 'flaky.csv' }])
      box.faults.corruptHash(1, 'flaky.csv')
      const result = await runSync(client, out, deps)
      expect(result.summary).toMatchObject({ complete: true, done: 1 })
      const requests = storageFor(box, 'flaky.csv')
      expect(requests).toHaveLength(2)
      expect(requests[1]!.range).toBeUndefined()
      const retry = result.events.find((e): e is Extract<SyncEvent, { type: 'retry' }> => e.type === 'retry')
      expect(retry?.problem.code).toBe('DOWNLOAD_CHECKSUM_MISMATCH')
    })

    it(`refuses a plain file whose hash does not match twice, leaving nothing under its name (${where})`, async () => {
      const { demo: box, outDir: out, client } = await setUp([
        { product: 3, size: 64 * KiB, name: 'damaged.csv' },
        { product: 3, size: 10 * KiB, name: 'fine.csv' },
      ])
      box.faults.corruptHash(5, 'damaged.csv')
      const result = await runSync(client, out, deps)
      expect(result.summary).toMatchObject({ complete: false, done: 1, failed: 1 })
      expect(storageFor(box, 'damaged.csv')).toHaveLength(2)
      const files = await listFiles(out)
      expect(files).toContain('Open Data/600/fine.csv')
      expect(files.filter((file) => file.includes('damaged') || file.endsWith('.part'))).toEqual([])
      const entry = Object.values((await manifestOf(out)).entries).find((e) => e.objectName === 'damaged.csv')!
      expect(entry).toMatchObject({ state: 'failed', error: { code: 'DOWNLOAD_CHECKSUM_MISMATCH' } })
      expect(entry.error?.detail).toMatch(/crc32c .* \(server: .*\), md5 .* \(server: .*\)/)
      expect(entry.checksums).toBeUndefined()
    })
  }

  it('leaves sealed files to their tag: no hashes are checked or recorded for them', async () => {
    const { outDir: out, client } = await setUp([{ order: 1, size: 20 * KiB, name: 'sealed.csv' }])
    const result = await runSync(client, out)
    expect(result.summary.complete).toBe(true)
    expect(Object.values((await manifestOf(out)).entries)[0]!.checksums).toBeUndefined()
  })
})

describe('Retry-After during a sync', () => {
  it('waits out a storage storm (503, Retry-After: 2) before each next request, by the server’s own clock', async () => {
    const { demo: box, outDir: out, client } = await setUp([{ order: 1, size: 32 * KiB, name: 'storm.csv' }])
    box.faults.storm({ target: 'storage', status: 503, retryAfter: 2, count: 2 })
    const result = await runSync(client, out)
    expect(result.summary.complete).toBe(true)
    const requests = storageFor(box, 'storm.csv')
    expect(requests.map((r) => [r.status, r.retryAfter])).toEqual([
      [503, '2'],
      [503, '2'],
      [200, undefined],
    ])
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(2000)
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(2000)
    const retries = result.events.filter((e): e is Extract<SyncEvent, { type: 'retry' }> => e.type === 'retry')
    expect(retries.map((e) => e.delayMs >= 2000)).toEqual([true, true])
    expect(retries[0]!.problem.detail).toContain('asked to wait 2 s')
  })

  it('waits out an API storm (429, Retry-After: 2) while planning, with no request before the time is up', async () => {
    const { demo: box, outDir: out, client } = await setUp([{ order: 1, size: 4 * KiB, name: 'api.csv' }])
    const startedAt = box.requests.length
    box.faults.storm({ target: 'api', status: 429, retryAfter: 2, count: 1 })
    const result = await runSync(client, out)
    expect(result.summary.complete).toBe(true)
    const api = box.requests.slice(startedAt).filter((r) => r.kind === 'api')
    const refused = api.filter((r) => r.status === 429)
    expect(refused).toHaveLength(1)
    expect(refused[0]).toMatchObject({ retryAfter: '2' })
    // Other calls may run beside it; the refused one is asked again only after the wait.
    const again = api.find((r) => r.seq > refused[0]!.seq && r.path === refused[0]!.path && r.method === refused[0]!.method)!
    expect(again.status).toBe(200)
    expect(again.at - refused[0]!.at).toBeGreaterThanOrEqual(2000)
  })
})

import { createHash } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MANIFEST_FILE_NAME } from '../../../src/shared/downloads'
import { checkDownloadUrl, describeUrl } from '../../../src/main/downloads/download-url'
import { downloadUrlSource } from '../../../src/main/downloads/plan-source'
import { createNumerBayClient } from '../../../src/main/numerbay/client'
import type { PlannedArtifact } from '../../../src/shared/downloads'
import { acquireSyncLock } from '../../../src/main/downloads/lock'
import { isDoneAndIntact, loadManifest, ManifestStore } from '../../../src/main/downloads/manifest'
import { partialPathFor, targetPathFor } from '../../../src/main/downloads/paths'
import { etaSeconds, SpeedMeter, Throttle } from '../../../src/main/downloads/progress'
import { openPlainSink } from '../../../src/main/downloads/sink'
import { parseContentRange } from '../../../src/main/downloads/transfer'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'numerbay-dl-unit-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex')

const entry = {
  key: 'order:abc',
  source: 'order' as const,
  orderId: 1,
  productId: 2,
  productName: 'P',
  round: 3,
  objectName: 'f.csv',
  relativePath: 'P/3/f.csv',
  sealed: true,
}

describe('plain sink', () => {
  it('writes to the partial, hashes on the fly, commits atomically', async () => {
    const target = join(dir, 'out', 'file.bin')
    const partialPath = join(dir, 'partials', 'x.part')
    const sink = await openPlainSink({ target, partialPath })
    expect(sink.resumeOffset).toBe(0)
    await sink.write(Buffer.from('hello '))
    await expect(stat(target)).rejects.toThrow()
    await sink.write(Buffer.from('world'))
    const result = await sink.finish()
    expect(result).toEqual({ path: target, plaintextBytes: 11, sha256: sha('hello world') })
    expect(await readFile(target, 'utf8')).toBe('hello world')
    await expect(stat(partialPath)).rejects.toThrow()
  })

  it('resumes from the partial (hash covers the whole file) and discards it on abort', async () => {
    const target = join(dir, 'file.bin')
    const partialPath = join(dir, 'x.part')
    const first = await openPlainSink({ target, partialPath })
    await first.write(Buffer.from('abc'))
    await first.abort({ keepPartial: true })
    const second = await openPlainSink({ target, partialPath })
    expect(second.resumeOffset).toBe(3)
    await second.write(Buffer.from('def'))
    expect((await second.finish()).sha256).toBe(sha('abcdef'))
    const third = await openPlainSink({ target: join(dir, 'other'), partialPath })
    await third.write(Buffer.from('zz'))
    await third.abort()
    await expect(stat(partialPath)).rejects.toThrow()
  })

  it('never replaces an existing file unless told to', async () => {
    const target = join(dir, 'file.bin')
    await writeFile(target, 'mine')
    const sink = await openPlainSink({ target, partialPath: join(dir, 'p.part') })
    await sink.write(Buffer.from('theirs'))
    await expect(sink.finish()).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    expect(await readFile(target, 'utf8')).toBe('mine')
    const replace = await openPlainSink({ target, partialPath: join(dir, 'p.part'), overwrite: true })
    await replace.write(Buffer.from('new'))
    await replace.finish()
    expect(await readFile(target, 'utf8')).toBe('new')
  })
})

describe('manifest', () => {
  it('round-trips entries, writes atomically, keeps previous paths', async () => {
    const { store } = await ManifestStore.open(dir)
    store.put({ ...entry, state: 'done', size: 5, sha256: sha('hello') })
    await store.flush()
    const again = await loadManifest(dir)
    expect(again.manifest.entries['order:abc']).toMatchObject({ state: 'done', size: 5, relativePath: 'P/3/f.csv' })
    expect((await ManifestStore.open(dir)).store.previousPaths().get('order:abc')).toBe('P/3/f.csv')
    expect((await readdir(dir)).filter((name) => name !== MANIFEST_FILE_NAME)).toEqual([])
  })

  it('sets a damaged manifest aside (not in a dry run) and drops unsafe entries', async () => {
    await writeFile(join(dir, MANIFEST_FILE_NAME), '{not json')
    expect((await loadManifest(dir, undefined, true)).setAside).toBeUndefined()
    const loaded = await loadManifest(dir)
    expect(loaded.setAside).toMatch(/\.damaged-\d+$/)
    expect(loaded.manifest.entries).toEqual({})
    const evil = { version: 1, updatedAt: 'x', entries: { 'order:abc': { ...entry, relativePath: '../../etc/passwd', state: 'done', updatedAt: 'x' } } }
    await writeFile(join(dir, MANIFEST_FILE_NAME), JSON.stringify(evil))
    expect((await loadManifest(dir)).setAside).toBeDefined()
  })

  it('trusts a done entry only while the file has its size (and hash, when asked)', async () => {
    const path = join(dir, 'P', '3')
    await rm(path, { recursive: true, force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(path, { recursive: true }))
    await writeFile(join(path, 'f.csv'), 'hello')
    const done = { ...entry, state: 'done' as const, size: 5, sha256: sha('hello'), updatedAt: 'x' }
    expect(await isDoneAndIntact(dir, done)).toBe(true)
    expect(await isDoneAndIntact(dir, { ...done, sha256: sha('jello') })).toBe(true)
    expect(await isDoneAndIntact(dir, { ...done, sha256: sha('jello') }, { rehash: true })).toBe(false)
    expect(await isDoneAndIntact(dir, { ...done, size: 6 })).toBe(false)
    expect(await isDoneAndIntact(dir, { ...done, state: 'downloading' })).toBe(false)
  })
})

describe('paths', () => {
  it('keeps targets inside the output folder', () => {
    expect(targetPathFor(dir, 'a/b/c.csv')).toBe(join(dir, 'a', 'b', 'c.csv'))
    expect(() => targetPathFor(dir, '../x/y')).toThrow()
    expect(() => targetPathFor(dir, 'a/../../y')).toThrow()
  })

  it('gives each key a stable, hidden partial path', () => {
    expect(partialPathFor(dir, 'order:a')).toBe(partialPathFor(dir, 'order:a'))
    expect(partialPathFor(dir, 'order:a')).not.toBe(partialPathFor(dir, 'order:b'))
    expect(partialPathFor(dir, 'order:a').startsWith(join(dir, '.numerbay-partial'))).toBe(true)
  })
})

describe('lock', () => {
  it('refuses a second sync in the same folder and takes over a dead owner\'s lock', async () => {
    const lock = await acquireSyncLock(dir)
    await expect(acquireSyncLock(dir)).rejects.toMatchObject({ code: 'SYNC_FOLDER_BUSY' })
    await lock.release()
    const { hostname } = await import('node:os')
    await writeFile(join(dir, '.numerbay-sync.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }))
    const taken = await acquireSyncLock(dir)
    await taken.release()
  })
})

describe('download URLs', () => {
  const REMOTE_API = 'https://numerbay.ai/backend-api/v1'
  const LOCAL_API = 'http://127.0.0.1:8123/backend-api/v1'

  it('accepts https (and loopback http from a loopback API) only, and never shows the query', () => {
    expect(checkDownloadUrl('https://storage.numerbay.ai/x.csv?X-Goog-Signature=abc', REMOTE_API).host).toBe('storage.numerbay.ai')
    expect(checkDownloadUrl('http://127.0.0.1:8080/storage/x', LOCAL_API).hostname).toBe('127.0.0.1')
    expect(checkDownloadUrl('http://[::1]:8080/x', LOCAL_API).hostname).toBe('[::1]')
    expect(checkDownloadUrl('http://localhost/x', LOCAL_API).hostname).toBe('localhost')
    expect(checkDownloadUrl('https://storage.numerbay.ai/x', LOCAL_API).host).toBe('storage.numerbay.ai')
    expect(() => checkDownloadUrl('http://storage.numerbay.ai/x', REMOTE_API)).toThrow(expect.objectContaining({ code: 'DOWNLOAD_INSECURE_URL' }))
    expect(() => checkDownloadUrl('http://storage.numerbay.ai/x', LOCAL_API)).toThrow(expect.objectContaining({ code: 'DOWNLOAD_INSECURE_URL' }))
    expect(() => checkDownloadUrl('http://127.0.0.1.evil.com/x', LOCAL_API)).toThrow(expect.objectContaining({ code: 'DOWNLOAD_INSECURE_URL' }))
    expect(() => checkDownloadUrl('ftp://x/y', REMOTE_API)).toThrow(expect.objectContaining({ code: 'DOWNLOAD_INSECURE_URL' }))
    expect(() => checkDownloadUrl('https://user:pw@host/x', REMOTE_API)).toThrow(expect.objectContaining({ code: 'DOWNLOAD_INSECURE_URL' }))
    expect(() => checkDownloadUrl({ url: 'https://x' }, REMOTE_API)).toThrow(expect.objectContaining({ code: 'API_BAD_RESPONSE' }))
    expect(describeUrl(new URL('https://h/p/x.csv?X-Goog-Signature=secret'))).toBe('https://h/p/x.csv')
  })

  it('refuses links to this computer from an API that is not on it (a hostile API probing local services)', async () => {
    for (const local of ['http://127.0.0.1:631/printers', 'http://localhost:9222/json', 'https://127.0.0.1:8443/x', 'http://[::1]:6379/']) {
      expect(() => checkDownloadUrl(local, REMOTE_API), local).toThrow(expect.objectContaining({ code: 'DOWNLOAD_INSECURE_URL' }))
    }
    // Through the engine's URL source, as a sync asks for it: the link never reaches a storage request.
    const hostile = createNumerBayClient({
      baseUrl: REMOTE_API,
      fetch: (async (input: string | URL | Request) =>
        String(input).endsWith('/login/access-token')
          ? Response.json({ access_token: 't', token_type: 'bearer', user: { id: 1, username: 'u' } })
          : Response.json('http://127.0.0.1:631/admin?X-Goog-Signature=x')) as typeof fetch,
    })
    await hostile.signInWithPassword('u', 'p')
    const source = downloadUrlSource((task) => task(hostile))
    const artifact = { source: 'order', artifactId: 'a'.repeat(32), productId: 1 } as PlannedArtifact
    await expect(source(artifact, new AbortController().signal)).rejects.toMatchObject({ code: 'DOWNLOAD_INSECURE_URL' })
  })

  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 })
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: null })
    expect(parseContentRange('bytes */1000')).toEqual({ start: null, end: null, total: 1000 })
    expect(parseContentRange('items 1-2/3')).toBeNull()
    expect(parseContentRange(null)).toBeNull()
  })
})

describe('progress', () => {
  it('measures speed over a sliding window', () => {
    const meter = new SpeedMeter(0, 5000)
    meter.add(1000, 1000)
    meter.add(1000, 2000)
    expect(meter.speed(2000)).toBe(1000)
    expect(meter.speed(100_000)).toBe(0)
    expect(etaSeconds(5000, 1000)).toBe(5)
    expect(etaSeconds(null, 1000)).toBeNull()
    expect(etaSeconds(10, 0)).toBeNull()
  })

  it('measures from when bytes can flow: bytes after a silence are not spread over it, and the first instants give no estimate', () => {
    const meter = new SpeedMeter(0, 5000)
    meter.add(1000, 1000)
    // Ten seconds of nothing, then 4000 bytes: the window's 4000 bytes over its 5 s, not over the 12 s since the
    // byte before the silence. (The engine also starts a new meter when a transfer starts again.)
    meter.add(2000, 12_000)
    meter.add(2000, 13_000)
    expect(meter.speed(13_000)).toBe(800)

    const fresh = new SpeedMeter(0, 5000)
    expect(fresh.steady(10_000)).toBe(false)
    fresh.add(100, 10_000)
    // One burst after a slow start says little about the rate: no time-left estimate for the first two seconds.
    expect(fresh.steady(10_500)).toBe(false)
    fresh.add(100_000, 11_000)
    expect(fresh.steady(12_000)).toBe(true)
  })

  it('throttles to one emission per interval, deferring rather than dropping', async () => {
    let now = 0
    let emitted = 0
    const throttle = new Throttle(100, () => emitted++, () => now)
    throttle.request()
    throttle.request()
    throttle.request()
    expect(emitted).toBe(1)
    now = 50
    throttle.request()
    expect(emitted).toBe(1)
    throttle.flush()
    expect(emitted).toBe(2)
    throttle.cancel()
  })
})

import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MANIFEST_FILE_NAME, type HookRecord } from '../../../src/shared/downloads'
import { loadManifest, ManifestStore } from '../../../src/main/downloads/manifest'
import { openPlainSink } from '../../../src/main/downloads/sink'
import { formatGoogHash, hashesToVerify, parseGoogHash, storageHashesOf, StorageHasher } from '../../../src/main/downloads/storage-hash'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'numerbay-hash-unit-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('base64')

describe('x-goog-hash', () => {
  it('reads crc32c and md5 from one header, from repeated headers joined by Node, in either order', () => {
    expect(parseGoogHash('crc32c=4gcgLQ==,md5=CS9tHYTtyFntzj7B9nkkJQ==')).toEqual({ crc32c: '4gcgLQ==', md5: 'CS9tHYTtyFntzj7B9nkkJQ==' })
    expect(parseGoogHash('md5=CS9tHYTtyFntzj7B9nkkJQ==, crc32c=4gcgLQ==')).toEqual({ crc32c: '4gcgLQ==', md5: 'CS9tHYTtyFntzj7B9nkkJQ==' })
    expect(parseGoogHash('crc32c=4gcgLQ==')).toEqual({ crc32c: '4gcgLQ==' })
    expect(parseGoogHash('CRC32C=4gcgLQ==')).toEqual({ crc32c: '4gcgLQ==' })
  })

  it('ignores what it cannot check: unknown names, bad base64, wrong lengths, nothing at all', () => {
    expect(parseGoogHash('sha256=abc=,crc32c=4gcgLQ==')).toEqual({ crc32c: '4gcgLQ==' })
    expect(parseGoogHash('crc32c=not base64!,md5=AAAA')).toBeNull()
    expect(parseGoogHash('crc32c=AAAAAAAA')).toBeNull()
    expect(parseGoogHash('')).toBeNull()
    expect(parseGoogHash(null)).toBeNull()
  })

  it('does not apply to a body GCS decompressed on the way (decompressive transcoding)', () => {
    const head = (headers: Record<string, string>) => (name: string) => headers[name] ?? null
    const hash = 'crc32c=4gcgLQ=='
    expect(hashesToVerify(head({ 'x-goog-hash': hash }))).toEqual({ crc32c: '4gcgLQ==' })
    expect(hashesToVerify(head({ 'x-goog-hash': hash, 'x-goog-stored-content-encoding': 'identity' }))).toEqual({ crc32c: '4gcgLQ==' })
    expect(hashesToVerify(head({ 'x-goog-hash': hash, 'x-goog-stored-content-encoding': 'gzip' }))).toBeNull()
    expect(hashesToVerify(head({ 'x-goog-hash': hash, 'x-goog-stored-content-encoding': 'gzip', 'content-encoding': 'gzip' }))).toEqual({ crc32c: '4gcgLQ==' })
  })

  it('hashes as GCS does (CRC32C big-endian base64, MD5 base64), across chunks, and names what differs', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog')
    const whole = storageHashesOf(data)
    expect(whole.md5).toBe(md5(data))
    // CRC-32C of this sentence is 0x22620404 (the standard test vector).
    expect(whole.crc32c).toBe(Buffer.from('22620404', 'hex').toString('base64'))
    const hasher = new StorageHasher(whole)
    for (let at = 0; at < data.length; at += 7) hasher.update(data.subarray(at, at + 7))
    expect(hasher.mismatch()).toBeNull()
    const wrong = new StorageHasher({ crc32c: whole.crc32c, md5: md5('other') })
    wrong.update(data)
    expect(wrong.mismatch()).toBe(`md5 ${whole.md5} (server: ${md5('other')})`)
    expect(formatGoogHash(whole)).toEqual([`crc32c=${whole.crc32c}`, `md5=${whole.md5}`])
  })
})

describe('plain sink with the server’s hashes', () => {
  const target = () => join(dir, 'out', 'file.csv')
  const partialPath = () => join(dir, '.partial', 'file.part')
  const content = Buffer.from('era,prediction\n'.repeat(5000))

  it('checks the whole file after a resume (the partial’s bytes are hashed too) and reports the hashes', async () => {
    const first = await openPlainSink({ target: target(), partialPath: partialPath() })
    await first.write(content.subarray(0, 30_000))
    await first.abort({ keepPartial: true })
    const second = await openPlainSink({ target: target(), partialPath: partialPath() })
    expect(second.resumeOffset).toBe(30_000)
    await second.expectHashes!(storageHashesOf(content))
    await second.write(content.subarray(30_000))
    const result = await second.finish()
    expect(result.checksums).toEqual(storageHashesOf(content))
    expect(await readFile(target())).toEqual(content)
  })

  it('fails with DOWNLOAD_CHECKSUM_MISMATCH and leaves neither the file nor a partial', async () => {
    const sink = await openPlainSink({ target: target(), partialPath: partialPath() })
    await sink.expectHashes!({ md5: md5('something else') })
    await sink.write(content)
    await expect(sink.finish()).rejects.toMatchObject({ code: 'DOWNLOAD_CHECKSUM_MISMATCH', detail: expect.stringContaining('md5') })
    expect(await readdir(join(dir, '.partial'))).toEqual([])
    await expect(readFile(target())).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('checks nothing when the server stated no hashes (the result says so)', async () => {
    const sink = await openPlainSink({ target: target(), partialPath: partialPath() })
    await sink.write(content)
    expect((await sink.finish()).checksums).toBeUndefined()
  })
})

describe('sync record fields added after version 1', () => {
  const entry = {
    key: 'product:3:7',
    source: 'product' as const,
    orderId: 3,
    productId: 3,
    productName: 'Open Data',
    round: 600,
    objectName: 'open.csv',
    relativePath: 'Open Data/600/open.csv',
    sealed: false,
    state: 'done' as const,
    size: 10,
    sha256: 'a'.repeat(64),
    updatedAt: '2026-01-01T00:00:00.000Z',
  }

  it('reads a record written before checksums and hooks existed, and one that has them', async () => {
    await writeFile(join(dir, MANIFEST_FILE_NAME), JSON.stringify({ version: 1, updatedAt: entry.updatedAt, entries: { [entry.key]: entry } }))
    expect((await loadManifest(dir)).manifest.entries[entry.key]).toEqual(entry)
    const hook: HookRecord = { sha256: entry.sha256, attempts: 1, done: true, last: { outcome: { kind: 'ok' }, at: entry.updatedAt, durationMs: 12 } }
    const richer = { ...entry, checksums: { crc32c: '4gcgLQ==', md5: 'CS9tHYTtyFntzj7B9nkkJQ==' }, hook }
    await writeFile(join(dir, MANIFEST_FILE_NAME), JSON.stringify({ version: 1, updatedAt: entry.updatedAt, entries: { [entry.key]: richer } }))
    const loaded = await loadManifest(dir)
    expect(loaded.setAside).toBeUndefined()
    expect(loaded.manifest.entries[entry.key]).toEqual(richer)
  })

  it('keeps the hook record when the sync rewrites the entry, and sets or clears it on its own', async () => {
    const store = new ManifestStore(dir, { version: 1, updatedAt: entry.updatedAt, entries: {} })
    const { updatedAt: _updatedAt, ...fresh } = entry
    store.put(fresh)
    const hook: HookRecord = { sha256: entry.sha256, attempts: 1, done: false, running: true }
    expect(store.setHook(entry.key, hook)).toBe(true)
    expect(store.setHook('order:missing', hook)).toBe(false)
    store.put({ ...fresh, state: 'downloading' })
    expect(store.get(entry.key)?.hook).toEqual(hook)
    await store.flush()
    expect((await loadManifest(dir)).manifest.entries[entry.key]?.hook).toEqual(hook)
    store.setHook(entry.key, null)
    expect(store.get(entry.key)?.hook).toBeUndefined()
    expect(store.get(entry.key)?.state).toBe('downloading')
  })
})

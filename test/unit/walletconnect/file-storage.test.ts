import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ENCRYPTED_STORAGE_FILE, FileKeyValueStorage, STORAGE_FILE } from '../../../src/main/signers/walletconnect/file-storage'

describe('FileKeyValueStorage (the WalletConnect session store)', () => {
  let root: string
  let dir: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wc-store-'))
    dir = join(root, 'walletconnect')
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('creates an owner-only folder and a 0600 file, and reads back what it wrote in a new instance', async () => {
    const store = new FileKeyValueStorage(dir)
    await store.setItem('wc@2:core:keychain', { topic: 'ab'.repeat(32) })
    await store.setItem('wc@2:client:session', [{ topic: 't', expiry: 1 }])
    await store.removeItem('missing')
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect((await stat(join(dir, STORAGE_FILE))).mode & 0o777).toBe(0o600)

    const again = new FileKeyValueStorage(dir)
    expect(await again.getKeys()).toEqual(['wc@2:core:keychain', 'wc@2:client:session'])
    expect(await again.getItem('wc@2:client:session')).toEqual([{ topic: 't', expiry: 1 }])
    expect(await again.getEntries()).toHaveLength(2)
    await again.removeItem('wc@2:core:keychain')
    expect(Object.keys(JSON.parse(await readFile(join(dir, STORAGE_FILE), 'utf8')))).toEqual(['wc@2:client:session'])
  })

  it('coalesces concurrent writes and every setItem resolves after its value is on disk', async () => {
    const store = new FileKeyValueStorage(dir)
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.setItem(`k${i}`, i)))
    const onDisk = JSON.parse(await readFile(join(dir, STORAGE_FILE), 'utf8')) as Record<string, number>
    expect(Object.keys(onDisk)).toHaveLength(50)
    expect(onDisk.k49).toBe(49)
  })

  it('hands out copies, so a caller mutating a value does not change the store', async () => {
    const store = new FileKeyValueStorage(dir)
    await store.setItem('k', { list: [1] })
    const value = await store.getItem<{ list: number[] }>('k')
    value!.list.push(2)
    expect(await store.getItem('k')).toEqual({ list: [1] })
  })

  it('encrypts at rest through a codec', async () => {
    const codec = {
      encode: (text: string) => Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a),
      decode: (bytes: Uint8Array) => Buffer.from(bytes.map((byte) => byte ^ 0x5a)).toString('utf8'),
    }
    const store = new FileKeyValueStorage(dir, { codec })
    await store.setItem('secret', 'symkey-hex')
    expect((await readFile(join(dir, ENCRYPTED_STORAGE_FILE))).includes(Buffer.from('symkey-hex'))).toBe(false)
    expect(await new FileKeyValueStorage(dir, { codec }).getItem('secret')).toBe('symkey-hex')
  })

  it('with a codec, takes over a plain store once, writes it encrypted and removes the plain keychain', async () => {
    const codec = {
      encode: (text: string) => Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a),
      decode: (bytes: Uint8Array) => Buffer.from(bytes.map((byte) => byte ^ 0x5a)).toString('utf8'),
    }
    await new FileKeyValueStorage(dir).setItem('wc@2:core:keychain', { topic: 'symkey-hex' })
    const store = new FileKeyValueStorage(dir, { codec })
    expect(await store.getItem('wc@2:core:keychain')).toEqual({ topic: 'symkey-hex' })
    await expect(stat(join(dir, STORAGE_FILE))).rejects.toMatchObject({ code: 'ENOENT' })
    const encrypted = await readFile(join(dir, ENCRYPTED_STORAGE_FILE))
    expect(encrypted.includes(Buffer.from('symkey-hex'))).toBe(false)
    expect((await stat(join(dir, ENCRYPTED_STORAGE_FILE))).mode & 0o777).toBe(0o600)
    // The CLI (no codec, no OS keyring) keeps its own plain store and never reads or replaces the app's.
    const cli = new FileKeyValueStorage(dir)
    expect(await cli.getKeys()).toEqual([])
    await cli.setItem('k', 1)
    expect(await readFile(join(dir, ENCRYPTED_STORAGE_FILE))).toEqual(encrypted)
  })

  it('a damaged file is a clear error', async () => {
    await new FileKeyValueStorage(dir).setItem('k', 1)
    await writeFile(join(dir, STORAGE_FILE), '{not json')
    await expect(new FileKeyValueStorage(dir).getKeys()).rejects.toMatchObject({ code: 'WC_STORAGE_INVALID' })
  })

  it('never rejects a write (the SDK does not always await them): failures go to onWriteError', async () => {
    const errors: unknown[] = []
    const store = new FileKeyValueStorage(dir, { onWriteError: (error) => errors.push(error) })
    await store.setItem('k', 1)
    await rm(dir, { recursive: true })
    await expect(store.setItem('k', 2)).resolves.toBeUndefined()
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ code: 'FILE_NOT_FOUND' })
  })

  it('after close, changes stay in memory only', async () => {
    const store = new FileKeyValueStorage(dir)
    await store.setItem('k', 1)
    await store.close()
    await store.setItem('k', 2)
    expect(await store.getItem('k')).toBe(2)
    expect(JSON.parse(await readFile(join(dir, STORAGE_FILE), 'utf8'))).toEqual({ k: 1 })
  })
})

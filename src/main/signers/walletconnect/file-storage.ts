// Where WalletConnect keeps its keychain and sessions: one owner-only file, written atomically, encrypted at rest
// when the app has the OS keyring.

import { readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { IKeyValueStorage } from '@walletconnect/keyvaluestorage'
import { AppError } from '../../../shared/errors'
import { ensurePrivateDir } from '../../fs/data-dir'
import { removeStaleTemps, writeFileAtomic } from '../../fs/atomic-file'

/**
 * Optional at-rest protection for the store: the desktop app passes one built on Electron's safeStorage (the
 * OS keyring), so the keychain on disk is ciphertext that only this user's login session can open.
 */
export interface StorageCodec {
  encode(text: string): Uint8Array | Promise<Uint8Array>
  decode(bytes: Uint8Array): string | Promise<string>
}

/** The plain store (0600): the CLI's, and the app's where the OS has no keyring. */
export const STORAGE_FILE = 'storage.json'
/**
 * The store encrypted through a codec. A name of its own: the CLI (no OS keyring from plain Node) shares the
 * data folder and must neither misread it nor overwrite it with a plain store.
 */
export const ENCRYPTED_STORAGE_FILE = 'storage.enc'

/**
 * The SignClient's key-value store as ONE file in a private folder (0700), written 0600 with writeFileAtomic.
 *
 * Why not the SDK's own Node storage (unstorage fs-lite): it writes one file per key with the process umask
 * (usually 0644) and not atomically, while the store holds the plaintext keychain (pairing and session
 * keys); it is also loaded through a dynamic require that bundlers miss. One file gives owner-only
 * permissions, a consistent snapshot (keychain and sessions never disagree after a crash) and a single
 * place to plug encryption (`codec`).
 *
 * Reads are served from memory; writes are coalesced: while one write is in flight, later changes are
 * written once more when it ends, and every setItem resolves after a write that contains it.
 */
export class FileKeyValueStorage implements IKeyValueStorage {
  readonly #dir: string
  readonly #file: string
  readonly #codec: StorageCodec | undefined
  #entries = new Map<string, unknown>()
  #loaded: Promise<void> | undefined
  #writing: Promise<void> | undefined
  #dirty = false
  #waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = []

  #closed = false
  /** A plain store an earlier version left, not yet replaced by the encrypted one (see #migratePlain). */
  #plainLeft = false
  readonly #onWriteError: ((error: unknown) => void) | undefined

  /**
   * `onWriteError` hears about failed writes. setItem itself never rejects: the SDK persists without awaiting
   * in places, and an unhandled rejection would end the process.
   */
  constructor(dir: string, options: { codec?: StorageCodec; onWriteError?: (error: unknown) => void } = {}) {
    this.#dir = dir
    this.#file = join(dir, options.codec ? ENCRYPTED_STORAGE_FILE : STORAGE_FILE)
    this.#codec = options.codec
    this.#onWriteError = options.onWriteError
  }

  get file(): string {
    return this.#file
  }

  /** Creates the private folder and loads the file; called lazily by every method. */
  load(): Promise<void> {
    this.#loaded ??= this.#load()
    return this.#loaded
  }

  async #load(): Promise<void> {
    await ensurePrivateDir(this.#dir)
    await removeStaleTemps([this.#file])
    let raw: Buffer
    try {
      raw = await readFile(this.#file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.#migratePlain()
      throw new AppError('WC_STORAGE_INVALID', { cause: error })
    }
    try {
      const text = this.#codec ? await this.#codec.decode(raw) : raw.toString('utf8')
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
      this.#entries = new Map(Object.entries(parsed as Record<string, unknown>))
    } catch (error) {
      throw new AppError('WC_STORAGE_INVALID', { cause: error })
    } finally {
      raw.fill(0)
    }
  }

  /**
   * With a codec and no encrypted store yet: sessions an earlier version kept in the plain file are taken
   * over, written encrypted, and the plain keychain removed from the disk.
   */
  async #migratePlain(): Promise<void> {
    if (!this.#codec) return
    const plainFile = join(this.#dir, STORAGE_FILE)
    let raw: Buffer
    try {
      raw = await readFile(plainFile)
    } catch {
      return
    }
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'))
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return
      this.#entries = new Map(Object.entries(parsed as Record<string, unknown>))
    } catch {
      return
    } finally {
      raw.fill(0)
    }
    try {
      await writeFileAtomic(this.#file, await this.#codec.encode(JSON.stringify(Object.fromEntries(this.#entries))), { mode: 0o600, overwrite: true })
    } catch (error) {
      // Sessions stay usable from memory and the plain file; the next successful write removes it.
      this.#plainLeft = true
      this.#onWriteError?.(error)
      return
    }
    await unlink(plainFile).catch(() => undefined)
  }

  async getKeys(): Promise<string[]> {
    await this.load()
    return [...this.#entries.keys()]
  }

  async getEntries<T = unknown>(): Promise<[string, T][]> {
    await this.load()
    return [...this.#entries.entries()].map(([key, value]) => [key, structuredClone(value) as T])
  }

  async getItem<T = unknown>(key: string): Promise<T | undefined> {
    await this.load()
    const value = this.#entries.get(key)
    // The SDK mutates what it reads in places; hand out copies so the in-memory snapshot stays the file's.
    return value === undefined ? undefined : (structuredClone(value) as T)
  }

  async setItem<T = unknown>(key: string, value: T): Promise<void> {
    await this.load()
    // JSON round trip: the same values the file will hold (drops undefined, functions), like the SDK's safeJson.
    this.#entries.set(key, value === undefined ? null : JSON.parse(JSON.stringify(value)))
    await this.#scheduleWrite()
  }

  async removeItem(key: string): Promise<void> {
    await this.load()
    if (!this.#entries.delete(key)) return
    await this.#scheduleWrite()
  }

  /** Resolves when everything set so far is on disk. */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing.catch(() => undefined)
  }

  /** Flushes, then keeps later changes in memory only (the SDK's timers may still write after its client closed). */
  async close(): Promise<void> {
    await this.flush()
    this.#closed = true
  }

  #scheduleWrite(): Promise<void> {
    if (this.#closed) return Promise.resolve()
    this.#dirty = true
    const done = new Promise<void>((resolve) =>
      this.#waiters.push({
        resolve,
        reject: (error) => {
          this.#onWriteError?.(error)
          resolve()
        },
      }),
    )
    if (!this.#writing) this.#writing = this.#writeLoop()
    return done
  }

  async #writeLoop(): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false
        const waiters = this.#waiters
        this.#waiters = []
        try {
          const text = JSON.stringify(Object.fromEntries(this.#entries))
          const data = this.#codec ? await this.#codec.encode(text) : text
          await writeFileAtomic(this.#file, data, { mode: 0o600, overwrite: true })
          if (this.#plainLeft) {
            this.#plainLeft = false
            await unlink(join(this.#dir, STORAGE_FILE)).catch(() => undefined)
          }
          for (const waiter of waiters) waiter.resolve()
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error)
        }
      }
    } finally {
      this.#writing = undefined
    }
  }
}

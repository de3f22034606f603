// Where sealed bytes become a verified plaintext file, for a download and for offline decryption alike: the temp
// file, the final name only after the tag checks, and resuming a partial download in a later run.

import { createHash, type Hash } from 'node:crypto'
import { closeSync, constants, writeSync } from 'node:fs'
import { lstat, unlink, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AppError, isAppError } from '../../shared/errors'
import { commitTempFile, tempPathFor } from '../fs/atomic-file'
import { fsError } from '../fs/fs-errors'
import { ensurePrivateFolder, finishedFileMode, openNoFollow, openNoFollowSync } from '../fs/private-files'
import type { KeyPair } from './key-pair'
import { SEALED_HEADER_BYTES, SealedBoxOpener } from './sealed-stream'

export interface SealedSinkOptions {
  readonly keyPair: KeyPair
  /** Final path of the plaintext. Nothing appears under this name until the tag has verified. */
  readonly target: string
  /**
   * A stable temp path (beside the target) that a later run can resume from. Without it a random hidden
   * temp name is used and an interrupted sink leaves nothing behind.
   */
  readonly partialPath?: string
  /** Replace an existing target. Without it an existing target is left alone (FILE_EXISTS). */
  readonly overwrite?: boolean
  /**
   * Compute the plaintext's SHA-256 (default true). Callers that do not keep it (offline decryption) turn it
   * off: it is the most expensive step after the cipher itself. The result's `sha256` is then ''.
   */
  readonly sha256?: boolean
}

export interface SealedSinkResult {
  readonly path: string
  readonly plaintextBytes: number
  /** SHA-256 of the plaintext, lowercase hex ('' when the sink was opened with `sha256: false`). */
  readonly sha256: string
}

/**
 * Where sealed bytes go to become a verified plaintext file. Feed it the sealed stream from `resumeOffset` on,
 * then `finish()`. After a rejected `write()` or `finish()`, call `abort()` (keeping the partial if resuming).
 */
export interface SealedSink {
  /** Sealed bytes already accounted for by a resumed partial: request the rest from here (0 for a fresh sink). */
  readonly resumeOffset: number
  /** Accepts the next sealed bytes (header included). The chunk is not kept after the promise resolves. */
  write(chunk: Uint8Array): Promise<void>
  /** Verifies the tag, then moves the plaintext to the target. On failure nothing is left behind. */
  finish(): Promise<SealedSinkResult>
  /** Stops. `keepPartial` keeps a resumable partial (only with `partialPath`); otherwise all temp files go. */
  abort(options?: { keepPartial?: boolean }): Promise<void>
}

/** The header sidecar that lets a resumed run rebuild the decryption state. */
export function headerSidecarPath(partialPath: string): string {
  return `${partialPath}.hdr`
}

const REPLAY_CHUNK_BYTES = 1 << 20
const MIN_OUTPUT_BUFFER_BYTES = 1 << 20

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined)
}

/**
 * Opens the partial (or temp) plaintext: never through a link, owner-only while it is incomplete (an older
 * partial made before this rule is narrowed too).
 */
async function openPrivate(path: string, flags: number): Promise<FileHandle> {
  const handle = await openNoFollow(path, flags, 0o600)
  try {
    await handle.chmod(0o600)
  } catch (error) {
    await handle.close().catch(() => undefined)
    throw error
  }
  return handle
}

/** The header sidecar's bytes (at most what a header holds), or null; never read through a link. */
async function readSidecar(path: string): Promise<Buffer | null> {
  let handle: FileHandle
  try {
    handle = await openNoFollow(path, constants.O_RDONLY)
  } catch {
    return null
  }
  try {
    const buffer = Buffer.alloc(SEALED_HEADER_BYTES + 1)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } catch {
    return null
  } finally {
    await handle.close().catch(() => undefined)
  }
}

/** Writes the header sidecar (0600, never through a link). */
function writeSidecar(path: string, header: Uint8Array): void {
  const fd = openNoFollowSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600)
  try {
    let written = 0
    while (written < header.length) written += writeSync(fd, header, written, header.length - written)
  } finally {
    closeSync(fd)
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  )
}

/**
 * The file-backed sink. `writeOwned` is the zero-copy path for callers that hand over their buffer.
 *
 * Writes are synchronous (pwrite into the page cache): this sink runs on a worker thread whose only work is its
 * files, where a thread-pool round trip per chunk cost more CPU than it saved (measured with bench:sync). The
 * methods keep their promise shape so callers need not know.
 */
export class FileSealedSink implements SealedSink {
  /** Where `write` decrypts a caller's chunk (the caller keeps its buffer); reused, wiped on discard. */
  private scratch: Buffer | null = null
  private failure: AppError | null = null
  /** Plaintext offset of the write that failed (the sink takes none after it): the partial is trustworthy below it. */
  private failedAt = Number.POSITIVE_INFINITY
  private position: number
  private headerSaved: boolean
  private closed = false

  private constructor(
    private readonly options: SealedSinkOptions,
    private readonly tempPath: string,
    private readonly handle: FileHandle,
    private readonly opener: SealedBoxOpener,
    private readonly hash: Hash | null,
    resumedBytes: number,
  ) {
    this.position = resumedBytes
    this.headerSaved = opener.header !== null
    this.resumeOffset = opener.header === null ? 0 : SEALED_HEADER_BYTES + resumedBytes
  }

  readonly resumeOffset: number

  /** Sealed bytes seen so far (header included), counting a resumed partial. */
  get sealedBytes(): number {
    return this.opener.ciphertextOffset
  }

  static async open(options: SealedSinkOptions): Promise<FileSealedSink> {
    const { target, partialPath } = options
    if (!options.overwrite && (await exists(target))) throw new AppError('FILE_EXISTS', { message: `Already exists: ${target}` })
    const newHash = (): Hash | null => (options.sha256 === false ? null : createHash('sha256'))
    if (partialPath) {
      await ensurePrivateFolder(dirname(partialPath))
      const resumed = await FileSealedSink.resume(options, partialPath, newHash())
      if (resumed) return resumed
    }
    const opener = new SealedBoxOpener(options.keyPair)
    const hash = newHash()
    const tempPath = partialPath ?? tempPathFor(target, 'part')
    let handle: FileHandle
    try {
      if (partialPath) await removeQuietly(headerSidecarPath(partialPath))
      const flags = constants.O_RDWR | constants.O_CREAT | (partialPath ? constants.O_TRUNC : constants.O_EXCL)
      handle = await openPrivate(tempPath, flags)
    } catch (error) {
      opener.dispose()
      throw fsError(error, target)
    }
    return new FileSealedSink(options, tempPath, handle, opener, hash, 0)
  }

  /** Rebuilds keystream, MAC and hash state from a partial plaintext and its header sidecar; null to start over. */
  private static async resume(options: SealedSinkOptions, partialPath: string, hash: Hash | null): Promise<FileSealedSink | null> {
    const header = await readSidecar(headerSidecarPath(partialPath))
    const info = await lstat(partialPath).catch(() => null)
    if (!header || header.length !== SEALED_HEADER_BYTES || !info?.isFile()) return null
    const opener = new SealedBoxOpener(options.keyPair)
    try {
      opener.update(header)
    } catch {
      // A header no key can open (a damaged sidecar): start over with a fresh opener.
      opener.dispose()
      return null
    }
    let handle: FileHandle
    try {
      handle = await openPrivate(partialPath, constants.O_RDWR)
    } catch (error) {
      opener.dispose()
      throw fsError(error, partialPath)
    }
    try {
      const buffer = Buffer.allocUnsafe(REPLAY_CHUNK_BYTES)
      let offset = 0
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset)
        if (bytesRead === 0) break
        const piece = buffer.subarray(0, bytesRead)
        hash?.update(piece)
        opener.replayPlaintext(piece)
        offset += bytesRead
      }
      buffer.fill(0)
      return new FileSealedSink(options, partialPath, handle, opener, hash, offset)
    } catch (error) {
      await handle.close().catch(() => undefined)
      opener.dispose()
      throw fsError(error, partialPath)
    }
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.assertUsable()
    if (!this.scratch || this.scratch.length < chunk.length) this.scratch = Buffer.allocUnsafe(Math.max(chunk.length, MIN_OUTPUT_BUFFER_BYTES))
    const out = this.scratch
    this.store(this.decrypt(() => this.opener.updateInto(chunk, out)))
  }

  /**
   * Zero-copy write for a caller that gives up `chunk`: decrypted in place and written from there, before this
   * returns. Throws on a decryption fault; a write failure (a full disk) is recorded in `error` and surfaces on
   * the next call or `finish()`.
   */
  writeOwned(chunk: Uint8Array): void {
    this.assertUsable()
    const plaintext = this.decrypt(() => this.opener.updateInPlace(chunk))
    this.store(plaintext)
  }

  /** The failure that stopped this sink, if any (a write error is recorded here before it is reported). */
  get error(): AppError | null {
    return this.failure
  }

  async finish(): Promise<SealedSinkResult> {
    try {
      this.assertUsable()
      this.opener.final()
      // Private while partial; finished, it gets the mode any new file of this user gets.
      await this.handle.chmod(finishedFileMode())
      this.closed = true
      await this.handle.close()
    } catch (error) {
      await this.discard()
      throw error
    }
    try {
      await commitTempFile(this.tempPath, this.options.target, this.options.overwrite ?? false)
    } finally {
      await removeQuietly(this.tempPath)
      if (this.options.partialPath) await removeQuietly(headerSidecarPath(this.options.partialPath))
    }
    return { path: this.options.target, plaintextBytes: this.position, sha256: this.hash?.digest('hex') ?? '' }
  }

  async abort(options: { keepPartial?: boolean } = {}): Promise<void> {
    if (this.closed) return
    const resumable = options.keepPartial && this.options.partialPath && this.headerSaved && !this.isStreamFault()
    if (!resumable) {
      await this.discard()
      return
    }
    this.closed = true
    this.opener.dispose()
    try {
      // The failed write may have left part of its bytes; a resumed run must only see what was written whole.
      if (Number.isFinite(this.failedAt)) await this.handle.truncate(this.failedAt)
    } finally {
      await this.handle.close().catch(() => undefined)
    }
  }

  private assertUsable(): void {
    if (this.failure) throw this.failure
    if (this.closed) throw new AppError('INTERNAL', { message: 'This decryption sink is already closed.' })
  }

  private isStreamFault(): boolean {
    return this.failure !== null && (this.failure.code === 'SEALED_AUTH_FAILED' || this.failure.code === 'SEALED_TOO_SHORT')
  }

  private decrypt(step: () => Uint8Array): Uint8Array {
    try {
      return step()
    } catch (error) {
      this.failure = isAppError(error) ? error : new AppError('INTERNAL', { cause: error })
      throw this.failure
    }
  }

  /** Hashes the plaintext and writes it at its position; a failed write is recorded, not thrown (see `error`). */
  private store(plaintext: Uint8Array): void {
    const offset = this.position
    try {
      if (!this.headerSaved && this.options.partialPath && this.opener.header) {
        // The sidecar must be on disk before any plaintext is, or a resumed partial could not be checked.
        writeSidecar(headerSidecarPath(this.options.partialPath), this.opener.header)
        this.headerSaved = true
      }
      if (plaintext.length === 0) return
      this.hash?.update(plaintext)
      this.position += plaintext.length
      let written = 0
      while (written < plaintext.length) written += writeSync(this.handle.fd, plaintext, written, plaintext.length - written, offset + written)
    } catch (error) {
      this.failedAt = offset
      this.failure ??= fsError(error, this.options.target)
    }
  }

  /** Removes every trace: temp/partial plaintext and the header sidecar. */
  private async discard(): Promise<void> {
    const wasClosed = this.closed
    this.closed = true
    this.opener.dispose()
    if (!wasClosed) await this.handle.close().catch(() => undefined)
    await removeQuietly(this.tempPath)
    if (this.options.partialPath) await removeQuietly(headerSidecarPath(this.options.partialPath))
    this.scratch?.fill(0)
    this.scratch = null
  }
}

/** Opens a sink that decrypts a sealed stream into `target` (see SealedSink). */
export async function openSealedSink(options: SealedSinkOptions): Promise<SealedSink> {
  return FileSealedSink.open(options)
}

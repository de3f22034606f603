// Where downloaded bytes go. Sealed artifacts go through the crypto sink (decrypt while downloading, tag checked
// before the file gets its name); plain product artifacts go through the plain sink below, with the same
// contract: a resumable partial file, SHA-256 of the plaintext on the fly, an atomic commit at the end, and,
// when the storage server states its hashes (x-goog-hash), those checked before the commit.

import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { mkdir, unlink, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AppError } from '../../shared/errors'
import type { SealedSink, SealedSinkResult } from '../crypto/sealed-sink'
import { commitTempFile } from '../fs/atomic-file'
import { fsError } from '../fs/fs-errors'
import { ensurePrivateFolder, finishedFileMode, openNoFollow } from '../fs/private-files'
import { StorageHasher, type StorageChecksums } from './storage-hash'

/** The result of a finished sink: final path, plaintext size, SHA-256 of the plaintext (hex). */
export interface SinkResult extends SealedSinkResult {
  /** Plain files: the storage server's hashes the file was checked against (absent when it stated none). */
  readonly checksums?: StorageChecksums
}

/**
 * The contract shared by the sealed sink (src/main/crypto) and the plain sink: a resumable partial whose
 * `resumeOffset` says where to ask the server to continue, `finish()` (verify, then commit atomically) and
 * `abort({ keepPartial })`.
 */
export interface ArtifactSink extends Omit<SealedSink, 'finish'> {
  finish(): Promise<SinkResult>
  /**
   * Plain sinks only: the hashes the storage server states for the whole object (storage-hash.hashesToVerify of
   * the response that feeds this sink). `finish()` then fails with DOWNLOAD_CHECKSUM_MISMATCH, leaving nothing
   * behind, unless the file matches. Call before the body's first byte.
   */
  expectHashes?(hashes: StorageChecksums): Promise<void>
}

export interface PlainSinkOptions {
  readonly target: string
  readonly partialPath: string
  readonly overwrite?: boolean
}

const HASH_READ_CHUNK = 1 << 20

/** Re-reads what an earlier attempt wrote, so the hash covers the whole file after a resume. */
async function hashExisting(handle: FileHandle, length: number, hash: { update(bytes: Uint8Array): unknown }): Promise<void> {
  const buffer = Buffer.allocUnsafe(Math.min(HASH_READ_CHUNK, Math.max(length, 1)))
  let position = 0
  while (position < length) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, length - position), position)
    if (bytesRead === 0) break
    hash.update(buffer.subarray(0, bytesRead))
    position += bytesRead
  }
}

/** Private folder, no link followed, owner-only partial: a planted link cannot make us append elsewhere. */
async function openPartial(partialPath: string): Promise<FileHandle> {
  let handle: FileHandle | undefined
  try {
    await ensurePrivateFolder(dirname(partialPath))
    handle = await openNoFollow(partialPath, constants.O_RDWR | constants.O_CREAT, 0o600)
    await handle.chmod(0o600)
    return handle
  } catch (error) {
    await handle?.close().catch(() => undefined)
    throw fsError(error, partialPath)
  }
}

/** A sink for unencrypted artifacts: bytes go to the partial file as they come, then an atomic rename. */
export async function openPlainSink(options: PlainSinkOptions): Promise<ArtifactSink> {
  const { target, partialPath } = options
  const handle = await openPartial(partialPath)
  const hash = createHash('sha256')
  let position: number
  try {
    position = (await handle.stat()).size
    await hashExisting(handle, position, hash)
  } catch (error) {
    await handle.close().catch(() => undefined)
    throw fsError(error, partialPath)
  }
  const resumeOffset = position
  let closed = false
  let storageHash: StorageHasher | null = null

  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await handle.close().catch(() => undefined)
  }

  return {
    resumeOffset,
    async write(chunk: Uint8Array): Promise<void> {
      let offset = 0
      try {
        while (offset < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset, position)
          // Hash only what reached the file, so a failed write (a full disk) leaves hash and file in step.
          hash.update(chunk.subarray(offset, offset + bytesWritten))
          storageHash?.update(chunk.subarray(offset, offset + bytesWritten))
          offset += bytesWritten
          position += bytesWritten
        }
      } catch (error) {
        throw fsError(error, partialPath)
      }
    },
    async expectHashes(expected: StorageChecksums): Promise<void> {
      // The server's hashes cover the whole object: bytes a resumed partial already holds are hashed here.
      const hasher = new StorageHasher(expected)
      try {
        await hashExisting(handle, position, hasher)
      } catch (error) {
        throw fsError(error, partialPath)
      }
      storageHash = hasher
    },
    async finish(): Promise<SinkResult> {
      try {
        await handle.sync()
        // Private while partial; finished, it gets the mode any new file of this user gets.
        await handle.chmod(finishedFileMode())
      } catch (error) {
        await close()
        throw fsError(error, partialPath)
      }
      await close()
      const mismatch = storageHash?.mismatch() ?? null
      if (mismatch !== null) {
        // Damaged in transit or on the server: nothing gets the final name, and no partial is kept to resume from.
        await unlink(partialPath).catch(() => undefined)
        throw new AppError('DOWNLOAD_CHECKSUM_MISMATCH', { detail: mismatch })
      }
      try {
        await mkdir(dirname(target), { recursive: true })
      } catch (error) {
        throw fsError(error, target)
      }
      await commitTempFile(partialPath, target, options.overwrite ?? false)
      return { path: target, plaintextBytes: position, sha256: hash.digest('hex'), ...(storageHash ? { checksums: storageHash.expected } : {}) }
    },
    async abort(abortOptions = {}): Promise<void> {
      await close()
      if (!abortOptions.keepPartial) await unlink(partialPath).catch(() => undefined)
    },
  }
}

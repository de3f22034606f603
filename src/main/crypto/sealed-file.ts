// Offline decryption of one sealed file (or stream) into a verified plaintext file, reading ahead so that reading,
// decrypting and writing overlap.

import { open, type FileHandle } from 'node:fs/promises'
import { AppError, isAppError } from '../../shared/errors'
import { fsError } from '../fs/fs-errors'
import type { KeyPair } from './key-pair'
import { FileSealedSink, type SealedSinkResult } from './sealed-sink'

export interface DecryptProgress {
  /** Sealed bytes read so far (header included). */
  readonly bytes: number
  /** Size of the sealed input when known (files), else undefined (streams). */
  readonly total?: number
}

export interface DecryptSealedFileOptions {
  readonly keyPair: KeyPair
  /** A sealed file's path, or a stream of its bytes. */
  readonly input: string | NodeJS.ReadableStream | AsyncIterable<Uint8Array>
  readonly target: string
  readonly overwrite?: boolean
  /** Compute the plaintext's SHA-256 (default true); when false the result's `sha256` is ''. */
  readonly sha256?: boolean
  readonly onProgress?: (progress: DecryptProgress) => void
  /** Stops the work; the sink is aborted and nothing is left behind (CANCELLED). */
  readonly signal?: AbortSignal
}

/** Read size: big enough that per-call overhead vanishes, small enough that a few in flight cost little memory. */
export const DECRYPT_CHUNK_BYTES = 1 << 20
/** Buffers in rotation: one being read, the rest decrypted and on their way to disk. */
const READ_RING = 4

/** Input errors name the input; a permission problem on it is a read problem. */
function inputError(error: unknown, path: string): AppError {
  const mapped = fsError(error, path)
  if (mapped.code === 'FILE_NOT_WRITABLE') return new AppError('FILE_NOT_READABLE', { message: `No permission to read ${path}`, cause: error })
  return mapped
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED')
}

/** An open input; `regular` is false for pipes and devices (/dev/stdin), whose size says nothing. */
async function openInput(path: string): Promise<{ handle: FileHandle; size: number; regular: boolean }> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw inputError(error, path)
  }
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw new AppError('IS_A_DIRECTORY', { message: `Is a folder, not a file: ${path}` })
    return { handle, size: info.size, regular: info.isFile() }
  } catch (error) {
    await handle.close()
    throw inputError(error, path)
  }
}

/**
 * Reads a file through a ring of buffers. The file's size is known, so reads are issued ahead at their own
 * positions (several in flight on libuv's thread pool) while this thread decrypts the current chunk in place
 * and writes it (synchronously), so a buffer is free to be read into again as soon as its turn comes.
 */
async function pumpFile(input: { handle: FileHandle; size: number; path: string }, sink: FileSealedSink, options: DecryptSealedFileOptions): Promise<void> {
  const { handle, size, path } = input
  const chunkCount = Math.ceil(size / DECRYPT_CHUNK_BYTES)
  // At least two slots: one being decrypted while the next is read. Small files need no more than they have.
  const bufferBytes = Math.min(DECRYPT_CHUNK_BYTES, Math.max(size, 1))
  const ring = Array.from({ length: Math.max(2, Math.min(READ_RING, chunkCount + 1)) }, () => Buffer.allocUnsafe(bufferBytes))
  const reads: Promise<number>[] = []
  const startRead = (index: number): void => {
    if (index >= chunkCount) return
    const slot = index % ring.length
    const expected = Math.min(DECRYPT_CHUNK_BYTES, size - index * DECRYPT_CHUNK_BYTES)
    reads[slot] = (async () => {
      try {
        const { bytesRead } = await handle.read(ring[slot]!, 0, expected, index * DECRYPT_CHUNK_BYTES)
        if (bytesRead !== expected) throw new AppError('FILE_NOT_READABLE', { message: `${path} changed while it was being read.` })
        return bytesRead
      } catch (error) {
        throw inputError(error, path)
      }
    })()
    // Observed now so that a failure of a read we never reach (an earlier chunk failed) is not unhandled.
    reads[slot].catch(() => undefined)
  }
  for (let index = 0; index < ring.length - 1; index++) startRead(index)
  try {
    for (let index = 0; index < chunkCount; index++) {
      const slot = index % ring.length
      const bytesRead = await reads[slot]!
      checkCancelled(options.signal)
      startRead(index + ring.length - 1)
      // Decrypted and written before this returns, so the slot is free for the read started next round.
      sink.writeOwned(ring[slot]!.subarray(0, bytesRead))
      if (sink.error) throw sink.error
      options.onProgress?.({ bytes: Math.min(size, (index + 1) * DECRYPT_CHUNK_BYTES), total: size })
    }
  } finally {
    // Never leave reads in flight on a handle about to be closed.
    await Promise.all(reads.map((read) => read.catch(() => 0)))
  }
}

async function pumpStream(input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, sink: FileSealedSink, options: DecryptSealedFileOptions): Promise<void> {
  let bytes = 0
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    checkCancelled(options.signal)
    if (typeof chunk === 'string') throw new AppError('INVALID_ARGUMENT', { message: 'The sealed input stream must be binary.' })
    await sink.write(chunk)
    bytes += chunk.length
    options.onProgress?.({ bytes })
  }
}

/**
 * Decrypts a sealed file (or stream) to `target` with constant memory. The plaintext is written to a temp
 * file beside the target and renamed into place only once the Poly1305 tag has verified.
 */
export async function decryptSealedFile(options: DecryptSealedFileOptions): Promise<SealedSinkResult> {
  checkCancelled(options.signal)
  const source = options.input
  const file = typeof source === 'string' ? { ...(await openInput(source)), path: source } : null
  try {
    const sink = await FileSealedSink.open({
      keyPair: options.keyPair,
      target: options.target,
      overwrite: options.overwrite ?? false,
      ...(options.sha256 === undefined ? {} : { sha256: options.sha256 }),
    })
    try {
      if (file?.regular) await pumpFile(file, sink, options)
      else if (file) await pumpStream(file.handle.createReadStream({ autoClose: false, highWaterMark: DECRYPT_CHUNK_BYTES }), sink, options)
      else await pumpStream(source as NodeJS.ReadableStream | AsyncIterable<Uint8Array>, sink, options)
      checkCancelled(options.signal)
      return await sink.finish()
    } catch (error) {
      await sink.abort()
      if (isAppError(error)) throw error
      throw file ? inputError(error, file.path) : new AppError('FILE_NOT_READABLE', { message: 'The sealed input stream failed.', cause: error })
    }
  } finally {
    await file?.handle.close().catch(() => undefined)
  }
}

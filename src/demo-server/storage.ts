// The storage bucket behind the demo server's signed download URLs, with what clients rely on in GCS (ranges,
// x-goog-hash).

import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, open, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { StorageHasher, type StorageChecksums } from '../main/downloads/storage-hash'
import { sealStreamToFile } from './seal-stream'

/** Objects as files in a private temp folder, streamed out (never held in memory). */
export interface ObjectStore {
  readonly dir: string
  /** Stores plain bytes, hashing them on the way like GCS does (see `hashes`). */
  put(objectName: string, data: Uint8Array | Readable): Promise<number>
  /** CRC32C and MD5 of a plain object as stored (served as x-goog-hash); null for sealed objects. */
  hashes(objectName: string): StorageChecksums | null
  size(objectName: string): Promise<number | null>
  /** Writes `data` sealed to a base64-decoded X25519 public key, streamed (constant memory). */
  putSealed(objectName: string, recipientPublicKey: Uint8Array, data: Readable): Promise<number>
  /** The bytes start..end (inclusive), read `chunkBytes` at a time (default 256 KiB). */
  read(objectName: string, start: number, end: number, chunkBytes?: number): Readable
  /** Flips one byte (default: the last) so the file no longer authenticates. */
  tamper(objectName: string, offset?: number): Promise<void>
  remove(objectName: string): Promise<void>
  close(): Promise<void>
}

/**
 * The file holding an object. Object names come from seeds and tests and may be hostile ("..", "", "../x", 300
 * characters): a hash is always one safe, fixed-length name inside the store's folder.
 */
function fileName(objectName: string): string {
  return createHash('sha256').update(objectName, 'utf8').digest('hex')
}

export async function createObjectStore(): Promise<ObjectStore> {
  const dir = await mkdtemp(join(tmpdir(), 'numerbay-demo-'))
  const pathOf = (objectName: string): string => join(dir, fileName(objectName))
  const hashes = new Map<string, StorageChecksums>()
  return {
    dir,
    async put(objectName, data) {
      // Both hashes, as GCS keeps for every object written in one piece.
      const hasher = StorageHasher.computingBoth()
      if (data instanceof Uint8Array) {
        hasher.update(data)
        await writeFile(pathOf(objectName), data)
      } else {
        await pipeline(
          data,
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              hasher.update(chunk)
              yield chunk
            }
          },
          createWriteStream(pathOf(objectName)),
        )
      }
      hashes.set(objectName, hasher.digest())
      return (await stat(pathOf(objectName))).size
    },
    hashes: (objectName) => hashes.get(objectName) ?? null,
    putSealed: (objectName, recipientPublicKey, data) => {
      // The demo states hashes for plain objects only: sealed ones are authenticated by their tag.
      hashes.delete(objectName)
      return sealStreamToFile(recipientPublicKey, data, pathOf(objectName))
    },
    async size(objectName) {
      try {
        return (await stat(pathOf(objectName))).size
      } catch {
        return null
      }
    },
    read(objectName, start, end, chunkBytes = 256 * 1024) {
      return createReadStream(pathOf(objectName), { start, end, highWaterMark: chunkBytes })
    },
    async tamper(objectName, offset) {
      const handle = await open(pathOf(objectName), 'r+')
      try {
        const { size } = await handle.stat()
        if (size === 0) return
        const at = offset === undefined ? size - 1 : Math.min(Math.max(0, offset), size - 1)
        const byte = Buffer.alloc(1)
        await handle.read(byte, 0, 1, at)
        byte[0] = byte[0]! ^ 0x01
        await handle.write(byte, 0, 1, at)
      } finally {
        await handle.close()
      }
    },
    async remove(objectName) {
      hashes.delete(objectName)
      await unlink(pathOf(objectName)).catch(() => undefined)
    },
    async close() {
      await rm(dir, { recursive: true, force: true })
    },
  }
}

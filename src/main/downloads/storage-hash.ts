// The storage server's own checksums of an object (GCS `x-goog-hash: crc32c=<b64>,md5=<b64>`, one header or
// repeated), read from a response head and checked against the bytes as they pass. Plain (unencrypted) files have
// no other integrity check: a sealed file is authenticated by its tag instead.
//
// API:
//   parseGoogHash(value)           → the hashes named in an x-goog-hash value (null when none is usable)
//   hashesToVerify(header)         → the same from a response head, or null when the body is not the stored object
//   StorageHasher(expected)        → update(bytes) as they pass, mismatch() at the end
//   storageHashesOf(bytes)         → both hashes of a buffer, in the header's form (for servers and tests)
//   formatGoogHash(hashes)         → the header values, one per hash, as GCS sends them

import { createHash, type Hash } from 'node:crypto'
import { crc32c } from '@node-rs/crc32'
import type { StorageChecksums } from '../../shared/downloads'

export type { StorageChecksums } from '../../shared/downloads'

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
/** Decoded lengths: CRC32C is 4 bytes (big-endian), MD5 16. */
const LENGTHS = { crc32c: 4, md5: 16 } as const

/**
 * Reads `crc32c=` and `md5=` from an x-goog-hash value: comma-separated, as Node joins repeated headers. Unknown
 * names are ignored; a malformed value for a known name is ignored too (it cannot be checked), so a damaged
 * header never blocks a download that has nothing better.
 */
export function parseGoogHash(value: string | null | undefined): StorageChecksums | null {
  if (!value) return null
  const found: { crc32c?: string; md5?: string } = {}
  for (const part of value.split(',')) {
    const at = part.indexOf('=')
    if (at <= 0) continue
    const name = part.slice(0, at).trim().toLowerCase()
    const digest = part.slice(at + 1).trim()
    if ((name !== 'crc32c' && name !== 'md5') || !BASE64.test(digest)) continue
    if (Buffer.from(digest, 'base64').length !== LENGTHS[name]) continue
    found[name] = digest
  }
  return found.crc32c === undefined && found.md5 === undefined ? null : found
}

/**
 * The hashes a response body can be checked against, or null. GCS hashes the stored object: when it serves a
 * gzip-stored object decompressed ("decompressive transcoding", x-goog-stored-content-encoding: gzip without a
 * matching Content-Encoding), the body is not those bytes and the hashes cannot apply.
 */
export function hashesToVerify(header: (name: string) => string | null): StorageChecksums | null {
  const stored = header('x-goog-stored-content-encoding')?.trim().toLowerCase()
  const sent = header('content-encoding')?.trim().toLowerCase() ?? 'identity'
  if (stored && stored !== 'identity' && stored !== sent) return null
  return parseGoogHash(header('x-goog-hash'))
}

/** Running CRC32C and/or MD5 of the bytes that pass, for the hashes the server named. */
export class StorageHasher {
  private crc: number | null
  private readonly md5: Hash | null

  /** Computes both hashes with nothing to compare them to (a server stating them; tests). */
  static computingBoth(): StorageHasher {
    return new StorageHasher({ crc32c: '', md5: '' })
  }

  constructor(readonly expected: StorageChecksums) {
    this.crc = expected.crc32c === undefined ? null : 0
    this.md5 = expected.md5 === undefined ? null : createHash('md5')
  }

  update(bytes: Uint8Array): void {
    if (this.crc !== null) this.crc = crc32c(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), this.crc)
    this.md5?.update(bytes)
  }

  /** The hashes of what passed, in the header's form (call once, at the end). */
  digest(): StorageChecksums {
    return {
      ...(this.crc !== null ? { crc32c: crc32cBase64(this.crc) } : {}),
      ...(this.md5 ? { md5: this.md5.digest('base64') } : {}),
    }
  }

  /** Null when every expected hash matches; otherwise which ones differ (for the error's detail). */
  mismatch(): string | null {
    const actual = this.digest()
    const wrong = (['crc32c', 'md5'] as const).filter((name) => this.expected[name] !== undefined && this.expected[name] !== actual[name])
    return wrong.length === 0 ? null : wrong.map((name) => `${name} ${actual[name]} (server: ${this.expected[name]})`).join(', ')
  }
}

function crc32cBase64(value: number): string {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32BE(value >>> 0)
  return bytes.toString('base64')
}

/** Both hashes of `bytes` as GCS states them. */
export function storageHashesOf(bytes: Uint8Array): Required<StorageChecksums> {
  const hasher = StorageHasher.computingBoth()
  hasher.update(bytes)
  return hasher.digest() as Required<StorageChecksums>
}

/** The x-goog-hash header values, one per hash (GCS repeats the header rather than joining them). */
export function formatGoogHash(hashes: StorageChecksums): string[] {
  return [...(hashes.crc32c ? [`crc32c=${hashes.crc32c}`] : []), ...(hashes.md5 ? [`md5=${hashes.md5}`] : [])]
}

/**
 * Tells a sink the hashes of the object a response carries, before its body flows: only a 200 or 206 body is
 * the object, and only a sink that checks them (the plain sink) takes them.
 */
export async function expectStorageHashes(
  sink: { expectHashes?(hashes: StorageChecksums): Promise<void> } | null,
  response: { readonly status: number; header(name: string): string | null },
): Promise<void> {
  if (!sink?.expectHashes || (response.status !== 200 && response.status !== 206)) return
  const hashes = hashesToVerify((name) => response.header(name))
  if (hashes) await sink.expectHashes(hashes)
}

// The files the offline `key` commands read and write: the encrypted key blob (accepted in the shapes people paste)
// and the upload file, and the refusal to overwrite an output before a wallet is asked to sign.

import { lstat, readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { toBase64, type KeyPair } from '../main/crypto/key-pair'
import { parseKeyBlob } from '../main/crypto/key-scheme'
import { fsError } from '../main/fs/fs-errors'
import { AppError } from '../shared/errors'

const MAX_BLOB_FILE_BYTES = 256 * 1024

/** What `key new --out-blob` writes: ready for `PUT /users/me` (public_key, encrypted_private_key). */
export interface UploadBlob {
  readonly public_key: string
  readonly encrypted_private_key: string
}

export function serializeUploadBlob(keyPair: KeyPair, blob: string): string {
  const upload: UploadBlob = { public_key: toBase64(keyPair.publicKey), encrypted_private_key: blob }
  return `${JSON.stringify(upload)}\n`
}

export interface BlobFile {
  /** encrypted_private_key_v2 exactly as NumerBay stores it. */
  readonly blob: string
  /** The public key stored beside it, when the file says (then the unlocked key must match it). */
  readonly publicKey?: string
}

/**
 * Reads a file holding encrypted_private_key_v2. Accepted, so that copy-paste works: the stored value itself
 * ({"data","salt"}), that value as a JSON string (quoted, as the API returns it inside /users/me), or an
 * object with `encrypted_private_key_v2` or `encrypted_private_key` (what `key new --out-blob` writes).
 */
export async function readBlobFile(path: string): Promise<BlobFile> {
  let text: string
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw new AppError('IS_A_DIRECTORY', { message: `--blob is a folder, not a file: ${path}` })
    if (info.size > MAX_BLOB_FILE_BYTES) throw new AppError('KEY_BLOB_INVALID', { message: `${path} is far too large to be an encrypted key.` })
    text = (await readFile(path, 'utf8')).trim()
  } catch (error) {
    throw fsError(error, path)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new AppError('KEY_BLOB_INVALID', { message: `${path} does not hold the encrypted key as JSON.` })
  }
  if (typeof parsed === 'string') return { blob: parseAndKeep(parsed) }
  if (parsed && typeof parsed === 'object') {
    const record = parsed as Record<string, unknown>
    const inner = record.encrypted_private_key_v2 ?? record.encrypted_private_key
    const publicKey = typeof record.public_key_v2 === 'string' ? record.public_key_v2 : typeof record.public_key === 'string' ? record.public_key : undefined
    if (typeof inner === 'string') return { blob: parseAndKeep(inner), ...(publicKey === undefined ? {} : { publicKey }) }
  }
  return { blob: parseAndKeep(text) }
}

/** Validates the {"data","salt"} shape now (clear error before any signing) and keeps the text verbatim. */
function parseAndKeep(blob: string): string {
  parseKeyBlob(blob)
  return blob
}

/** Refuses early (before asking a wallet to sign) when an output exists and --force was not given. */
export async function assertWritable(path: string, force: boolean | undefined, flag: string): Promise<string> {
  const absolute = resolve(path)
  const info = await lstat(absolute).catch(() => null)
  if (info?.isDirectory()) throw new AppError('IS_A_DIRECTORY', { message: `${flag} is a folder, not a file: ${absolute}` })
  if (info && !force) throw new AppError('FILE_EXISTS', { message: `${absolute} already exists; use --force to replace it.` })
  return absolute
}

// numerbay.json, the key file the web app exports and the Python client reads: its default place, and reading and
// writing it without a string of the private key or a half-written file.

import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { AppError } from '../../shared/errors'
import { removeStaleTemps, writeFileAtomic } from '../fs/atomic-file'
import { fsError } from '../fs/fs-errors'
import { KEY_BYTES, keyFromBase64, publicKeyFromPrivateKey, sameBytes, wipe, type KeyPair } from './key-pair'
import { allocSecret, base64Into, base64Length, secretFromBase64Bytes } from './secret-bytes'

/** The name the web app downloads and the Python client's README uses. */
export const KEY_FILE_NAME = 'numerbay.json'

/** A key file is ~120 bytes; anything much bigger is the wrong file, and we do not read it into memory. */
const MAX_KEY_FILE_BYTES = 64 * 1024

/**
 * Where a key file is read or written when the user names none: NUMERBAY_KEY_PATH (`keyPath`, as the Python
 * client reads it; relative to `cwd`), else ./numerbay.json (the Python client's README exports
 * NUMERBAY_KEY_PATH=./numerbay.json).
 */
export function defaultKeyFilePath(keyPath: string | undefined, cwd: string): string {
  return resolve(cwd, keyPath ?? KEY_FILE_NAME)
}

function invalid(path: string, why: string): AppError {
  return new AppError('KEY_FILE_INVALID', { message: `${path} is not a valid NumerBay key file: ${why}.` })
}

// numerbay.json as the web app (and this app) writes it: {"public_key":"<b64>","private_key":"<b64>"}.
const encode = (text: string): Uint8Array => new TextEncoder().encode(text)
const FILE_OPEN = encode('{"public_key":"')
const FILE_MIDDLE = encode('","private_key":"')
const FILE_CLOSE = encode('"}')
const KEY_B64 = base64Length(KEY_BYTES)
const EXACT_FILE_BYTES = FILE_OPEN.length + KEY_B64 + FILE_MIDDLE.length + KEY_B64 + FILE_CLOSE.length

function startsWithAt(bytes: Uint8Array, part: Uint8Array, at: number): boolean {
  return part.every((byte, index) => bytes[at + index] === byte)
}

/** The pair from numerbay.json's bytes, checked like parseKeyFile; the private key never becomes a string. */
function parseExactKeyFile(bytes: Uint8Array): { publicKey: Uint8Array | null; privateKey: Uint8Array | null } | null {
  const text = bytes.length >= EXACT_FILE_BYTES ? bytes.subarray(0, trimmedLength(bytes)) : bytes
  if (text.length !== EXACT_FILE_BYTES) return null
  const middle = FILE_OPEN.length + KEY_B64
  const close = middle + FILE_MIDDLE.length + KEY_B64
  if (!startsWithAt(text, FILE_OPEN, 0) || !startsWithAt(text, FILE_MIDDLE, middle) || !startsWithAt(text, FILE_CLOSE, close)) return null
  return {
    publicKey: secretFromBase64Bytes(text.subarray(FILE_OPEN.length, middle), KEY_BYTES),
    privateKey: secretFromBase64Bytes(text.subarray(middle + FILE_MIDDLE.length, close), KEY_BYTES),
  }
}

/** The length without trailing whitespace (a file saved by an editor ends with a newline). */
function trimmedLength(bytes: Uint8Array): number {
  let end = bytes.length
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--
  return end
}

/** Both keys decoded: the public key must belong to the private key. */
function checkedPair(publicKey: Uint8Array | null, privateKey: Uint8Array | null, path: string): KeyPair {
  if (!privateKey) {
    wipe(publicKey)
    throw invalid(path, '"private_key" is not standard base64 of 32 bytes')
  }
  if (!publicKey) {
    wipe(privateKey)
    throw invalid(path, '"public_key" is not standard base64 of 32 bytes')
  }
  const derived = publicKeyFromPrivateKey(privateKey)
  if (!sameBytes(derived, publicKey)) {
    wipe(privateKey)
    throw new AppError('KEY_FILE_MISMATCH', { message: `The key file ${path} is damaged: its public key does not belong to its private key.` })
  }
  return { publicKey, privateKey }
}

/**
 * Parses numerbay.json from its bytes. The exact form the web app writes is read without making a string of
 * the key; any other JSON layout goes through parseKeyFile (JSON.parse strings cannot be wiped).
 */
export function parseKeyFileBytes(bytes: Uint8Array, path = 'The key file'): KeyPair {
  const exact = parseExactKeyFile(bytes)
  if (exact?.publicKey && exact.privateKey) return checkedPair(exact.publicKey, exact.privateKey, path)
  // Anything unusual (a damaged key, non-canonical base64) gets the general parser and its precise errors.
  wipe(exact?.publicKey, exact?.privateKey)
  return parseKeyFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), path)
}

/** Parses key file text. Messages name the problem, never the key material. */
export function parseKeyFile(text: string, path = 'The key file'): KeyPair {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw invalid(path, 'it is not JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(path, 'it is not a JSON object')
  const fields = parsed as { public_key?: unknown; private_key?: unknown }
  if (typeof fields.private_key !== 'string') throw invalid(path, '"private_key" is missing')
  if (typeof fields.public_key !== 'string') throw invalid(path, '"public_key" is missing')
  return checkedPair(keyFromBase64(fields.public_key), keyFromBase64(fields.private_key), path)
}

/** Reads and validates numerbay.json: JSON, both keys standard base64 of 32 bytes, public key matching. */
export async function readKeyFile(path: string): Promise<KeyPair> {
  let bytes: Buffer
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw new AppError('IS_A_DIRECTORY', { message: `The key file ${path} is a folder, not a file.` })
    if (info.size > MAX_KEY_FILE_BYTES) throw invalid(path, 'it is far too large')
    // Read as bytes (a buffer of its own, wiped below), not as a string.
    bytes = await readFile(path)
  } catch (error) {
    throw fsError(error, path)
  }
  try {
    return parseKeyFileBytes(bytes, path)
  } finally {
    bytes.fill(0)
  }
}

/**
 * The exact bytes the web app exports: {"public_key":"…","private_key":"…"}, no whitespace. Written straight
 * into a secret buffer (the caller wipes it): no string of the private key is made.
 */
export function serializeKeyFile(keyPair: KeyPair): Buffer {
  const bytes = allocSecret(EXACT_FILE_BYTES)
  bytes.set(FILE_OPEN, 0)
  let at = base64Into(keyPair.publicKey, bytes, FILE_OPEN.length)
  bytes.set(FILE_MIDDLE, at)
  at = base64Into(keyPair.privateKey, bytes, at + FILE_MIDDLE.length)
  bytes.set(FILE_CLOSE, at)
  return bytes
}

export interface WriteKeyFileOptions {
  /** Replace an existing file. Without it an existing file is left alone and FILE_EXISTS is thrown. */
  readonly overwrite?: boolean
}

/** Writes numerbay.json atomically with mode 0600 (first removing what a killed earlier write left: it may hold the key). */
export async function writeKeyFile(path: string, keyPair: KeyPair, options: WriteKeyFileOptions = {}): Promise<void> {
  await removeStaleTemps([path])
  const bytes = serializeKeyFile(keyPair)
  try {
    await writeFileAtomic(path, bytes, { mode: 0o600, overwrite: options.overwrite ?? false })
  } finally {
    wipe(bytes)
  }
}

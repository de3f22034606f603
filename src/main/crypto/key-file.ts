import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { AppError } from '../../shared/errors'
import { removeStaleTemps, writeFileAtomic } from '../fs/atomic-file'
import { fsError } from '../fs/fs-errors'
import { keyFromBase64, publicKeyFromPrivateKey, sameBytes, toBase64, wipe, type KeyPair } from './key-pair'

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
  const privateKey = keyFromBase64(fields.private_key)
  if (!privateKey) throw invalid(path, '"private_key" is not standard base64 of 32 bytes')
  const publicKey = keyFromBase64(fields.public_key)
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

/** Reads and validates numerbay.json: JSON, both keys standard base64 of 32 bytes, public key matching. */
export async function readKeyFile(path: string): Promise<KeyPair> {
  let text: string
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw new AppError('IS_A_DIRECTORY', { message: `The key file ${path} is a folder, not a file.` })
    if (info.size > MAX_KEY_FILE_BYTES) throw invalid(path, 'it is far too large')
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw fsError(error, path)
  }
  return parseKeyFile(text, path)
}

/** The exact bytes the web app exports: {"public_key":"…","private_key":"…"}, no whitespace. */
export function serializeKeyFile(keyPair: KeyPair): Buffer {
  return Buffer.from(JSON.stringify({ public_key: toBase64(keyPair.publicKey), private_key: toBase64(keyPair.privateKey) }), 'utf8')
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
    bytes.fill(0)
  }
}

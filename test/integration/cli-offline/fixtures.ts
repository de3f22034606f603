import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sodium from 'libsodium-wrappers'
import { sealedDir, sealedIndex, keysV2 } from '../../helpers/vectors'

/** numerbay.json for the key the PyNaCl vectors are sealed to. */
export const vectorKeyFileText = JSON.stringify({ public_key: keysV2.keys_v27.public_key, private_key: keysV2.keys_v27.private_key })

export async function makeWorkDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

export async function removeWorkDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/** Copies the sealed vectors (without index.json) into `dir`; returns their names. */
export async function copySealedVectors(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  for (const entry of sealedIndex.files) await copyFile(join(sealedDir, entry.file), join(dir, entry.file))
  return sealedIndex.files.map((entry) => entry.file)
}

export async function writeVectorKeyFile(path: string): Promise<string> {
  await writeFile(path, vectorKeyFileText)
  return path
}

/** A file sealed to a fresh key (so the vector key cannot open it). */
export async function sealedToAnotherKey(plaintext: Uint8Array): Promise<Buffer> {
  await sodium.ready
  const pair = sodium.crypto_box_keypair()
  return Buffer.from(sodium.crypto_box_seal(plaintext, pair.publicKey))
}

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Test vectors copied from shared/vectors (made the way the NumerBay web app makes keys; sealed by PyNaCl). */
export const vectorsDir = fileURLToPath(new URL('../fixtures/vectors/', import.meta.url))
export const sealedDir = fileURLToPath(new URL('../fixtures/vectors/sealed/', import.meta.url))

export interface KeyVector {
  v_form: string
  salt: string
  signature: string
  storage_key_base64: string
  public_key: string
  private_key: string
  encrypted_private_key_v2: string
}

export interface KeysV2 {
  wallet: { private_key: string; address: string; address_lower: string }
  login: { nonce: string; message: string; signature: string }
  keys_v27: KeyVector
  keys_v01: KeyVector
}

export const keysV2: KeysV2 = JSON.parse(readFileSync(new URL('../fixtures/vectors/keys-v2.json', import.meta.url), 'utf8'))

export interface SealedIndex {
  public_key: string
  files: { file: string; plaintext_size: number; plaintext_sha256: string }[]
}

export const sealedIndex: SealedIndex = JSON.parse(readFileSync(new URL('../fixtures/vectors/sealed/index.json', import.meta.url), 'utf8'))

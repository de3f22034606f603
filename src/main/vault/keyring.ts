// The local keyring: older private keys kept encrypted with the wallet, so files sealed to a key the account has
// since replaced stay readable.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sodium from 'sodium-native'
import { z } from 'zod'
import { ADDRESS_PATTERN, isEthereumAddress } from '../../shared/address'
import { AppError } from '../../shared/errors'
import { copyKeyPair, keyPairFromPrivateKey, toBase64, wipe, type KeyPair } from '../crypto/key-pair'
import { protectSecret } from '../crypto/secret-bytes'
import { assertSaltMessage, storageKeyFromSignature, unwrapPrivateKey, wrapPrivateKey } from '../crypto/key-scheme'
import { removeStaleTemps, writeFileAtomic } from '../fs/atomic-file'
import { ensurePrivateDir } from '../fs/data-dir'
import { fsError } from '../fs/fs-errors'
import { otherVForm } from '../crypto/key-scheme'
import type { Signer } from '../signers/types'

/** What the wallet signs to open the keyring: our own message, so it can never be confused with NumerBay's. */
export const KEYRING_SALT_PREFIX = 'Sign this to unlock your NumerBay Desktop keyring.\n\nSalt:'

const entrySchema = z.object({
  public_key: z.string(),
  /** base64(nonce ‖ secretbox({"data": privateKeyBase64})), the same wrapping as NumerBay's v2 blob. */
  data: z.string(),
  added_at: z.string(),
  source: z.enum(['replaced', 'imported']),
})
const fileSchema = z.object({
  version: z.literal(1),
  /** The wallet (lower-case) whose signature of `salt` derives the keyring key. */
  address: z.string().regex(ADDRESS_PATTERN),
  salt: z.string().refine((salt) => isSaltMessage(salt, KEYRING_SALT_PREFIX)),
  keys: z.array(entrySchema),
})
export type KeyringFile = z.infer<typeof fileSchema>
export type KeyringEntry = z.infer<typeof entrySchema>

/** The keyring file of a wallet. The address names the file, so only a real address is accepted (never a path). */
export function keyringPath(dataDir: string, address: string): string {
  if (!isEthereumAddress(address)) throw new AppError('INVALID_ARGUMENT', { message: 'A keyring belongs to a wallet address (0x and 40 hex digits).' })
  return join(dataDir, 'keyring', `${address.toLowerCase()}.json`)
}

function isSaltMessage(salt: string, prefix: string): boolean {
  try {
    assertSaltMessage(salt, prefix)
    return true
  } catch {
    return false
  }
}

function newKeyringSalt(): string {
  const random = Buffer.alloc(32)
  sodium.randombytes_buf(random)
  return KEYRING_SALT_PREFIX + random.toString('base64')
}

/**
 * The local keyring: older private keys, encrypted at rest with a key derived exactly like NumerBay's
 * storage key (keccak256 of the wallet's signature over a salt message), looked up by public key. It needs
 * no OS keychain and cannot be read without the wallet. One file per wallet address, 0600.
 */
export class Keyring {
  private file: KeyringFile | null = null
  private storageKey: Uint8Array | null = null
  private readonly unlocked = new Map<string, KeyPair>()

  constructor(readonly path: string, readonly address: string) {}

  static forWallet(dataDir: string, address: string): Keyring {
    return new Keyring(keyringPath(dataDir, address), address.toLowerCase())
  }

  /** Reads the file (public keys are in clear, so key status can be shown without the wallet). */
  async load(): Promise<this> {
    await removeStaleTemps([this.path])
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.file = null
        return this
      }
      throw fsError(error, this.path)
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new AppError('KEYRING_INVALID', { detail: this.path })
    }
    const parsed = fileSchema.safeParse(json)
    if (!parsed.success) throw new AppError('KEYRING_INVALID', { detail: this.path })
    this.file = parsed.data
    return this
  }

  get publicKeys(): string[] {
    return this.file?.keys.map((entry) => entry.public_key) ?? []
  }

  get isUnlocked(): boolean {
    return this.storageKey !== null
  }

  has(publicKey: string): boolean {
    return this.publicKeys.includes(publicKey)
  }

  /** A copy of an older key pair (the caller wipes it), or null if absent or locked. */
  keyPair(publicKey: string): KeyPair | null {
    const pair = this.unlocked.get(publicKey)
    return pair ? copyKeyPair(pair) : null
  }

  /** Signs the keyring salt and decrypts every key. A wallet that did not create the keyring cannot. */
  async unlock(signer: Signer): Promise<void> {
    if (!this.file || this.storageKey) return
    await this.assertWallet(signer)
    const signature = await signer.signPersonalMessage(new TextEncoder().encode(this.file.salt))
    for (const candidate of [signature, otherVForm(signature)]) {
      const key = storageKeyFromSignature(candidate)
      const opened = this.openAll(key)
      if (opened) {
        this.storageKey = key
        protectSecret(key)
        for (const pair of opened) this.hold(pair)
        wipe(signature, candidate)
        return
      }
      wipe(key, candidate)
    }
    wipe(signature)
    throw new AppError('KEYRING_WRONG_WALLET')
  }

  /** Adds a private key (already-present keys are left as they are). Creates the keyring on first use. */
  async add(signer: Signer, keyPair: KeyPair, source: KeyringEntry['source']): Promise<boolean> {
    const publicKey = toBase64(keyPair.publicKey)
    if (!this.file) {
      await this.assertWallet(signer)
      const salt = newKeyringSalt()
      const signature = await signer.signPersonalMessage(new TextEncoder().encode(salt))
      this.storageKey = storageKeyFromSignature(signature)
      protectSecret(this.storageKey)
      wipe(signature)
      this.file = { version: 1, address: this.address, salt, keys: [] }
    } else if (!this.storageKey) {
      await this.unlock(signer)
    }
    if (this.has(publicKey)) return false
    const data = wrapPrivateKey(keyPair.privateKey, this.storageKey!)
    const next: KeyringFile = { ...this.file, keys: [...this.file.keys, { public_key: publicKey, data, added_at: new Date().toISOString(), source }] }
    await ensurePrivateDir(join(this.path, '..'))
    await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600, overwrite: true })
    this.file = next
    this.hold(copyKeyPair(keyPair))
    return true
  }

  /** Keeps a decrypted older key (its own secret copy, read-only while held) until lock(). */
  private hold(pair: KeyPair): void {
    protectSecret(pair.privateKey)
    this.unlocked.set(toBase64(pair.publicKey), pair)
  }

  /** Forgets the decrypted keys and the keyring key. */
  lock(): void {
    for (const pair of this.unlocked.values()) wipe(pair.privateKey)
    this.unlocked.clear()
    if (this.storageKey) wipe(this.storageKey)
    this.storageKey = null
  }

  private async assertWallet(signer: Signer): Promise<void> {
    const address = (await signer.address()).toLowerCase()
    if (address !== this.address) throw new AppError('KEYRING_WRONG_WALLET', { detail: `the keyring belongs to ${this.address}` })
  }

  private openAll(storageKey: Uint8Array): KeyPair[] | null {
    const pairs: KeyPair[] = []
    for (const entry of this.file!.keys) {
      const privateKey = unwrapPrivateKey(entry.data, storageKey)
      if (!privateKey) {
        for (const pair of pairs) wipe(pair.privateKey)
        return null
      }
      const pair = keyPairFromPrivateKey(privateKey)
      wipe(privateKey)
      if (toBase64(pair.publicKey) !== entry.public_key) {
        wipe(pair.privateKey)
        throw new AppError('KEYRING_INVALID', { detail: `${this.path}: an entry's key does not match its public key` })
      }
      pairs.push(pair)
    }
    return pairs
  }
}

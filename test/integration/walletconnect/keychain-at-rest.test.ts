// The WalletConnect keychain at rest (issue 14): in the desktop app it is encrypted through the storage codec
// (Electron's safeStorage there; an AES-GCM stand-in here), so nothing readable of it reaches the file.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { access, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src/shared/ipc/settings'
import { createDefaultServices } from '../../../src/main/desktop/services'
import type { WalletConnectPort } from '../../../src/main/desktop/ports'
import { ENCRYPTED_STORAGE_FILE, STORAGE_FILE, type StorageCodec } from '../../../src/main/signers/walletconnect/file-storage'
import { keysV2 } from '../../helpers/vectors'
import { Harness } from './harness'

/** A real cipher standing in for the OS keyring: AES-256-GCM under a key only this test holds. */
function aesCodec(): StorageCodec & { encoded: number } {
  const key = randomBytes(32)
  const codec = {
    encoded: 0,
    encode(text: string) {
      codec.encoded++
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decode(bytes: Uint8Array) {
      const data = Buffer.from(bytes)
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12))
      decipher.setAuthTag(data.subarray(12, 28))
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8')
    },
  }
  return codec
}

describe('the WalletConnect keychain in the desktop app', () => {
  let harness: Harness
  let port: WalletConnectPort | null = null

  beforeEach(async () => {
    harness = await Harness.start()
  })
  afterEach(async () => {
    await port?.close()
    port = null
    await harness.dispose()
  })

  it('reaches the disk only through the codec: no symKey, topic or key name in the file', async () => {
    const codec = aesCodec()
    const services = createDefaultServices({ dataDir: harness.dir, walletConnect: { relayUrl: harness.relay.url }, walletConnectCodec: async () => codec })
    port = await services.walletConnect!({ settings: () => defaultSettings })
    const wallet = await harness.wallet({ privateKey: keysV2.wallet.private_key })
    const pairing = await port.pair()
    if (pairing.state !== 'pairing') throw new Error(`expected a pairing, got ${pairing.state}`)
    const uri = new URL(pairing.uri)
    const symKey = uri.searchParams.get('symKey')!
    const pairingTopic = uri.pathname.split('@')[0]!
    await wallet.pair(pairing.uri)
    await expect.poll(() => port!.status().state, { timeout: 20_000 }).toBe('connected')
    await port.close()
    port = null

    expect(codec.encoded).toBeGreaterThan(0)
    const files = await readdir(harness.storageDir)
    expect(files).toContain(ENCRYPTED_STORAGE_FILE)
    expect(files).not.toContain(STORAGE_FILE)
    const onDisk = await readFile(join(harness.storageDir, ENCRYPTED_STORAGE_FILE))
    for (const readable of [symKey, pairingTopic, 'keychain', 'wc@2', 'expiry']) {
      expect(onDisk.includes(Buffer.from(readable)), readable).toBe(false)
    }
    // The decrypted store does hold them: the codec is what kept them off the disk.
    expect(codec.decode(onDisk)).toContain(symKey)

    // And the app, started again with the same keyring, restores the session from it.
    const again = createDefaultServices({ dataDir: harness.dir, walletConnect: { relayUrl: harness.relay.url }, walletConnectCodec: async () => codec })
    port = await again.walletConnect!({ settings: () => defaultSettings })
    expect(port.status().state).toBe('connected')
  })

  it('stays a plain 0600 file where there is no keyring (no codec)', async () => {
    port = await createDefaultServices({ dataDir: harness.dir, walletConnect: { relayUrl: harness.relay.url }, walletConnectCodec: async () => undefined }).walletConnect!({
      settings: () => defaultSettings,
    })
    await port.pair()
    await port.cancel()
    await port.close()
    port = null
    await access(join(harness.storageDir, STORAGE_FILE))
    await expect(access(join(harness.storageDir, ENCRYPTED_STORAGE_FILE))).rejects.toThrow()
  })
})

// The Electron half of the WalletConnect keychain's protection: safeStorage behind the StorageCodec port, and
// a plain store with a warning where the OS has no keyring.
import { describe, expect, it } from 'vitest'
import { safeStorageCodec, type SafeStoragePort } from '../../../src/main/app/keychain-codec'

function fakeSafeStorage(options: { available: boolean; backend?: ReturnType<SafeStoragePort['getSelectedStorageBackend']> }): SafeStoragePort & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    isAsyncEncryptionAvailable: async () => options.available,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (text: string) => {
      calls.push('encrypt')
      return Buffer.from(`sealed:${Buffer.from(text).toString('hex')}`)
    },
    decryptStringAsync: async (bytes: Buffer) => {
      calls.push('decrypt')
      return { result: Buffer.from(bytes.toString().replace(/^sealed:/, ''), 'hex').toString(), shouldReEncrypt: false }
    },
  }
}

describe('safeStorageCodec', () => {
  it('encrypts through the OS keyring when there is one', async () => {
    const warnings: string[] = []
    const storage = fakeSafeStorage({ available: true })
    const codec = await safeStorageCodec(storage, 'linux', (message) => warnings.push(message))
    expect(codec).toBeDefined()
    const sealed = await codec!.encode('{"wc@2:core:keychain":"symkey"}')
    expect(Buffer.from(sealed).toString()).not.toContain('symkey')
    expect(await codec!.decode(sealed)).toBe('{"wc@2:core:keychain":"symkey"}')
    expect(storage.calls).toEqual(['encrypt', 'decrypt'])
    expect(warnings).toEqual([])
    expect(await safeStorageCodec(fakeSafeStorage({ available: true, backend: 'unknown' }), 'darwin', () => undefined)).toBeDefined()
  })

  it('falls back to the plain 0600 store, with a warning, where the OS has no keyring', async () => {
    for (const [storage, platform] of [
      [fakeSafeStorage({ available: true, backend: 'basic_text' }), 'linux'],
      [fakeSafeStorage({ available: true, backend: 'unknown' }), 'linux'],
      [fakeSafeStorage({ available: false }), 'win32'],
    ] as const) {
      const warnings: string[] = []
      expect(await safeStorageCodec(storage, platform, (message) => warnings.push(message))).toBeUndefined()
      expect(warnings).toEqual([expect.stringContaining('stored unencrypted (owner-only file)')])
      expect(storage.calls).toEqual([])
    }
  })
})

// At-rest encryption of the WalletConnect keychain with the OS keyring through Electron's safeStorage, which only
// the app can reach (the CLI keeps the plain 0600 file).

import type { SafeStorage } from 'electron'
import type { StorageCodec } from '../signers/walletconnect/file-storage'

/** What of safeStorage the codec uses (the async API: the synchronous one is deprecated). */
export type SafeStoragePort = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>

/**
 * The WalletConnect keychain's at-rest codec, built on Electron's safeStorage (Keychain on macOS, DPAPI on
 * Windows, the Secret Service or KWallet on Linux). Undefined, with a warning, where the OS offers no keyring
 * (or only Chromium's "basic_text" store, whose key is a fixed string): the store then stays a plain 0600
 * file in an owner-only folder. Call after the app is ready.
 */
export async function safeStorageCodec(safeStorage: SafeStoragePort, platform: NodeJS.Platform, warn: (message: string) => void): Promise<StorageCodec | undefined> {
  const fallback = (why: string): undefined => {
    warn(`WalletConnect sessions are stored unencrypted (owner-only file): ${why}.`)
    return undefined
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend()
    if (backend === 'basic_text' || backend === 'unknown') return fallback(`no OS keyring (safeStorage backend: ${backend})`)
  }
  if (!(await safeStorage.isAsyncEncryptionAvailable().catch(() => false))) return fallback('OS encryption is not available')
  return {
    encode: (text) => safeStorage.encryptStringAsync(text),
    decode: async (bytes) => (await safeStorage.decryptStringAsync(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))).result,
  }
}

import { HDNodeWallet, Mnemonic } from 'ethers'
import { createEmulatedLedger, openEmulatedTransport, type EmulatedLedger, type EmulatorOptions } from '../../fixtures/ledger-emulator'

/** Hardhat's mnemonic: its first Ledger Live account is the keys-v2.json wallet (0xf39F…2266). */
export const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk'
export const HARDHAT_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
export const LEDGER_LIVE_0 = "44'/60'/0'/0/0"

/** The independent check: ethers' software wallet on the same mnemonic and path. */
export function softwareWallet(path: string, mnemonic = HARDHAT_MNEMONIC): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(mnemonic), `m/${path}`)
}

export function hex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`
}

export function emulator(options: Partial<EmulatorOptions> = {}): EmulatedLedger {
  return createEmulatedLedger({ mnemonic: HARDHAT_MNEMONIC, ...options })
}

export { openEmulatedTransport }

/** Resolves with the AppError code a promise rejects with (fails the test if it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return (error as { code?: string }).code ?? `not an AppError: ${String(error)}`
  }
  throw new Error('expected a rejection')
}

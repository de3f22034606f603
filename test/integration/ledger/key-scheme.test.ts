import { describe, expect, it } from 'vitest'
import { createKeyBlob, unlockKeyBlob } from '../../../src/main/crypto'
import { createLedgerSigner } from '../../../src/main/signers/ledger'
import { createEmulatedLedger, openEmulatedTransport } from '../../fixtures/ledger-emulator'
import { keysV2 } from '../../helpers/vectors'

// The foundation's key scheme end to end over the emulated Ledger: a key wrapped by a software wallet
// (the way numerbay.ai with MetaMask does it) unlocks with the Ledger holding the same account.
const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk'

function ledgerSigner() {
  return createLedgerSigner({ transport: openEmulatedTransport(createEmulatedLedger({ mnemonic: HARDHAT_MNEMONIC })), path: "44'/60'/0'/0/0" })
}

describe('NumerBay key scheme v2 with a Ledger', () => {
  it('the first Ledger Live account of the Hardhat mnemonic is the vectors wallet', async () => {
    const signer = ledgerSigner()
    expect((await signer.address()).toLowerCase()).toBe(keysV2.wallet.address_lower)
    await signer.close?.()
  })

  it('unlocks keys_v27.encrypted_private_key_v2 to keys_v27.private_key', async () => {
    const signer = ledgerSigner()
    const keyPair = await unlockKeyBlob(keysV2.keys_v27.encrypted_private_key_v2, signer)
    expect(Buffer.from(keyPair.privateKey).toString('base64')).toBe(keysV2.keys_v27.private_key)
    await signer.close?.()
  })

  it('unlocks the key a v = 0/1 wallet made (keys_v01) through the other-v fallback', async () => {
    const signer = ledgerSigner()
    const keyPair = await unlockKeyBlob(keysV2.keys_v01.encrypted_private_key_v2, signer)
    expect(Buffer.from(keyPair.privateKey).toString('base64')).toBe(keysV2.keys_v01.private_key)
    await signer.close?.()
  })

  it('creates a key (signing the salt twice, identically) that it unlocks again', async () => {
    const signer = ledgerSigner()
    const created = await createKeyBlob(signer)
    const unlocked = await unlockKeyBlob(created.blob, signer)
    expect(Buffer.from(unlocked.privateKey).equals(Buffer.from(created.keyPair.privateKey))).toBe(true)
    await signer.close?.()
  })
})

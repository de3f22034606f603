import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { signatureToHex } from '../../../src/main/signers/signature'
import { personalSignRequest, verifyWalletSignature } from '../../../src/main/signers/walletconnect/personal-sign'
import { keysV2 } from '../../helpers/vectors'

const wallet = new Wallet(keysV2.wallet.private_key)
const message = new TextEncoder().encode(keysV2.keys_v27.salt)

describe('personal_sign request and answer checks', () => {
  it('sends [0x-hex of the UTF-8 bytes, address]', () => {
    expect(personalSignRequest(new TextEncoder().encode('hé'), wallet.address)).toEqual({
      method: 'personal_sign',
      params: ['0x68c3a9', wallet.address],
    })
  })

  it('accepts a signature that recovers to the account, in MetaMask form', async () => {
    const hex = await wallet.signMessage(message)
    expect(hex).toBe(keysV2.keys_v27.signature)
    expect(signatureToHex(verifyWalletSignature(message, hex, keysV2.wallet.address_lower))).toBe(hex)
  })

  it('normalises v = 0/1 to 27/28', async () => {
    const hex = await wallet.signMessage(message)
    const v01 = hex.slice(0, -2) + (parseInt(hex.slice(-2), 16) - 27).toString(16).padStart(2, '0')
    expect(signatureToHex(verifyWalletSignature(message, v01, wallet.address))).toBe(hex)
  })

  it.each([
    ['a signature from another key', async () => new Wallet(`0x${'11'.repeat(32)}`).signMessage(message)],
    ['an EIP-1271 style blob (not 65 bytes)', async () => `0x${'ab'.repeat(200)}`],
    ['65 bytes with a bad v', async () => `0x${'11'.repeat(64)}05`],
    ['65 bytes that recover to nothing', async () => `0x${'00'.repeat(64)}1b`],
    ['not a string', async () => ({ signature: 'x' })],
  ])('refuses %s with the smart-contract wallet explanation', async (_name, answer) => {
    const value = await answer()
    expect(() => verifyWalletSignature(message, value, wallet.address)).toThrow(/cannot hold a NumerBay v2 key/)
    try {
      verifyWalletSignature(message, value, wallet.address)
    } catch (error) {
      expect(error).toMatchObject({ code: 'WC_SMART_CONTRACT_SIGNATURE' })
    }
  })
})

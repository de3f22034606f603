import { describe, expect, it } from 'vitest'
import { Wallet } from 'ethers'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { createEnvSigner, createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import {
  normalizeV,
  otherVForm,
  recoverPersonalSigner,
  signatureFromHex,
  signatureToHex,
  toChecksumAddress,
} from '../../../src/main/signers/signature'
import { keysV2 } from '../../helpers/vectors'

const wallet = keysV2.wallet

describe('MetaMask signature form', () => {
  it('signs the login nonce exactly as the web app did (v = 27/28)', async () => {
    const signer = createKeySigner(parsePrivateKeyHex(wallet.private_key))
    expect(await signer.address()).toBe(wallet.address)
    const sig = await signer.signPersonalMessage(utf8ToBytes(keysV2.login.message))
    expect(signatureToHex(sig)).toBe(keysV2.login.signature)
  })

  it('matches an independent implementation (ethers) on the salt message', async () => {
    const signer = createKeySigner(parsePrivateKeyHex(wallet.private_key))
    const sig = signatureToHex(await signer.signPersonalMessage(utf8ToBytes(keysV2.keys_v27.salt)))
    expect(sig).toBe(keysV2.keys_v27.signature)
    expect(sig).toBe(new Wallet(wallet.private_key).signMessageSync(keysV2.keys_v27.salt))
  })

  it('recovers the signer from both v conventions', () => {
    const msg = utf8ToBytes(keysV2.keys_v01.salt)
    const sig01 = signatureFromHex(keysV2.keys_v01.signature)
    expect(sig01[64]).toBe(1)
    expect(recoverPersonalSigner(msg, sig01)).toBe(wallet.address)
    expect(normalizeV(sig01)[64]).toBe(28)
    expect(otherVForm(normalizeV(sig01))).toEqual(sig01)
  })

  it('refuses malformed signatures and addresses', () => {
    expect(() => signatureFromHex('0x1234')).toThrow(/65 bytes/)
    const bad = signatureFromHex(keysV2.login.signature)
    bad[64] = 5
    expect(() => normalizeV(bad)).toThrow(/recovery byte/)
    expect(() => toChecksumAddress('0x123')).toThrow(/Not an Ethereum address/)
    expect(toChecksumAddress(wallet.address_lower)).toBe(wallet.address)
  })

  it('env signer reads the key from the named variable and refuses bad values', async () => {
    const signer = createEnvSigner('K', { K: wallet.private_key })
    expect(await signer.address()).toBe(wallet.address)
    expect(() => createEnvSigner('K', {})).toThrow(/not set/)
    expect(() => createEnvSigner('K', { K: 'nothex' })).toThrow(expect.objectContaining({ code: 'SIGNER_ENV_MISSING' }))
    await expect(signer.signPersonalMessage(new Uint8Array())).rejects.toMatchObject({ code: 'EMPTY_MESSAGE' })
  })
})

import { describe, expect, it } from 'vitest'
import { createLedgerSignerOver } from '../../../src/main/signers/ledger/from-spec'
import type { SignerPrompt } from '../../../src/main/signers/types'
import { recoverPersonalSigner } from '../../../src/main/signers/signature'
import { createEmulatorBackend } from '../../fixtures/ledger-emulator'
import { codeOf, emulator, HARDHAT_ADDRESS } from './support'

describe('ledger signer spec: waiting for the person', () => {
  it('fails at once with the reason when no wait is asked for (scripts)', async () => {
    const ledger = emulator({ mode: 'locked' })
    expect(await codeOf(createLedgerSignerOver(createEmulatorBackend(ledger), undefined, {}))).toBe('LEDGER_LOCKED')
  })

  it('says what to do, waits while the person unlocks and opens the app, then signs', async () => {
    const ledger = emulator({ mode: 'locked' })
    const prompts: string[] = []
    const onPrompt = (prompt: SignerPrompt): void => {
      if (prompt.kind === 'text') prompts.push(prompt.text)
    }
    setTimeout(() => ledger.setMode('dashboard'), 1_200)
    setTimeout(() => ledger.setMode('ready'), 2_600)
    const signer = await createLedgerSignerOver(createEmulatorBackend(ledger), undefined, { onPrompt, waitForDeviceMs: 15_000 })
    try {
      expect(await signer.address()).toBe(HARDHAT_ADDRESS)
      const message = new TextEncoder().encode('after the wait')
      expect(recoverPersonalSigner(message, await signer.signPersonalMessage(message))).toBe(HARDHAT_ADDRESS)
      expect(prompts[0]).toMatch(/^Your Ledger is locked\. Enter your PIN .*\. Waiting for your Ledger…$/)
      expect(prompts.some((text) => /Ethereum app/.test(text) && !/locked/.test(text))).toBe(true)
      // Each reason is announced once, not every poll.
      expect(new Set(prompts).size).toBe(prompts.length)
    } finally {
      await signer.close?.()
    }
  })

  it('gives up after the wait with the last reason', async () => {
    const ledger = emulator({ mode: 'dashboard' })
    expect(await codeOf(createLedgerSignerOver(createEmulatorBackend(ledger), undefined, { waitForDeviceMs: 1_500 }))).toBe('LEDGER_WRONG_APP')
  })
})

// Cancel while the window waits for a signature ("Confirm on your Ledger", "Approve on your phone"): the call
// waiting for it ends at once with CANCELLED, whatever the device does.
import { describe, expect, it } from 'vitest'
import { EventHub } from '../../../src/main/desktop/event-hub'
import { SignersDomain } from '../../../src/main/desktop/domains/signers'
import { Services } from '../../../src/main/desktop/services'
import { ScriptedDialogs } from '../../../src/main/preview/dialogs'
import type { Signer } from '../../../src/main/signers/types'
import { defaultSettings } from '../../../src/shared/ipc/settings'

/** A Ledger that shows the request and never answers, as one left on a desk does. */
function unansweredLedger(): Signer & { asked: number } {
  const signer = {
    kind: 'ledger' as const,
    asked: 0,
    address: async () => '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    signPersonalMessage: () => {
      signer.asked++
      return new Promise<Uint8Array>(() => undefined)
    },
  }
  return signer
}

function domain(): { signers: SignersDomain; messages: unknown[] } {
  const events = new EventHub()
  const messages: unknown[] = []
  events.subscribe((name, payload) => {
    if (name === 'signingMessage') messages.push(payload)
  })
  const signers = new SignersDomain({
    services: new Services({}, { settings: () => defaultSettings }),
    events,
    dialogs: new ScriptedDialogs(),
    demoWallet: () => null,
    accountAddress: () => null,
    onKeyFile: () => undefined,
  })
  return { signers, messages }
}

describe('cancelling a signature', () => {
  it('ends the waiting call with CANCELLED, clears the message shown, and says what to do on the device', async () => {
    const { signers, messages } = domain()
    const ledger = unansweredLedger()
    await signers.set({ signer: ledger, summary: { kind: 'ledger', address: await ledger.address(), label: "Ledger 44'/60'/0'/0/0" } })
    expect(await signers.handlers.cancelSigning(undefined)).toBe(false)
    const signing = signers.signingSigner().signPersonalMessage(new TextEncoder().encode('Sign this to retrieve your encryption key.'))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(ledger.asked).toBe(1)
    expect(await signers.handlers.cancelSigning(undefined)).toBe(true)
    await expect(signing).rejects.toMatchObject({ code: 'CANCELLED', action: expect.stringContaining('your Ledger still shows the request, reject it there') })
    expect(messages.at(-1)).toBeNull()
    expect(await signers.handlers.cancelSigning(undefined)).toBe(false)
  })
})

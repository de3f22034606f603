import { describe, expect, it } from 'vitest'
import { forceCloseDevice } from '../../../src/main/signers/ledger/connection'
import type { LedgerTransport } from '../../../src/main/signers/ledger/ledgerhq'

/** The node-hid 3.4 HID wrapper as a hung transport holds it: close() throws while its read is running. */
function hidWithRunningRead() {
  const calls: string[] = []
  let readRunning = true
  const device = {
    pause() {
      calls.push('pause')
      setTimeout(() => (readRunning = false), 120) // the read worker notices the interrupt a little later
    },
    close() {
      calls.push('close')
      if (readRunning) throw new TypeError('read is still running')
      calls.push('closed')
    },
  }
  return { transport: { device } as unknown as LedgerTransport, calls }
}

describe('freeing a hung HID handle', () => {
  it('interrupts the read, then retries close() until node-hid accepts it', async () => {
    const { transport, calls } = hidWithRunningRead()
    forceCloseDevice(transport)
    expect(calls).toEqual(['pause', 'close'])
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(calls.at(-1)).toBe('closed')
    expect(calls.filter((call) => call === 'close').length).toBeGreaterThan(1)
  })
})

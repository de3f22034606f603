import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { printSignerPrompt } from '../../../src/cli/commands/walletconnect'

describe('printSignerPrompt', () => {
  it('prints a terminal QR code and the wc: link for a pairing, a line for text', async () => {
    const stderr = new PassThrough()
    let out = ''
    stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const uri = `wc:${'ab'.repeat(32)}@2?relay-protocol=irn&symKey=${'cd'.repeat(32)}&expiryTimestamp=1800000000`
    await printSignerPrompt({ kind: 'walletconnect-uri', uri, expiresAt: 1_800_000_000_000 }, stderr)
    await printSignerPrompt({ kind: 'text', text: 'Approve on your phone.' }, stderr)
    expect(out).toContain('Scan this QR code')
    expect(out).toMatch(/[▀▄█]/)
    expect(out).toContain(`\n${uri}\n`)
    expect(out.endsWith('Approve on your phone.\n')).toBe(true)
  })
})

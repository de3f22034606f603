import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { probeRelay } from '../../../src/main/signers/walletconnect/relay-probe'
import { startTestRelay } from '../../fixtures/walletconnect/relay'

describe('probeRelay', () => {
  it('a relay that accepts the socket is reachable', async () => {
    const relay = await startTestRelay()
    try {
      expect(await probeRelay(relay.url, 2_000)).toBe(true)
    } finally {
      await relay.close()
    }
  })

  it('a server that refuses the handshake (no auth token) is still reachable', async () => {
    const server = createServer((_request, response) => response.writeHead(401).end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      expect(await probeRelay(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, 2_000)).toBe(true)
    } finally {
      server.close()
    }
  })

  it('nothing listening, or silence until the timeout, is unreachable', async () => {
    const silent = createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as AddressInfo).port
    try {
      expect(await probeRelay(`ws://127.0.0.1:${port}`, 300)).toBe(false)
    } finally {
      silent.closeAllConnections()
      silent.close()
    }
    expect(await probeRelay(`ws://127.0.0.1:${port}`, 2_000)).toBe(false)
  })
})

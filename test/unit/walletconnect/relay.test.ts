import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { clientKey, startTestRelay, type TestRelay } from '../../fixtures/walletconnect/relay'

function jwt(iss: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({ iss, sub: 'x', aud: 'ws://127.0.0.1', iat: 1, exp: 2 })}.c2ln`
}

/** A raw relay client: sends frames, collects frames, acks pushes. */
async function connect(relay: TestRelay, iss: string) {
  const socket = new WebSocket(`${relay.url}/?auth=${jwt(iss)}&projectId=test`)
  const frames: string[] = []
  socket.on('message', (data) => {
    const text = data.toString()
    frames.push(text)
    const frame = JSON.parse(text) as { id: string; method?: string }
    if (frame.method === 'irn_subscription') socket.send(JSON.stringify({ id: frame.id, jsonrpc: '2.0', result: true }))
  })
  await new Promise((resolve) => socket.once('open', resolve))
  const wait = async (predicate: (frame: string) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const found = frames.find(predicate)
      if (found) return found
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error('frame not received')
  }
  return { socket, frames, wait, send: (text: string) => socket.send(text) }
}

describe('test relay', () => {
  let relay: TestRelay
  beforeEach(async () => {
    relay = await startTestRelay({ pingIntervalMs: 50 })
  })
  afterEach(async () => {
    await relay.close()
  })

  it('echoes string ids and big numeric ids verbatim; unknown methods get -32601', async () => {
    const client = await connect(relay, 'did:key:a')
    client.send('{"id":"1234567890123456789","jsonrpc":"2.0","method":"irn_subscribe","params":{"topic":"t1"}}')
    expect(await client.wait((frame) => frame.startsWith('{"id":"1234567890123456789"'))).toMatch(/"result":"[0-9a-f]{64}"/)
    client.send('{"id":1234567890123456789,"jsonrpc":"2.0","method":"irn_nope","params":{}}')
    expect(await client.wait((frame) => frame.startsWith('{"id":1234567890123456789,'))).toContain('-32601')
    client.socket.close()
  })

  it('delivers stored messages to late subscribers, not back to the publisher, and stops after an ack', async () => {
    const alice = await connect(relay, 'did:key:alice')
    alice.send(JSON.stringify({ id: '1', jsonrpc: '2.0', method: 'irn_subscribe', params: { topic: 'room' } }))
    alice.send(JSON.stringify({ id: '2', jsonrpc: '2.0', method: 'irn_publish', params: { topic: 'room', message: 'hello', ttl: 300, tag: 1108 } }))
    await alice.wait((frame) => frame.startsWith('{"id":"2"'))
    const bob = await connect(relay, 'did:key:bob')
    bob.send(JSON.stringify({ id: '3', jsonrpc: '2.0', method: 'irn_subscribe', params: { topic: 'room' } }))
    const push = JSON.parse(await bob.wait((frame) => frame.includes('irn_subscription'))) as { params: { data: { message: string; tag: number } } }
    expect(push.params.data).toMatchObject({ message: 'hello', tag: 1108 })
    expect(alice.frames.some((frame) => frame.includes('irn_subscription'))).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(relay.stats.acked).toBe(1)
    expect(relay.stats.pings).toBeGreaterThan(0)
    alice.socket.close()
    bob.socket.close()
  })

  it('wc_proposeSession and wc_approveSession publish on the right topics and subscribe the sender', async () => {
    const dapp = await connect(relay, 'did:key:dapp')
    const wallet = await connect(relay, 'did:key:wallet')
    dapp.send(JSON.stringify({ id: '1', jsonrpc: '2.0', method: 'wc_proposeSession', params: { pairingTopic: 'p', sessionProposal: 'prop', ttl: 300 } }))
    wallet.send(JSON.stringify({ id: '2', jsonrpc: '2.0', method: 'irn_subscribe', params: { topic: 'p' } }))
    expect(await wallet.wait((frame) => frame.includes('"prop"'))).toContain('"tag":1100')
    wallet.send(
      JSON.stringify({
        id: '3',
        jsonrpc: '2.0',
        method: 'wc_approveSession',
        params: { sessionTopic: 's', pairingTopic: 'p', sessionProposalResponse: 'resp', sessionSettlementRequest: 'settle', ttl: 300 },
      }),
    )
    // The dapp is on the pairing topic (subscribed by wc_proposeSession) and gets the response...
    expect(await dapp.wait((frame) => frame.includes('"resp"'))).toContain('"tag":1101')
    // ...and the settle request waits on the session topic until the dapp subscribes to it.
    dapp.send(JSON.stringify({ id: '4', jsonrpc: '2.0', method: 'irn_subscribe', params: { topic: 's' } }))
    expect(await dapp.wait((frame) => frame.includes('"settle"'))).toContain('"tag":1102')
    dapp.socket.close()
    wallet.socket.close()
  })

  it('reads the client id from the auth JWT', () => {
    expect(clientKey(`/?auth=${jwt('did:key:z6Mk')}&ua=x`)).toBe('did:key:z6Mk')
    expect(clientKey('/?projectId=x')).toBeUndefined()
  })
})

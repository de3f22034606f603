import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createNumerBayClient, createSession } from '../../../src/main/numerbay'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import type { DemoServerHandle } from '../../../src/demo-server'
import { DEMO_ADDRESS, DEMO_WALLET_KEY, startTestDemoServer } from '../../helpers/demo-server'

const fastRetry = { retries: 3, minTimeoutMs: 5, maxTimeoutMs: 20 }

describe('sign-in against the demo server', () => {
  let demo: DemoServerHandle
  beforeEach(async () => {
    demo = await startTestDemoServer()
  })
  afterEach(async () => {
    await demo.close()
  })

  it('signs in with a wallet: lower-cased address, nonce, personal_sign', async () => {
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry })
    const result = await client.signInWithWallet(createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY)))
    expect(result.user.username).toBe('demo-buyer')
    expect(result.user.public_address).toBe(DEMO_ADDRESS.toLowerCase())
    expect(result.method).toBe('wallet')
    expect(client.signedIn).toBe(true)
    const me = await client.getMe()
    expect(me.id).toBe(1)
    expect(me.public_key_v2).toMatch(/^[A-Za-z0-9+/]{43}=$/)
  })

  it('sends the checksummed address lower-cased, so no second account is created', async () => {
    const usersBefore = demo.state.users.length
    const signer = createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY))
    expect(await signer.address()).toBe(DEMO_ADDRESS) // the signer reports the EIP-55 form
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry })
    await client.signInWithWallet(signer)
    expect(demo.state.users.length).toBe(usersBefore)
    // The quirk itself: the checksummed form is a different string to NumerBay and silently creates an account.
    await fetch(`${demo.apiUrl}/login/nonce`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ public_address: DEMO_ADDRESS }) })
    expect(demo.state.users.length).toBe(usersBefore + 1)
    expect(demo.state.users.at(-1)).toMatchObject({ public_address: DEMO_ADDRESS, is_active: false })
  })

  it('signs in with username and password (form-encoded)', async () => {
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry })
    const result = await client.signInWithPassword('password-buyer', 'demo-password')
    expect(result.user.username).toBe('password-buyer')
    expect(result.method).toBe('password')
    const orders = await client.searchOrders()
    expect(orders.data.map((o) => o.id)).toEqual([201])
    const storageEntry = demo.requests.find((r) => r.path.endsWith('/login/access-token'))
    expect(storageEntry?.status).toBe(200)
  })

  it('reports a wrong password as a sign-in failure with the server detail', async () => {
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry })
    await expect(client.signInWithPassword('password-buyer', 'nope')).rejects.toMatchObject({ code: 'API_SIGN_IN_FAILED', detail: 'HTTP 400: Incorrect username or password' })
    expect(client.signedIn).toBe(false)
  })

  it('turns an expired token into API_SESSION_EXPIRED, and a session signs in again', async () => {
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry })
    const signer = createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY))
    let signIns = 0
    const session = createSession(client, async (c) => {
      signIns++
      return c.signInWithWallet(signer)
    })
    expect((await session.run((c) => c.getMe())).id).toBe(1)
    demo.faults.expireTokens()
    await expect(client.getMe()).rejects.toMatchObject({ code: 'API_SESSION_EXPIRED', detail: 'HTTP 403: Could not validate credentials' })
    expect(client.signedIn).toBe(false)
    expect((await session.run((c) => c.getMe())).id).toBe(1)
    expect(signIns).toBe(2)
  })

  it('expires the token client-side after its lifetime without calling the server', async () => {
    let now = Date.now()
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry, now: () => now })
    await client.signInWithPassword('password-buyer', 'demo-password')
    now += 8 * 24 * 3600 * 1000 + 1
    const before = demo.requests.length
    await expect(client.getMe()).rejects.toMatchObject({ code: 'API_SESSION_EXPIRED' })
    expect(demo.requests.length).toBe(before)
  })

  it('retries 5xx answers with backoff and succeeds', async () => {
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry })
    demo.faults.failApi(2)
    const globals = await client.getGlobals()
    expect(globals.selling_round).toBe(520)
    expect(demo.requests.filter((r) => r.path.endsWith('/globals/')).map((r) => r.status)).toEqual([500, 500, 200])
  })

  it('gives up after the retries with API_SERVER_ERROR', async () => {
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5 } })
    demo.faults.failApi(5, 502)
    await expect(client.getGlobals()).rejects.toMatchObject({ code: 'API_SERVER_ERROR', detail: 'HTTP 502: Internal Server Error' })
    expect(demo.faults.state.apiFailures).toBe(2)
  })

  it('does not retry a 4xx', async () => {
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry })
    await client.signInWithPassword('password-buyer', 'demo-password')
    const before = demo.requests.length
    await expect(client.listOrderArtifacts(999)).rejects.toMatchObject({ code: 'API_NOT_FOUND', detail: 'HTTP 404: Order not found' })
    expect(demo.requests.length - before).toBe(1)
  })

  it('maps malformed JSON to API_BAD_RESPONSE', async () => {
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry })
    await client.signInWithPassword('password-buyer', 'demo-password')
    demo.faults.malformApi(1)
    await expect(client.getMe()).rejects.toMatchObject({ code: 'API_BAD_RESPONSE' })
    demo.faults.malformApi(1, '{"id": "seven", "username": "x"}')
    const error = await client.getMe().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'API_BAD_RESPONSE' })
    expect((error as { detail: string }).detail).toContain('id')
    expect((await client.getMe()).id).toBe(3)
  })

  it('reports an unreachable server as API_UNREACHABLE after retrying', async () => {
    const origin = demo.apiUrl
    await demo.close()
    const client = createNumerBayClient({ baseUrl: origin, retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 2 } })
    await expect(client.getGlobals()).rejects.toMatchObject({ code: 'API_UNREACHABLE' })
    demo = await startTestDemoServer()
  })

  it('times out a request that hangs', async () => {
    demo.faults.latency(500)
    const client = createNumerBayClient({ baseUrl: demo.apiUrl, timeoutMs: 100, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } })
    await expect(client.getGlobals()).rejects.toMatchObject({ code: 'API_TIMEOUT' })
  })
})

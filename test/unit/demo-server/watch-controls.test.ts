// The demo server's controls for watch mode (publish, rollover, storm, expire tokens, hash corruption), through
// its admin route and through the CLI against a running server.
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isLoopbackAddress, type DemoServerHandle } from '../../../src/demo-server'
import { parseGoogHash, storageHashesOf } from '../../../src/main/downloads/storage-hash'
import { runCliInProcess } from '../../helpers/cli'
import { startTestDemoServer } from '../../helpers/demo-server'

async function login(demo: DemoServerHandle, username = 'password-buyer', password = 'demo-password'): Promise<string> {
  const response = await fetch(`${demo.apiUrl}/login/access-token`, { method: 'POST', body: new URLSearchParams({ username, password }) })
  return ((await response.json()) as { access_token: string }).access_token
}

async function get(demo: DemoServerHandle, path: string, token?: string): Promise<Response> {
  return fetch(`${demo.apiUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
}

async function admin(demo: DemoServerHandle, action: string, body: unknown = {}): Promise<Response> {
  return fetch(`${demo.origin}/__demo/${action}`, { method: 'POST', headers: { authorization: `Bearer ${demo.adminToken}` }, body: JSON.stringify(body) })
}

describe('demo server watch controls (admin route)', () => {
  let demo: DemoServerHandle
  beforeEach(async () => {
    demo = await startTestDemoServer()
  })
  afterEach(async () => {
    await demo.close()
  })

  it('publishes a file sealed to the order’s buyer key, listed at once for that buyer', async () => {
    const token = await login(demo)
    const before = (await (await get(demo, '/artifacts/?order_id=201', token)).json()) as { total: number }
    const published = await admin(demo, 'publish', { order: 201, content: 'id,prediction\nx,0.5\n', filename: 'late.csv' })
    expect(published.status).toBe(200)
    const artifact = (await published.json()) as { id: string; object_name: string; object_size: number; round_tournament: number; kind: string }
    expect(artifact).toMatchObject({ kind: 'order', round_tournament: 520, object_size: 20 + 48 })
    expect(artifact.object_name).toMatch(/^numerai-predictions-demo-alpha_520_[0-9a-f]{32}\.csv$/)
    const after = (await (await get(demo, '/artifacts/?order_id=201', token)).json()) as { total: number; data: { id: string }[] }
    expect(after.total).toBe(before.total + 1)
    expect(after.data.map((a) => a.id)).toContain(artifact.id)
    // Sealed: the stored bytes are not the plaintext, and no hashes are stated for them.
    const url = (await (await get(demo, `/artifacts/${artifact.id}/generate-download-url`, token)).json()) as string
    const response = await fetch(url)
    expect(response.headers.get('x-goog-hash')).toBeNull()
    expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).not.toContain('prediction')
  })

  it('states x-goog-hash for plain objects (one header per hash, on ranged reads too), and corrupts it on request', async () => {
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const content = 'era,prediction\n1,0.25\n'
    const artifact = (await (await admin(demo, 'publish', { product: 3, content })).json()) as { id: number }
    const urlOf = async () => (await (await get(demo, `/products/3/artifacts/${artifact.id}/generate-download-url`, seller)).json()) as string
    const expected = storageHashesOf(Buffer.from(content))
    const full = await fetch(await urlOf())
    expect(parseGoogHash(full.headers.get('x-goog-hash'))).toEqual(expected)
    expect(Buffer.from(await full.arrayBuffer()).toString()).toBe(content)
    const ranged = await fetch(await urlOf(), { headers: { range: 'bytes=5-' } })
    expect(ranged.status).toBe(206)
    expect(parseGoogHash(ranged.headers.get('x-goog-hash'))).toEqual(expected)
    await ranged.arrayBuffer()
    expect((await admin(demo, 'faults/corrupt-hash', { count: 1 })).status).toBe(200)
    const corrupted = parseGoogHash((await fetch(await urlOf())).headers.get('x-goog-hash'))
    expect(corrupted?.crc32c).not.toBe(expected.crc32c)
    expect(corrupted?.md5).not.toBe(expected.md5)
    expect(parseGoogHash((await fetch(await urlOf())).headers.get('x-goog-hash'))).toEqual(expected)
    // The known CRC32C check value ("123456789" → 0xE3069283), as GCS encodes it.
    expect(storageHashesOf(Buffer.from('123456789')).crc32c).toBe(Buffer.from('e3069283', 'hex').toString('base64'))
    expect(storageHashesOf(Buffer.from('abc')).md5).toBe(createHash('md5').update('abc').digest('base64'))
  })

  it('rolls over: is_doing_round_rollover for a while, then the next round; older files drop from the listing and downloads get 403', async () => {
    const token = await login(demo)
    const artifact = demo.state.artifacts.find((a) => a.order_id === 201)!
    const startedAt = Date.now()
    const started = (await (await admin(demo, 'rollover', { durationMs: 300 })).json()) as { selling_round: number; is_doing_round_rollover: boolean }
    expect(started).toMatchObject({ selling_round: 520, is_doing_round_rollover: true })
    expect(await (await get(demo, '/globals/')).json()).toMatchObject({ selling_round: 520, is_doing_round_rollover: true })
    // Still selling round 520 while the flag is up: the file can still be fetched.
    expect((await get(demo, `/artifacts/${artifact.id}/generate-download-url`, token)).status).toBe(200)
    expect((await admin(demo, 'rollover', { durationMs: 10 })).status).toBe(400)
    let globals: { selling_round: number; is_doing_round_rollover: boolean }
    do {
      await new Promise((resolve) => setTimeout(resolve, 50))
      globals = (await (await get(demo, '/globals/')).json()) as typeof globals
    } while (globals.is_doing_round_rollover && Date.now() - startedAt < 5000)
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290)
    expect(globals).toMatchObject({ selling_round: 521, is_doing_round_rollover: false })
    const denied = await get(demo, `/artifacts/${artifact.id}/generate-download-url`, token)
    expect([denied.status, await denied.json()]).toEqual([403, { detail: 'Not enough permissions' }])
    expect(artifact.state).toBe('pruned')
    // A multi-round order (102 covers 520-522) still lists, but only the new round's files: none yet.
    const buyer = await login(demo, 'demo-seller', 'seller-password')
    const listing = (await (await get(demo, '/artifacts/?order_id=102', buyer)).json()) as { total: number }
    expect(listing.total).toBe(0)
    const immediate = (await (await admin(demo, 'rollover')).json()) as { selling_round: number }
    expect(immediate).toMatchObject({ selling_round: 522, is_doing_round_rollover: false })
  })

  it('storms: 503 with Retry-After on the API for a count of responses, logged with the time of each request', async () => {
    expect((await admin(demo, 'storm', { target: 'api', count: 2, retryAfter: 2 })).status).toBe(200)
    const first = await get(demo, '/globals/')
    expect([first.status, first.headers.get('retry-after')]).toEqual([503, '2'])
    expect((await get(demo, '/globals/')).status).toBe(503)
    expect((await get(demo, '/globals/')).status).toBe(200)
    const api = demo.requests.filter((r) => r.kind === 'api')
    expect(api.map((r) => [r.status, r.retryAfter])).toEqual([
      [503, '2'],
      [503, '2'],
      [200, undefined],
    ])
    expect(api.every((r) => typeof r.at === 'number' && r.at > 0)).toBe(true)
    const log = (await (await admin(demo, 'requests')).json()) as { at: number; retryAfter?: string }[]
    expect(log.filter((r) => r.retryAfter === '2')).toHaveLength(2)
  })

  it('storms: 429 with an HTTP-date Retry-After on storage for a while, API untouched', async () => {
    const date = new Date(Date.now() + 5000).toUTCString()
    await admin(demo, 'storm', { target: 'storage', status: 429, retryAfter: date, durationMs: 250 })
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const artifact = demo.state.artifacts.find((a) => a.kind === 'product')!
    const url = (await (await get(demo, `/products/3/artifacts/${artifact.id}/generate-download-url`, seller)).json()) as string
    const slowed = await fetch(url)
    expect([slowed.status, slowed.headers.get('retry-after')]).toEqual([429, date])
    expect(await slowed.text()).toContain('<Code>SlowDown</Code>')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await fetch(url)).status).toBe(200)
  })

  it('expires every token issued so far (403 Could not validate credentials); a new sign-in works', async () => {
    const token = await login(demo)
    expect((await get(demo, '/users/me', token)).status).toBe(200)
    expect((await admin(demo, 'expire-tokens')).status).toBe(200)
    const expired = await get(demo, '/users/me', token)
    expect([expired.status, await expired.json()]).toEqual([403, { detail: 'Could not validate credentials' }])
    expect((await get(demo, '/users/me', await login(demo))).status).toBe(200)
  })

  it('refuses bad admin input with 400 and a reason', async () => {
    expect((await admin(demo, 'publish', { order: 201, product: 3 })).status).toBe(400)
    expect((await admin(demo, 'publish', { order: 999 })).status).toBe(400)
    expect((await admin(demo, 'storm', { status: 500 })).status).toBe(400)
    expect((await admin(demo, 'storm', { target: 'db' })).status).toBe(400)
  })

  it('serves admin routes to loopback clients only', () => {
    expect(['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([true, true, true, true])
    expect(['10.0.0.2', '192.168.1.1', '::ffff:10.0.0.1', 'fe80::1', '', undefined].map(isLoopbackAddress)).toEqual([false, false, false, false, false, false])
  })
})

describe('demo-server CLI controls against a running server', () => {
  let demo: DemoServerHandle
  beforeEach(async () => {
    demo = await startTestDemoServer()
  })
  afterEach(async () => {
    await demo.close()
  })

  it('publish, storm, rollover and expire-tokens change the running server', async () => {
    const auth = ['--url', demo.apiUrl, '--admin-token', demo.adminToken]
    const published = await runCliInProcess(['demo-server', 'publish', '--order', '201', '--text', 'a,b\n', ...auth])
    expect(published).toMatchObject({ code: 0, stderr: '' })
    expect(published.stdout).toMatch(/^Published numerai-predictions-demo-alpha_520_[0-9a-f]{32}\.csv \(artifact [0-9a-f]{32}, round 520, 52 bytes\)\.\n$/)
    const json = await runCliInProcess(['demo-server', 'publish', '--product', '3', '--size', '4096', '--json', ...auth])
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'product', object_size: 4096 })

    const storm = await runCliInProcess(['demo-server', 'storm', '--target', 'api', '--status', '429', '--count', '1', ...auth])
    expect(storm.stdout).toBe('Storm on api: 429 with Retry-After: 2 for 1 responses.\n')
    expect((await get(demo, '/globals/')).status).toBe(429)

    const rollover = await runCliInProcess(['demo-server', 'rollover', ...auth], { env: {} })
    expect(rollover.stdout).toBe('Selling round is now 521; older per-round files were pruned.\n')
    expect(demo.state.globals.selling_round).toBe(521)

    const token = await login(demo)
    const expire = await runCliInProcess(['demo-server', 'expire-tokens'], { env: { NUMERBAY_DEMO_URL: demo.origin, NUMERBAY_DEMO_ADMIN_TOKEN: demo.adminToken } })
    expect(expire.code).toBe(0)
    expect((await get(demo, '/users/me', token)).status).toBe(403)
  })

  it('explains a wrong token, a missing server, a remote URL and bad options', async () => {
    const wrong = await runCliInProcess(['demo-server', 'expire-tokens', '--url', demo.apiUrl, '--admin-token', 'nope'])
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringContaining('refused the admin token')])
    const remote = await runCliInProcess(['demo-server', 'expire-tokens', '--url', 'https://numerbay.ai/backend-api/v1', '--admin-token', 'x'])
    expect([remote.code, remote.stderr]).toEqual([2, expect.stringContaining('must be the local demo server')])
    const both = await runCliInProcess(['demo-server', 'publish', '--order', '1', '--product', '3', '--url', demo.apiUrl, '--admin-token', demo.adminToken])
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('exactly one of --order or --product')])
    const duration = await runCliInProcess(['demo-server', 'rollover', '--duration', 'soon', '--url', demo.apiUrl, '--admin-token', demo.adminToken])
    expect([duration.code, duration.stderr]).toEqual([2, expect.stringContaining('--duration must be a duration')])
    const origin = demo.origin
    await demo.close()
    const gone = await runCliInProcess(['demo-server', 'expire-tokens', '--url', origin, '--admin-token', 'x'])
    expect([gone.code, gone.stderr]).toEqual([1, expect.stringContaining(`No demo server answers at ${origin}`)])
    demo = await startTestDemoServer()
  })
})

import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatedStream, type DemoServerHandle } from '../../../src/demo-server'
import { startTestDemoServer } from '../../helpers/demo-server'

async function login(demo: DemoServerHandle, username = 'password-buyer', password = 'demo-password'): Promise<string> {
  const response = await fetch(`${demo.apiUrl}/login/access-token`, { method: 'POST', body: new URLSearchParams({ username, password }) })
  return ((await response.json()) as { access_token: string }).access_token
}

async function api(demo: DemoServerHandle, path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (init.token) headers.set('authorization', `Bearer ${init.token}`)
  if (typeof init.body === 'string') headers.set('content-type', 'application/json')
  return fetch(`${demo.apiUrl}${path}`, { ...init, headers, redirect: 'manual' })
}

async function sha256(stream: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of stream) hash.update(chunk)
  return hash.digest('hex')
}

describe('demo server', () => {
  let demo: DemoServerHandle
  let buyerToken: string
  beforeAll(async () => {
    demo = await startTestDemoServer()
    buyerToken = await login(demo, 'password-buyer')
  })
  afterAll(async () => {
    await demo.close()
  })

  it('redirects /globals and /artifacts without the trailing slash (307)', async () => {
    const globals = await api(demo, '/globals')
    expect(globals.status).toBe(307)
    expect(globals.headers.get('location')).toBe(`${demo.apiUrl}/globals/`)
    const artifacts = await api(demo, '/artifacts?order_id=201', { token: buyerToken })
    expect(artifacts.status).toBe(307)
    expect(artifacts.headers.get('location')).toBe(`${demo.apiUrl}/artifacts/?order_id=201`)
  })

  it('answers FastAPI-shaped errors: 401 Not authenticated, 403 bad token, 422 list', async () => {
    const none = await api(demo, '/users/me')
    expect([none.status, await none.json()]).toEqual([401, { detail: 'Not authenticated' }])
    const bad = await api(demo, '/users/me', { token: 'a.b.c' })
    expect([bad.status, await bad.json()]).toEqual([403, { detail: 'Could not validate credentials' }])
    const json = await api(demo, '/login/access-token', { method: 'POST', body: JSON.stringify({ username: 'x', password: 'y' }) })
    expect(json.status).toBe(422)
    expect(((await json.json()) as { detail: unknown[] }).detail).toBeInstanceOf(Array)
  })

  it('download URL routes answer a bare JSON string, and {"detail"} on errors', async () => {
    const artifacts = (await (await api(demo, '/artifacts/?order_id=201', { token: buyerToken })).json()) as { data: { id: string }[] }
    const url = await (await api(demo, `/artifacts/${artifacts.data[0]!.id}/generate-download-url`, { token: buyerToken })).json()
    expect(typeof url).toBe('string')
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/storage\/.+X-Goog-Expires=600/)
    const missing = await api(demo, '/artifacts/nope/generate-download-url', { token: buyerToken })
    expect([missing.status, await missing.json()]).toEqual([404, { detail: 'Artifact not found' }])
  })

  it('PUT /users/me resets omitted socials and re-keys only confirmed current-round orders', async () => {
    const token = await login(demo, 'password-buyer')
    const put = await api(demo, '/users/me', { method: 'PUT', token, body: JSON.stringify({ social_twitter: '@x' }) })
    expect(((await put.json()) as { social_twitter: string }).social_twitter).toBe('@x')
    const wiped = await api(demo, '/users/me', { method: 'PUT', token, body: JSON.stringify({ public_key: 'only-one' }) })
    const user = (await wiped.json()) as Record<string, unknown>
    expect(user.social_twitter).toBeNull()
    expect(user.public_key_v2).not.toBe('only-one') // both keys are needed
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const rekey = await api(demo, '/users/me', { method: 'PUT', token: seller, body: JSON.stringify({ public_key: 'K', encrypted_private_key: 'E', public_key_v2: 'ignored' }) })
    expect(await rekey.json()).toMatchObject({ public_key_v2: 'K', encrypted_private_key_v2: 'E', public_key: null })
  })

  it('links a wallet to a password account with a signed nonce (GET /login/nonce, PUT /users/me)', async () => {
    const { createKeySigner, parsePrivateKeyHex } = await import('../../../src/main/signers/software-key')
    const { signatureToHex } = await import('../../../src/main/signers/signature')
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const { nonce } = (await (await api(demo, '/login/nonce', { token: seller })).json()) as { nonce: string }
    const signer = createKeySigner(parsePrivateKeyHex('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'))
    const address = (await signer.address()).toLowerCase()
    const bad = await api(demo, '/users/me', { method: 'PUT', token: seller, body: JSON.stringify({ public_address: address, signature: `0x${'11'.repeat(65)}` }) })
    expect([bad.status, await bad.json()]).toEqual([400, { detail: 'Invalid signature' }])
    const signature = signatureToHex(await signer.signPersonalMessage(new TextEncoder().encode(`I am signing my one-time nonce: ${nonce}`)))
    const linked = await api(demo, '/users/me', { method: 'PUT', token: seller, body: JSON.stringify({ public_address: address, signature }) })
    expect(((await linked.json()) as { public_address: string }).public_address).toBe(address)
  })

  it('serves Range requests (206, Content-Range) and counts bytes per object', async () => {
    const artifact = demo.state.artifacts.find((a) => a.kind === 'product')!
    const search = (await (await api(demo, '/orders/search', { method: 'POST', token: await login(demo, 'demo-seller', 'seller-password'), body: '{}' })).json()) as { total: number }
    expect(search.total).toBeGreaterThan(0)
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const url = (await (await api(demo, `/products/${artifact.product_id}/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    const full = Buffer.from(await (await fetch(url)).arrayBuffer())
    const partial = await fetch(url, { headers: { range: 'bytes=10-' } })
    expect(partial.status).toBe(206)
    expect(partial.headers.get('content-range')).toBe(`bytes 10-${full.length - 1}/${full.length}`)
    expect(Buffer.from(await partial.arrayBuffer())).toEqual(full.subarray(10))
    const beyond = await fetch(url, { headers: { range: `bytes=${full.length}-` } })
    expect(beyond.status).toBe(416)
    expect(demo.bytesServed(artifact.object_name)).toBe(full.length + full.length - 10)
  })

  it('sends storage bodies no faster than the throttle, and at full speed again once it is lifted', async () => {
    const artifact = await demo.addArtifact({ product: 3, generated: { size: 120_000, seed: 'slow' } })
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const url = (await (await api(demo, `/products/3/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    const throttled = await fetch(`${demo.origin}/__demo/faults/throttle`, { method: 'POST', headers: { authorization: `Bearer ${demo.adminToken}` }, body: JSON.stringify({ bytesPerSecond: 200_000 }) })
    expect(throttled.status).toBe(200)
    expect(demo.faults.state.throughputBytesPerSecond).toBe(200_000)
    const started = Date.now()
    let slow: Buffer
    try {
      slow = Buffer.from(await (await fetch(url)).arrayBuffer())
    } finally {
      demo.faults.throttle(0)
    }
    const slowMs = Date.now() - started
    expect(slow.length).toBe(120_000)
    // 120 kB at 200 kB/s in pieces of 20 kB, each followed by its 0.1 s: the last pause comes after the body.
    expect(slowMs).toBeGreaterThanOrEqual(480)
    const fast = Buffer.from(await (await fetch(url)).arrayBuffer())
    expect(fast).toEqual(slow)
  })

  it('serves generated content deterministically, streamed', async () => {
    const artifact = await demo.addArtifact({ product: 3, generated: { size: 3 * 1024 * 1024 + 17, seed: 'unit' } })
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const url = (await (await api(demo, `/products/3/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    const response = await fetch(url)
    const got = createHash('sha256').update(Buffer.from(await response.arrayBuffer())).digest('hex')
    expect(got).toBe(await sha256(generatedStream('unit', 3 * 1024 * 1024 + 17)))
  })

  it('expires URLs like GCS (403 XML) and rejects tampered signatures', async () => {
    const artifact = demo.state.artifacts.find((a) => a.kind === 'product')!
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const url = (await (await api(demo, `/products/${artifact.product_id}/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    const forged = await fetch(url.replace(/X-Goog-Signature=[0-9a-f]/, 'X-Goog-Signature=z'))
    expect(forged.status).toBe(403)
    expect(await forged.text()).toContain('SignatureDoesNotMatch')
    demo.faults.expireIssuedUrls()
    const expired = await fetch(url)
    expect(expired.status).toBe(403)
    const body = await expired.text()
    expect(body).toContain('<Code>AccessDenied</Code>')
    expect(body).toContain('Request has expired')
    await new Promise((r) => setTimeout(r, 5))
    const fresh = (await (await api(demo, `/products/${artifact.product_id}/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    expect((await fetch(fresh)).status).toBe(200)
  })

  it('drops the connection mid-body after K bytes when asked', async () => {
    const artifact = demo.state.artifacts.find((a) => a.order_id === 108)!
    const token = await login(demo, 'demo-seller', 'seller-password')
    const url = (await (await api(demo, `/artifacts/${artifact.id}/generate-download-url`, { token })).json()) as string
    demo.faults.resetStorage(1, 1000)
    const received = await new Promise<{ bytes: number; error: boolean }>((resolve) => {
      let bytes = 0
      request(url, (res) => {
        res.on('data', (chunk: Buffer) => (bytes += chunk.length))
        res.on('error', () => resolve({ bytes, error: true }))
        res.on('end', () => resolve({ bytes, error: false }))
        res.on('aborted', () => resolve({ bytes, error: true }))
      }).end()
    })
    expect(received).toEqual({ bytes: 1000, error: true })
    const last = demo.requests.filter((r) => r.kind === 'storage').at(-1)!
    expect(last).toMatchObject({ bytesSent: 1000, completed: false })
    expect((await fetch(url)).status).toBe(200)
  })

  it('goes quiet mid-body after K bytes when asked, keeping the connection open, and lets small bodies through', async () => {
    const artifact = await demo.addArtifact({ product: 3, generated: { size: 256 * 1024, seed: 'stall' } })
    const small = await demo.addArtifact({ product: 3, generated: { size: 1000, seed: 'stall-small' } })
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const urlOf = async (id: number | string) => (await (await api(demo, `/products/3/artifacts/${id}/generate-download-url`, { token: seller })).json()) as string
    demo.faults.stallStorage(1, 64 * 1024)
    // A small body does not use up the count.
    expect((await (await fetch(await urlOf(small.id))).arrayBuffer()).byteLength).toBe(1000)
    const controller = new AbortController()
    const response = await fetch(await urlOf(artifact.id), { signal: controller.signal })
    const reader = response.body!.getReader()
    let bytes = 0
    const quiet = await new Promise<boolean>((resolve) => {
      const pull = (): void => {
        reader.read().then(({ done, value }) => {
          if (done) return resolve(false)
          bytes += value.length
          pull()
        }, () => resolve(false))
      }
      pull()
      setTimeout(() => resolve(true), 300)
    })
    expect(quiet).toBe(true)
    expect(bytes).toBe(64 * 1024)
    controller.abort()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(demo.requests.filter((r) => r.kind === 'storage').at(-1)).toMatchObject({ bytesSent: 64 * 1024, completed: false })
    expect((await (await fetch(await urlOf(artifact.id))).arrayBuffer()).byteLength).toBe(256 * 1024)
  })

  it('carries a stalled body on, N bytes or to its end, byte for byte, when the stalls are released', async () => {
    const size = 256 * 1024
    const artifact = await demo.addArtifact({ product: 3, generated: { size, seed: 'release' } })
    const seller = await login(demo, 'demo-seller', 'seller-password')
    const url = (await (await api(demo, `/products/3/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    const whole = createHash('sha256').update(Buffer.from(await (await fetch(url)).arrayBuffer())).digest('hex')
    demo.faults.stallStorage(1, 64 * 1024)
    const response = await fetch(url)
    const reader = response.body!.getReader()
    const chunks: Buffer[] = []
    let bytes = 0
    const finished = new Promise<void>((resolve, reject) => {
      const pull = (): void => {
        reader.read().then(({ done, value }) => {
          if (done) return resolve()
          chunks.push(Buffer.from(value))
          bytes += value.length
          pull()
        }, reject)
      }
      pull()
    })
    const quietAt = async (expected: number): Promise<void> => {
      for (let i = 0; i < 400 && bytes < expected; i++) await new Promise((resolve) => setTimeout(resolve, 5))
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(bytes).toBe(expected)
    }
    // Quiet at the stall point until released; a release of N bytes lets exactly N through, then quiet again.
    await quietAt(64 * 1024)
    demo.faults.releaseStalls(1000)
    await quietAt(64 * 1024 + 1000)
    demo.faults.releaseStalls()
    await finished
    expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(whole)
    expect(demo.requests.filter((r) => r.kind === 'storage').at(-1)).toMatchObject({ bytesSent: size, completed: true })
  })

  it('answers storage 5xx and one-off expiry when asked, and serves tampered bytes that no longer open', async () => {
    const artifact = demo.state.artifacts.find((a) => a.order_id === 201)!
    const token = await login(demo, 'password-buyer')
    const url = (await (await api(demo, `/artifacts/${artifact.id}/generate-download-url`, { token })).json()) as string
    const original = Buffer.from(await (await fetch(url)).arrayBuffer())
    demo.faults.failStorage(1)
    expect((await fetch(url)).status).toBe(503)
    demo.faults.expireNextStorage(1)
    const expired = await fetch(url)
    expect([expired.status, (await expired.text()).includes('Request has expired')]).toEqual([403, true])
    await demo.faults.tamper(artifact.object_name, 60)
    const tampered = Buffer.from(await (await fetch(url)).arrayBuffer())
    expect(tampered.length).toBe(original.length)
    expect([...tampered].filter((byte, i) => byte !== original[i]).length).toBe(1)
    expect(tampered[60]).toBe(original[60]! ^ 1)
  })

  it('after a round rollover buyers get 403 and per-round files are pruned; admin route needs its token', async () => {
    const denied = await fetch(`${demo.origin}/__demo/advance-round`, { method: 'POST' })
    expect(denied.status).toBe(401)
    const alphaArtifact = demo.state.artifacts.find((a) => a.order_id === 201)!
    const advanced = await fetch(`${demo.origin}/__demo/advance-round`, { method: 'POST', headers: { authorization: `Bearer ${demo.adminToken}` } })
    expect(await advanced.json()).toEqual({ selling_round: 521 })
    const token = await login(demo, 'password-buyer')
    const url = await api(demo, `/artifacts/${alphaArtifact.id}/generate-download-url`, { token })
    expect([url.status, await url.json()]).toEqual([403, { detail: 'Not enough permissions' }])
    expect(alphaArtifact.state).toBe('pruned')
    const failApi = await fetch(`${demo.origin}/__demo/faults/fail-api`, { method: 'POST', headers: { authorization: `Bearer ${demo.adminToken}` }, body: JSON.stringify({ count: 1 }) })
    expect(failApi.status).toBe(200)
    expect((await api(demo, '/globals/')).status).toBe(500)
    expect((await api(demo, '/globals/')).status).toBe(200)
  })
})

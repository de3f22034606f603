import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatedStream, type SandboxHandle } from '../../../src/sandbox'
import { startTestSandbox } from '../../helpers/sandbox'

async function login(sandbox: SandboxHandle, username = 'password-buyer', password = 'sandbox-password'): Promise<string> {
  const response = await fetch(`${sandbox.apiUrl}/login/access-token`, { method: 'POST', body: new URLSearchParams({ username, password }) })
  return ((await response.json()) as { access_token: string }).access_token
}

async function api(sandbox: SandboxHandle, path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (init.token) headers.set('authorization', `Bearer ${init.token}`)
  if (typeof init.body === 'string') headers.set('content-type', 'application/json')
  return fetch(`${sandbox.apiUrl}${path}`, { ...init, headers, redirect: 'manual' })
}

async function sha256(stream: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of stream) hash.update(chunk)
  return hash.digest('hex')
}

describe('sandbox server', () => {
  let sandbox: SandboxHandle
  let buyerToken: string
  beforeAll(async () => {
    sandbox = await startTestSandbox()
    buyerToken = await login(sandbox, 'password-buyer')
  })
  afterAll(async () => {
    await sandbox.close()
  })

  it('redirects /globals and /artifacts without the trailing slash (307)', async () => {
    const globals = await api(sandbox, '/globals')
    expect(globals.status).toBe(307)
    expect(globals.headers.get('location')).toBe(`${sandbox.apiUrl}/globals/`)
    const artifacts = await api(sandbox, '/artifacts?order_id=201', { token: buyerToken })
    expect(artifacts.status).toBe(307)
    expect(artifacts.headers.get('location')).toBe(`${sandbox.apiUrl}/artifacts/?order_id=201`)
  })

  it('answers FastAPI-shaped errors: 401 Not authenticated, 403 bad token, 422 list', async () => {
    const none = await api(sandbox, '/users/me')
    expect([none.status, await none.json()]).toEqual([401, { detail: 'Not authenticated' }])
    const bad = await api(sandbox, '/users/me', { token: 'a.b.c' })
    expect([bad.status, await bad.json()]).toEqual([403, { detail: 'Could not validate credentials' }])
    const json = await api(sandbox, '/login/access-token', { method: 'POST', body: JSON.stringify({ username: 'x', password: 'y' }) })
    expect(json.status).toBe(422)
    expect(((await json.json()) as { detail: unknown[] }).detail).toBeInstanceOf(Array)
  })

  it('download URL routes answer a bare JSON string, and {"detail"} on errors', async () => {
    const artifacts = (await (await api(sandbox, '/artifacts/?order_id=201', { token: buyerToken })).json()) as { data: { id: string }[] }
    const url = await (await api(sandbox, `/artifacts/${artifacts.data[0]!.id}/generate-download-url`, { token: buyerToken })).json()
    expect(typeof url).toBe('string')
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/storage\/.+X-Goog-Expires=600/)
    const missing = await api(sandbox, '/artifacts/nope/generate-download-url', { token: buyerToken })
    expect([missing.status, await missing.json()]).toEqual([404, { detail: 'Artifact not found' }])
  })

  it('PUT /users/me resets omitted socials and re-keys only confirmed current-round orders', async () => {
    const token = await login(sandbox, 'password-buyer')
    const put = await api(sandbox, '/users/me', { method: 'PUT', token, body: JSON.stringify({ social_twitter: '@x' }) })
    expect(((await put.json()) as { social_twitter: string }).social_twitter).toBe('@x')
    const wiped = await api(sandbox, '/users/me', { method: 'PUT', token, body: JSON.stringify({ public_key: 'only-one' }) })
    const user = (await wiped.json()) as Record<string, unknown>
    expect(user.social_twitter).toBeNull()
    expect(user.public_key_v2).not.toBe('only-one') // both keys are needed
    const seller = await login(sandbox, 'sandbox-seller', 'seller-password')
    const rekey = await api(sandbox, '/users/me', { method: 'PUT', token: seller, body: JSON.stringify({ public_key: 'K', encrypted_private_key: 'E', public_key_v2: 'ignored' }) })
    expect(await rekey.json()).toMatchObject({ public_key_v2: 'K', encrypted_private_key_v2: 'E', public_key: null })
  })

  it('links a wallet to a password account with a signed nonce (GET /login/nonce, PUT /users/me)', async () => {
    const { createKeySigner, parsePrivateKeyHex } = await import('../../../src/main/signers/env')
    const { signatureToHex } = await import('../../../src/main/signers/signature')
    const seller = await login(sandbox, 'sandbox-seller', 'seller-password')
    const { nonce } = (await (await api(sandbox, '/login/nonce', { token: seller })).json()) as { nonce: string }
    const signer = createKeySigner(parsePrivateKeyHex('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'))
    const address = (await signer.address()).toLowerCase()
    const bad = await api(sandbox, '/users/me', { method: 'PUT', token: seller, body: JSON.stringify({ public_address: address, signature: `0x${'11'.repeat(65)}` }) })
    expect([bad.status, await bad.json()]).toEqual([400, { detail: 'Invalid signature' }])
    const signature = signatureToHex(await signer.signPersonalMessage(new TextEncoder().encode(`I am signing my one-time nonce: ${nonce}`)))
    const linked = await api(sandbox, '/users/me', { method: 'PUT', token: seller, body: JSON.stringify({ public_address: address, signature }) })
    expect(((await linked.json()) as { public_address: string }).public_address).toBe(address)
  })

  it('serves Range requests (206, Content-Range) and counts bytes per object', async () => {
    const artifact = sandbox.state.artifacts.find((a) => a.kind === 'product')!
    const search = (await (await api(sandbox, '/orders/search', { method: 'POST', token: await login(sandbox, 'sandbox-seller', 'seller-password'), body: '{}' })).json()) as { total: number }
    expect(search.total).toBeGreaterThan(0)
    const seller = await login(sandbox, 'sandbox-seller', 'seller-password')
    const url = (await (await api(sandbox, `/products/${artifact.product_id}/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    const full = Buffer.from(await (await fetch(url)).arrayBuffer())
    const partial = await fetch(url, { headers: { range: 'bytes=10-' } })
    expect(partial.status).toBe(206)
    expect(partial.headers.get('content-range')).toBe(`bytes 10-${full.length - 1}/${full.length}`)
    expect(Buffer.from(await partial.arrayBuffer())).toEqual(full.subarray(10))
    const beyond = await fetch(url, { headers: { range: `bytes=${full.length}-` } })
    expect(beyond.status).toBe(416)
    expect(sandbox.bytesServed(artifact.object_name)).toBe(full.length + full.length - 10)
  })

  it('serves generated content deterministically, streamed', async () => {
    const artifact = await sandbox.addArtifact({ product: 3, generated: { size: 3 * 1024 * 1024 + 17, seed: 'unit' } })
    const seller = await login(sandbox, 'sandbox-seller', 'seller-password')
    const url = (await (await api(sandbox, `/products/3/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    const response = await fetch(url)
    const got = createHash('sha256').update(Buffer.from(await response.arrayBuffer())).digest('hex')
    expect(got).toBe(await sha256(generatedStream('unit', 3 * 1024 * 1024 + 17)))
  })

  it('expires URLs like GCS (403 XML) and rejects tampered signatures', async () => {
    const artifact = sandbox.state.artifacts.find((a) => a.kind === 'product')!
    const seller = await login(sandbox, 'sandbox-seller', 'seller-password')
    const url = (await (await api(sandbox, `/products/${artifact.product_id}/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    const forged = await fetch(url.replace(/X-Goog-Signature=[0-9a-f]/, 'X-Goog-Signature=z'))
    expect(forged.status).toBe(403)
    expect(await forged.text()).toContain('SignatureDoesNotMatch')
    sandbox.faults.expireIssuedUrls()
    const expired = await fetch(url)
    expect(expired.status).toBe(403)
    const body = await expired.text()
    expect(body).toContain('<Code>AccessDenied</Code>')
    expect(body).toContain('Request has expired')
    await new Promise((r) => setTimeout(r, 5))
    const fresh = (await (await api(sandbox, `/products/${artifact.product_id}/artifacts/${artifact.id}/generate-download-url`, { token: seller })).json()) as string
    expect((await fetch(fresh)).status).toBe(200)
  })

  it('drops the connection mid-body after K bytes when asked', async () => {
    const artifact = sandbox.state.artifacts.find((a) => a.order_id === 108)!
    const token = await login(sandbox, 'sandbox-seller', 'seller-password')
    const url = (await (await api(sandbox, `/artifacts/${artifact.id}/generate-download-url`, { token })).json()) as string
    sandbox.faults.resetStorage(1, 1000)
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
    const last = sandbox.requests.filter((r) => r.kind === 'storage').at(-1)!
    expect(last).toMatchObject({ bytesSent: 1000, completed: false })
    expect((await fetch(url)).status).toBe(200)
  })

  it('goes quiet mid-body after K bytes when asked, keeping the connection open, and lets small bodies through', async () => {
    const artifact = await sandbox.addArtifact({ product: 3, generated: { size: 256 * 1024, seed: 'stall' } })
    const small = await sandbox.addArtifact({ product: 3, generated: { size: 1000, seed: 'stall-small' } })
    const seller = await login(sandbox, 'sandbox-seller', 'seller-password')
    const urlOf = async (id: number | string) => (await (await api(sandbox, `/products/3/artifacts/${id}/generate-download-url`, { token: seller })).json()) as string
    sandbox.faults.stallStorage(1, 64 * 1024)
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
    expect(sandbox.requests.filter((r) => r.kind === 'storage').at(-1)).toMatchObject({ bytesSent: 64 * 1024, completed: false })
    expect((await (await fetch(await urlOf(artifact.id))).arrayBuffer()).byteLength).toBe(256 * 1024)
  })

  it('answers storage 5xx and one-off expiry when asked, and serves tampered bytes that no longer open', async () => {
    const artifact = sandbox.state.artifacts.find((a) => a.order_id === 201)!
    const token = await login(sandbox, 'password-buyer')
    const url = (await (await api(sandbox, `/artifacts/${artifact.id}/generate-download-url`, { token })).json()) as string
    const original = Buffer.from(await (await fetch(url)).arrayBuffer())
    sandbox.faults.failStorage(1)
    expect((await fetch(url)).status).toBe(503)
    sandbox.faults.expireNextStorage(1)
    const expired = await fetch(url)
    expect([expired.status, (await expired.text()).includes('Request has expired')]).toEqual([403, true])
    await sandbox.faults.tamper(artifact.object_name, 60)
    const tampered = Buffer.from(await (await fetch(url)).arrayBuffer())
    expect(tampered.length).toBe(original.length)
    expect([...tampered].filter((byte, i) => byte !== original[i]).length).toBe(1)
    expect(tampered[60]).toBe(original[60]! ^ 1)
  })

  it('after a round rollover buyers get 403 and per-round files are pruned; admin route needs its token', async () => {
    const denied = await fetch(`${sandbox.origin}/__sandbox/advance-round`, { method: 'POST' })
    expect(denied.status).toBe(401)
    const alphaArtifact = sandbox.state.artifacts.find((a) => a.order_id === 201)!
    const advanced = await fetch(`${sandbox.origin}/__sandbox/advance-round`, { method: 'POST', headers: { authorization: `Bearer ${sandbox.adminToken}` } })
    expect(await advanced.json()).toEqual({ selling_round: 521 })
    const token = await login(sandbox, 'password-buyer')
    const url = await api(sandbox, `/artifacts/${alphaArtifact.id}/generate-download-url`, { token })
    expect([url.status, await url.json()]).toEqual([403, { detail: 'Not enough permissions' }])
    expect(alphaArtifact.state).toBe('pruned')
    const failApi = await fetch(`${sandbox.origin}/__sandbox/faults/fail-api`, { method: 'POST', headers: { authorization: `Bearer ${sandbox.adminToken}` }, body: JSON.stringify({ count: 1 }) })
    expect(failApi.status).toBe(200)
    expect((await api(sandbox, '/globals/')).status).toBe(500)
    expect((await api(sandbox, '/globals/')).status).toBe(200)
  })
})

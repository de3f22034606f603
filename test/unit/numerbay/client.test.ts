import { describe, expect, it } from 'vitest'
import { DEFAULT_API_URL, createNumerBayClient, normalizeApiBaseUrl } from '../../../src/main/numerbay'
import { serverRetryAfter } from '../../../src/main/numerbay/http'
import { resolveConfig } from '../../../src/main/config/config'
import { readEnvironment } from '../../../src/main/config/environment'

/** The API address as the CLI and the app choose it (src/main/config), normalised as the client uses it. */
function resolveApiBaseUrl(sources: { flag?: string; env?: NodeJS.ProcessEnv; setting?: string } = {}): string {
  const config = resolveConfig({
    environment: readEnvironment(sources.env ?? {}),
    ...(sources.setting ? { file: { apiUrl: sources.setting } } : {}),
    ...(sources.flag ? { flags: { apiUrl: sources.flag } } : {}),
  })
  return normalizeApiBaseUrl(config.settings.apiUrl)
}

function fakeFetch(answer: (url: string, init: RequestInit) => Response): { fetch: typeof fetch; calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = []
  return {
    calls,
    fetch: (async (input: string | URL | Request, init: RequestInit = {}) => {
      calls.push({ url: String(input), init })
      return answer(String(input), init)
    }) as typeof fetch,
  }
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const login = { access_token: 'secret-token-value', token_type: 'bearer', user: { id: 1, username: 'u' } }

describe('API base URL', () => {
  it('prefers --api, then NUMERBAY_API_URL, then the setting, then numerbay.ai', () => {
    expect(resolveApiBaseUrl()).toBe(DEFAULT_API_URL)
    expect(resolveApiBaseUrl({ setting: 'http://127.0.0.1:9/backend-api/v1/' })).toBe('http://127.0.0.1:9/backend-api/v1')
    expect(resolveApiBaseUrl({ setting: 'https://a.example/v1', env: { NUMERBAY_API_URL: 'https://b.example/v1' } })).toBe('https://b.example/v1')
    expect(resolveApiBaseUrl({ flag: 'https://c.example/v1', env: { NUMERBAY_API_URL: 'https://b.example/v1' } })).toBe('https://c.example/v1')
    expect(() => resolveApiBaseUrl({ flag: 'ftp://x' })).toThrow(/https/)
  })
})

describe('client requests', () => {
  it('sends the password form-encoded and the token as a Bearer header, never in errors', async () => {
    const fake = fakeFetch((url) => (url.endsWith('/login/access-token') ? json(200, login) : json(403, { detail: 'Not enough permissions' })))
    const client = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch: fake.fetch })
    await client.signInWithPassword('u', 'p w&d')
    expect(fake.calls[0]!.init.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded' })
    expect(fake.calls[0]!.init.body).toBe('grant_type=password&username=u&password=p+w%26d')
    const error = await client.orderArtifactDownloadUrl('abc').catch((e: unknown) => e)
    expect(fake.calls[1]!.init.headers).toMatchObject({ authorization: 'Bearer secret-token-value' })
    expect(error).toMatchObject({ code: 'API_FORBIDDEN', detail: 'HTTP 403: Not enough permissions' })
    expect(JSON.stringify(error) + String(error) + (error as Error).message).not.toContain('secret-token-value')
  })

  it('accepts the bare JSON string of generate-download-url and rejects other shapes', async () => {
    let body: unknown = 'https://storage.numerbay.ai/x.csv?X-Goog-Signature=1'
    const fake = fakeFetch((url) => (url.endsWith('/login/access-token') ? json(200, login) : json(200, body)))
    const client = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch: fake.fetch })
    await client.signInWithPassword('u', 'p')
    expect(await client.productArtifactDownloadUrl(1, 2)).toBe(body)
    expect(fake.calls[1]!.url).toBe('https://nb.example/v1/products/1/artifacts/2/generate-download-url')
    body = { url: 'https://storage.numerbay.ai/x.csv' }
    await expect(client.orderArtifactDownloadUrl('a')).rejects.toMatchObject({ code: 'API_BAD_RESPONSE' })
    body = { detail: 'Direct Numerai submission cannot be downloaded' }
    await expect(client.orderArtifactDownloadUrl('a')).rejects.toMatchObject({ code: 'API_REJECTED', detail: 'Direct Numerai submission cannot be downloaded' })
  })

  it('tolerates unknown fields and reports 422 validation lists readably', async () => {
    const fake = fakeFetch((url) =>
      url.endsWith('/globals/') ? json(200, { selling_round: 7, brand_new_field: { x: 1 } }) : json(422, { detail: [{ loc: ['body', 'role'], msg: 'bad', type: 't' }] }),
    )
    const client = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch: fake.fetch })
    expect((await client.getGlobals()).selling_round).toBe(7)
    await expect(client.signInWithPassword('u', 'p')).rejects.toMatchObject({ code: 'API_REJECTED', detail: 'HTTP 422: body.role: bad' })
  })

  it('needs a sign-in before account routes', async () => {
    const client = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch: fakeFetch(() => json(200, {})).fetch })
    await expect(client.getMe()).rejects.toMatchObject({ code: 'API_SIGN_IN_REQUIRED' })
  })
})

describe('cancellation', () => {
  it('stops retrying when the caller aborts, with CANCELLED', async () => {
    const controller = new AbortController()
    let calls = 0
    const fetch = (async () => {
      calls++
      if (calls === 1) setTimeout(() => controller.abort(), 10)
      return new Response('Internal Server Error', { status: 500 })
    }) as typeof globalThis.fetch
    const client = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch, retry: { retries: 5, minTimeoutMs: 200, maxTimeoutMs: 200 } })
    const error = await client.signInWithPassword('u', 'p', { signal: controller.signal }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CANCELLED' })
    expect(calls).toBe(1)
  })
})

describe('Retry-After', () => {
  it('waits what a 503 or 429 asks before trying again, and names a 429 API_BUSY when it persists', async () => {
    const times: number[] = []
    let answers = [new Response('busy', { status: 503, headers: { 'retry-after': '1' } }), json(200, { selling_round: 9 })]
    const fetch = (async () => {
      times.push(performance.now())
      return answers.shift()!
    }) as typeof globalThis.fetch
    const client = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch, retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 } })
    expect((await client.getGlobals()).selling_round).toBe(9)
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(999)

    answers = [0, 1, 2].map(() => new Response('{"detail":"slow down"}', { status: 429, headers: { 'retry-after': '0' } }))
    await expect(client.getGlobals()).rejects.toMatchObject({ code: 'API_BUSY', detail: 'HTTP 429: slow down (asked to wait 0 s)' })
    expect(answers).toHaveLength(0)
  })

  it('does not sit out a Retry-After longer than the cap: it fails at once with what the server asked', async () => {
    let calls = 0
    const fetch = (async () => {
      calls++
      return new Response('Service Unavailable', { status: 503, headers: { 'retry-after': '3600' } })
    }) as typeof globalThis.fetch
    const client = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch, retry: { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 2 } })
    const failure = await client.getGlobals().catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'API_SERVER_ERROR', detail: 'HTTP 503: Service Unavailable (asked to wait 3600 s)' })
    expect(calls).toBe(1)
    // Watch mode reads the wait from the error, to sit it out before its next cycle.
    expect(serverRetryAfter(failure)).toBe(3_600_000)
  })

  it('tells no wait for a failure the server gave none for', async () => {
    const fetch = (async () => new Response('Internal Server Error', { status: 500 })) as typeof globalThis.fetch
    const client = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 2 } })
    const failure = await client.getGlobals().catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'API_SERVER_ERROR' })
    expect(serverRetryAfter(failure)).toBeNull()
    expect(serverRetryAfter(new Error('other'))).toBeNull()
  })
})

describe('stopping a client', () => {
  it('its signal ends a request and the wait before a retry at once, as CANCELLED', async () => {
    let calls = 0
    const fetch = (async () => {
      calls++
      return new Response('busy', { status: 503, headers: { 'retry-after': '60' } })
    }) as typeof globalThis.fetch
    const stop = new AbortController()
    const client = createNumerBayClient({ baseUrl: 'https://nb.example/v1', fetch, retry: { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 2 }, signal: stop.signal })
    const started = performance.now()
    const pending = client.getGlobals()
    setTimeout(() => stop.abort(), 20)
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(calls).toBe(1)
    await expect(client.getGlobals()).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

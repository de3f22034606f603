// A hostile or spoofed API server (issue 14): plain-http API addresses, redirects that would carry the password
// or the token elsewhere, and account fields that end up in file paths.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createNumerBayClient, normalizeApiBaseUrl } from '../../../src/main/numerbay'
import { resolveConfig } from '../../../src/main/config/config'
import { readEnvironment } from '../../../src/main/config/environment'
import { apiUserSchema } from '../../../src/main/numerbay/schemas'
import { settingsPatchSchema, settingsSchema, defaultSettings } from '../../../src/shared/ipc/settings'
import { keyringPath } from '../../../src/main/vault/keyring'

const servers: Server[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

/** A loopback server that records every request and answers with `answer`. */
async function serve(answer: (request: Seen) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      seen.push(request)
      const reply = answer(request)
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(reply.body ?? '')
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen }
}

describe('the API address', () => {
  it('must be https, except for a server on this computer', () => {
    for (const accepted of ['https://numerbay.ai/backend-api/v1', 'http://127.0.0.1:8000/v1', 'http://localhost:3000/v1', 'http://[::1]:9/v1', 'http://127.1.2.3/v1']) {
      expect(() => normalizeApiBaseUrl(accepted)).not.toThrow()
    }
    for (const refused of ['http://numerbay.ai/backend-api/v1', 'http://192.168.1.5/v1', 'http://127.0.0.1.evil.example/v1', 'http://localhost.evil.example/v1', 'https://user:pw@numerbay.ai/v1']) {
      expect(() => normalizeApiBaseUrl(refused), refused).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    }
  })

  it('is checked whether it comes from --api, NUMERBAY_API_URL or the setting', () => {
    // As the CLI and the app choose the address (src/main/config), then as the client checks it.
    const chosen = (layers: { flag?: string; env?: NodeJS.ProcessEnv; setting?: string }) =>
      normalizeApiBaseUrl(
        resolveConfig({ environment: readEnvironment(layers.env ?? {}), ...(layers.setting ? { file: { apiUrl: layers.setting } } : {}), ...(layers.flag ? { flags: { apiUrl: layers.flag } } : {}) }).settings.apiUrl,
      )
    expect(() => chosen({ flag: 'http://nb.example/v1' })).toThrow(/https/)
    expect(() => chosen({ env: { NUMERBAY_API_URL: 'http://nb.example/v1' } })).toThrow(/https/)
    expect(() => chosen({ setting: 'http://nb.example/v1' })).toThrow(/https/)
    expect(() => createNumerBayClient({ baseUrl: 'http://nb.example/v1' })).toThrow(/https/)
  })

  it('cannot be saved as plain http to another machine (the renderer persists it through the settings schema)', () => {
    expect(settingsPatchSchema.safeParse({ apiUrl: 'http://nb.example/v1' }).success).toBe(false)
    expect(settingsSchema.safeParse({ ...defaultSettings, apiUrl: 'http://10.0.0.1/v1' }).success).toBe(false)
    expect(settingsPatchSchema.safeParse({ apiUrl: 'http://127.0.0.1:8123/backend-api/v1' }).success).toBe(true)
    expect(settingsPatchSchema.safeParse({ apiUrl: 'https://nb.example/v1' }).success).toBe(true)
  })
})

describe('redirects', () => {
  it('are refused: the password form is never re-sent to where a 307 points', async () => {
    const elsewhere = await serve(() => ({ status: 200, body: JSON.stringify({ access_token: 't', token_type: 'bearer', user: { id: 1, username: 'u' } }) }))
    const api = await serve(() => ({ status: 307, headers: { location: `${elsewhere.origin}/steal?x=1` } }))
    const client = createNumerBayClient({ baseUrl: `${api.origin}/v1`, retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 } })
    const error = await client.signInWithPassword('alice', 'hunter2').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'API_REDIRECT_REFUSED', detail: `POST /login/access-token: HTTP 307 to ${elsewhere.origin}/steal` })
    expect(elsewhere.seen).toEqual([])
    // Not retried either: one request, and the client is still signed out.
    expect(api.seen).toHaveLength(1)
    expect(client.signedIn).toBe(false)
  })

  it('are refused for authenticated calls: the Bearer token stays with the API host', async () => {
    const elsewhere = await serve(() => ({ status: 200, body: '{}' }))
    const api = await serve((request) =>
      request.url.endsWith('/login/access-token')
        ? { status: 200, body: JSON.stringify({ access_token: 'secret-token', token_type: 'bearer', user: { id: 1, username: 'u' } }) }
        : { status: 302, headers: { location: `${elsewhere.origin}/users/me` } },
    )
    const client = createNumerBayClient({ baseUrl: `${api.origin}/v1` })
    await client.signInWithPassword('alice', 'hunter2')
    await expect(client.getMe()).rejects.toMatchObject({ code: 'API_REDIRECT_REFUSED' })
    await expect(client.orderArtifactDownloadUrl('a'.repeat(32))).rejects.toMatchObject({ code: 'API_REDIRECT_REFUSED' })
    expect(elsewhere.seen).toEqual([])
  })

  it('never come from our own paths: each one carries the slash NumerBay routes declare', async () => {
    // FastAPI answers 307 for "/globals" and "/artifacts" without the slash (protocol §0): we ask for the slashed form.
    const api = await serve((request) => {
      const path = new URL(request.url, 'http://x').pathname
      if (path === '/v1/globals' || path === '/v1/artifacts') return { status: 307, headers: { location: `${path}/` } }
      if (path.endsWith('/login/access-token')) return { status: 200, body: JSON.stringify({ access_token: 't', token_type: 'bearer', user: { id: 1, username: 'u' } }) }
      if (path === '/v1/globals/') return { status: 200, body: JSON.stringify({ selling_round: 1 }) }
      return { status: 200, body: JSON.stringify({ total: 0, data: [] }) }
    })
    const client = createNumerBayClient({ baseUrl: `${api.origin}/v1` })
    await client.signInWithPassword('u', 'p')
    await expect(client.getGlobals()).resolves.toMatchObject({ selling_round: 1 })
    await expect(client.listOrderArtifacts(3)).resolves.toMatchObject({ total: 0 })
    expect(api.seen.map((request) => new URL(request.url, 'http://x').pathname)).toEqual(['/v1/login/access-token', '/v1/globals/', '/v1/artifacts/'])
  })
})

describe('public_address', () => {
  const user = (publicAddress: unknown) => ({ id: 1, username: 'u', public_address: publicAddress })

  it('must be 0x and 40 hex digits when the API sends one (it becomes a keyring file name)', () => {
    expect(apiUserSchema.safeParse(user('../../x/evil')).success).toBe(false)
    expect(apiUserSchema.safeParse(user('0x' + 'a'.repeat(39) + '/')).success).toBe(false)
    expect(apiUserSchema.safeParse(user('0x' + 'a'.repeat(40) + '\n')).success).toBe(false)
    expect(apiUserSchema.parse(user('0xAbCdEf0123456789abcdef0123456789ABCDEF01')).public_address).toBe('0xAbCdEf0123456789abcdef0123456789ABCDEF01')
    // "" is how NumerBay stores a disconnected wallet; null and absent mean none.
    expect(apiUserSchema.parse(user('')).public_address).toBeNull()
    expect(apiUserSchema.parse(user(null)).public_address).toBeNull()
    expect(apiUserSchema.parse({ id: 1, username: 'u' }).public_address).toBeNull()
  })

  it('is refused by the keyring path before it reaches the file system', () => {
    expect(() => keyringPath('/data', '../../x/evil')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(keyringPath('/data', '0xAbCdEf0123456789abcdef0123456789ABCDEF01')).toBe('/data/keyring/0xabcdef0123456789abcdef0123456789abcdef01.json')
  })

  it('from a hostile server stops the sign-in with a clear error', async () => {
    const api = await serve(() => ({ status: 200, body: JSON.stringify({ access_token: 't', token_type: 'bearer', user: user('../../x/evil') }) }))
    const client = createNumerBayClient({ baseUrl: `${api.origin}/v1` })
    await expect(client.signInWithPassword('u', 'p')).rejects.toMatchObject({ code: 'API_BAD_RESPONSE', detail: expect.stringContaining('user.public_address') })
  })
})

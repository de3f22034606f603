// The API client's HTTP transport: the sliver of fetch it uses (a method, headers, a string body, a signal;
// the status, the headers and the body text), over node:http(s) with keep-alive. Redirects are never followed:
// they come back as the 3xx they are (fetch's `redirect: 'manual'`), and the client refuses them. Node's own fetch loads
// undici on first use: about 40 MiB of memory and 0.1 CPU s in every CLI run (measured: a sync with nothing new
// went from 107 to 76 MiB peak), for JSON requests that node:http serves as well.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

export interface ApiFetchInit {
  readonly method: string
  readonly headers: Record<string, string>
  readonly body?: string | undefined
  readonly signal?: AbortSignal
  /** Only 'manual': a redirect is answered as itself (the client refuses it: see http.ts). */
  readonly redirect?: 'manual'
}

/** What the API client reads from a response. */
export interface ApiResponse {
  readonly status: number
  readonly ok: boolean
  /** fetch's 'opaqueredirect' for a manual redirect in a browser-like fetch; absent here. */
  readonly type?: string
  readonly url?: string
  readonly headers: { get(name: string): string | null }
  text(): Promise<string>
}

/** The fetch the API client needs; `globalThis.fetch` fits it too (tests inject wrappers of it). */
export type ApiFetch = (url: string, init: ApiFetchInit) => Promise<ApiResponse>

const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) }

/** Rejects the way fetch does: the signal's reason on abort, a TypeError whose `cause` is the network error. */
export const nodeFetch: ApiFetch = async (url, init) => {
  const target = new URL(url)
  const response = await send(target, init.method, init.headers, init.body, init.signal)
  const text = await readText(response, init.signal)
  const status = response.statusCode ?? 0
  const headers = response.headers
  return {
    status,
    ok: status >= 200 && status < 300,
    url: target.href,
    headers: {
      get: (name) => {
        const value = headers[name.toLowerCase()]
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
      },
    },
    text: async () => text,
  }
}

function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : null
  if (!request) return Promise.reject(new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) }))
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const withLength = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }
    const req = request(url, { method, headers: withLength, agent: agents[url.protocol as 'http:' | 'https:'] })
    const onAbort = (): void => {
      req.destroy()
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    req.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort)
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }))
    })
    req.on('response', (response) => {
      signal?.removeEventListener('abort', onAbort)
      resolve(response)
    })
    req.end(body)
  })
}

async function readText(response: IncomingMessage, signal: AbortSignal | undefined): Promise<string> {
  const onAbort = (): void => void response.destroy(signal!.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const chunks: Buffer[] = []
    for await (const chunk of response) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  } catch (error) {
    throw signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error })
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * A NumerBay-compatible server on loopback with demo data, for trying the app without an account and for tests
 * and benchmarks that need NumerBay's behaviour (and its quirks) without the network. Seed format, accounts and
 * admin routes for people: docs/user/demo-server.md.
 *
 * In-process use:
 *
 *   const demo = await startDemoServer({ seed, port: 0, host: '127.0.0.1', urlTtlSeconds?, tokenLifetimeMs? })
 *   demo.apiUrl                 // http://127.0.0.1:PORT/backend-api/v1
 *   demo.faults.resetStorage(1, 65_536)
 *   await demo.advanceRound()   // selling round + 1, older per-round files pruned
 *   await demo.close()
 *
 * The handle also has `origin`, `adminToken`, `state` (the live database: tests may read and change it),
 * `requests` (every request: kind api/storage/admin, path without its query, status, range, body bytes actually
 * sent, whether the body completed, and a hash of the URL signature rather than the signature),
 * `bytesServed(objectName)` and `addArtifact(…)` (a seller upload after start, sealed to the order's current
 * key). test/helpers/demo-server.ts starts one with the demo seed.
 *
 * Each fault (src/demo-server/faults.ts) is a method on `faults` and an admin route for other processes:
 * `POST <origin>/__demo/<action>` with `Authorization: Bearer <adminToken>` and the arguments as JSON, where
 * the action is the method's name in kebab case under `faults/` (`failApi(n, status)` is
 * `faults/fail-api {count, status}`; `expireIssuedUrls()` is `faults/expire-urls`), plus `advance-round`,
 * `requests` and `state`. Counters count down per response.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { once } from 'node:events'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError, isAppError } from '../shared/errors'
import { isLoopbackHostname } from '../shared/net'
import { handleApi, orderArtifactJson, type ApiContext } from './api'
import { formatGoogHash } from '../main/downloads/storage-hash'
import { initialFaults, stormHits, type DemoFaults, type FaultState, type Storm, type StormOptions } from './faults'
import { parseSeed, type Seed, type SeedInput } from './seed'
import { buildState, naiveUtc, storeContent, type ArtifactContent, type DemoArtifact, type DemoState } from './state'
import { createObjectStore } from './storage'
import { AccessTokens, UrlSigner } from './tokens'

export const API_PREFIX = '/backend-api/v1'
export const ADMIN_PREFIX = '/__demo'

export interface DemoServerOptions {
  /** A parsed seed or raw seed JSON (validated). */
  readonly seed: Seed | SeedInput
  readonly port?: number
  readonly host?: string
  /** Download URL lifetime (default 600 s, like NumerBay). */
  readonly urlTtlSeconds?: number
  /** Access token lifetime (default 8 days, like NumerBay). */
  readonly tokenLifetimeMs?: number
  readonly now?: () => number
}

/** One request as the demo server saw it. Storage entries count the body bytes actually written. */
export interface DemoRequestRecord {
  readonly seq: number
  readonly at: number
  readonly kind: 'api' | 'storage' | 'admin'
  readonly method: string
  /** Path without the query (storage URLs carry signatures in the query). */
  readonly path: string
  status: number
  readonly objectName?: string
  readonly range?: string
  /** Storage: the request carried an Authorization header (the app must never send one there). */
  readonly authorization?: boolean
  /**
   * Storage: a short hash of the URL's X-Goog-Signature, which tells one issued URL from another without the log
   * keeping the credential itself (like `path`, which drops the query).
   */
  readonly urlTag?: string
  bytesSent: number
  /** The whole response body was written (false after a reset or a client abort). */
  completed: boolean
  /** A storm answered this request with this Retry-After (compare `at` of the next request to check it was waited). */
  retryAfter?: string
}

export interface AddArtifactInput {
  readonly order?: number
  readonly product?: number
  readonly round?: number
  readonly objectName?: string
  /** The uploader's file name: only its extension survives in the object name, as on NumerBay (default .csv). */
  readonly filename?: string
  readonly content?: string
  readonly contentBase64?: string
  readonly generated?: { size: number; seed: string }
  readonly isNumeraiDirect?: boolean
}

export interface DemoServerHandle {
  /** http://127.0.0.1:PORT/backend-api/v1 */
  readonly apiUrl: string
  readonly origin: string
  /** Guards the HTTP admin routes (Authorization: Bearer <token>). */
  readonly adminToken: string
  readonly faults: DemoFaults
  /** The live database (tests may read and change it). */
  readonly state: DemoState
  readonly requests: DemoRequestRecord[]
  /**
   * The credentials this server handed out: access tokens and signed download URLs. Demo data held in the
   * test's own process, so a test can check that none of them reached a log, a file or the renderer.
   */
  readonly issued: { readonly tokens: readonly string[]; readonly downloadUrls: readonly string[] }
  /** Body bytes served for one object, over all requests. */
  bytesServed(objectName: string): number
  /** Selling round + 1; per-round artifacts of older rounds are pruned (files deleted). */
  advanceRound(): Promise<number>
  /**
   * A round rollover as NumerBay runs it: `is_doing_round_rollover` true for `durationMs` (default 0), then the
   * selling round + 1 with the older rounds' per-round artifacts pruned, and the flag false again. Resolves when
   * the rollover has started, with the round being sold then and the time it ends.
   */
  rollover(options?: { durationMs?: number }): Promise<{ selling_round: number; is_doing_round_rollover: boolean; ends_at: number }>
  /** A seller upload: sealed to the order's current buyer_public_key (or plaintext for product artifacts). */
  addArtifact(input: AddArtifactInput): Promise<DemoArtifact>
  close(): Promise<void>
}

/** The admin routes answer only this machine, whatever address the server is bound to. */
export function isLoopbackAddress(address: string | undefined): boolean {
  // A socket's peer address: an IPv4 peer on a dual-stack socket comes as ::ffff:a.b.c.d.
  return !!address && isLoopbackHostname(address.replace(/^::ffff:/, ''))
}

/** A hash that cannot match: the real one with its first byte flipped. */
function corrupted(digest: string): string {
  const bytes = Buffer.from(digest, 'base64')
  bytes[0] = bytes[0]! ^ 0xff
  return bytes.toString('base64')
}

function gcsError(code: string, message: string, details: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message><Details>${details}</Details></Error>`
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Waits until the response can take more data or is gone, without leaving listeners behind. */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/** Read size for bodies sent without faults: fewer reads and socket writes per byte than the stream default. */
const PLAIN_READ_BYTES = 1024 * 1024

/** Pipes a stored object to the response, counting what went out; a client that goes away just ends it. */
async function sendPlain(source: Readable, res: ServerResponse, record: DemoRequestRecord): Promise<void> {
  source.on('data', (chunk: Buffer) => (record.bytesSent += chunk.length))
  try {
    await pipeline(source, res)
    record.completed = true
  } catch {
    // The client closed the connection (a pause, a cancel): the record says the body was cut short.
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | null {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid'
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'invalid'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  if (start >= size || end < start) return 'invalid'
  return { start, end }
}

/** Starts a NumerBay-compatible server on 127.0.0.1 (port 0 by default: any free port). */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServerHandle> {
  const seed = parseSeed(options.seed)
  const now = options.now ?? Date.now
  const store = await createObjectStore()
  let state: DemoState
  try {
    state = await buildState(seed, store)
  } catch (error) {
    await store.close()
    throw error
  }
  const issued = { tokens: [] as string[], downloadUrls: [] as string[] }
  const tokens = new AccessTokens(options.tokenLifetimeMs ?? 8 * 24 * 3600 * 1000, now, (token) => issued.tokens.push(token))
  const urls = new UrlSigner(options.urlTtlSeconds ?? 600, now, (url) => issued.downloadUrls.push(url))
  const adminToken = randomBytes(24).toString('hex')
  const faultState: FaultState = initialFaults()
  /** Resumes each stalled body (releaseStalls). */
  const stalled = new Set<(more: number | undefined) => void>()
  /**
   * Waits while a body is stalled. Resolves when released, with how many more bytes may go before it stalls again
   * (undefined: to the end), or with null when the client left.
   */
  const stalledUntilReleased = (res: ServerResponse): Promise<number | undefined | null> =>
    new Promise((resolve) => {
      const release = (more: number | undefined): void => {
        stalled.delete(release)
        res.off('close', left)
        resolve(more)
      }
      const left = (): void => {
        stalled.delete(release)
        resolve(null)
      }
      stalled.add(release)
      res.once('close', left)
    })
  const requests: DemoRequestRecord[] = []
  let seq = 0
  const ctx: ApiContext = { state, tokens, urls, origin: '', apiPrefix: API_PREFIX }

  const log = (entry: Omit<DemoRequestRecord, 'seq' | 'at'>): DemoRequestRecord => {
    const record: DemoRequestRecord = { seq: ++seq, at: now(), ...entry }
    requests.push(record)
    return record
  }

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, raw?: string): number => {
    const text = raw ?? (body === undefined ? '' : JSON.stringify(body))
    const type = raw !== undefined ? 'text/plain; charset=utf-8' : 'application/json'
    res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), ...headers })
    res.end(text)
    return Buffer.byteLength(text)
  }

  const serveApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const body = await readBody(req)
    const record = log({ kind: 'api', method: req.method ?? 'GET', path: url.pathname, status: 0, bytesSent: 0, completed: false })
    const storm = stormHits(faultState, 'apiStorm', now())
    if (storm) {
      record.status = storm.status
      if (storm.retryAfter !== null) record.retryAfter = storm.retryAfter
      const text = storm.status === 429 ? '{"detail":"Too Many Requests"}' : 'Service Unavailable'
      record.bytesSent = sendJson(res, storm.status, undefined, storm.retryAfter === null ? {} : { 'retry-after': storm.retryAfter }, text)
      record.completed = true
      return
    }
    if (faultState.apiFailures > 0) {
      faultState.apiFailures--
      record.status = faultState.apiFailureStatus
      record.bytesSent = sendJson(res, faultState.apiFailureStatus, undefined, {}, 'Internal Server Error')
      record.completed = true
      return
    }
    const reply = handleApi(ctx, { method: req.method ?? 'GET', path: url.pathname.slice(API_PREFIX.length) || '/', query: url.searchParams, headers: req.headers, body })
    let raw = reply.raw
    if (reply.status === 200 && faultState.apiMalformed > 0) {
      faultState.apiMalformed--
      raw = faultState.apiMalformedBody
    }
    record.status = reply.status
    record.bytesSent = raw !== undefined ? sendJson(res, reply.status, undefined, { ...reply.headers, 'content-type': 'application/json' }, raw) : sendJson(res, reply.status, reply.body, reply.headers)
    record.completed = true
  }

  const serveStorage = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const objectName = decodeURIComponent(url.pathname.slice('/storage/'.length))
    const rangeHeader = typeof req.headers.range === 'string' ? req.headers.range : undefined
    const signature = url.searchParams.get('X-Goog-Signature')
    const urlTag = signature ? createHash('sha256').update(signature).digest('hex').slice(0, 16) : null
    const record = log({
      kind: 'storage',
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      objectName,
      ...(rangeHeader ? { range: rangeHeader } : {}),
      ...(req.headers.authorization !== undefined ? { authorization: true } : {}),
      ...(urlTag ? { urlTag } : {}),
      bytesSent: 0,
      completed: false,
    })
    const xml = (status: number, text: string): void => {
      record.status = status
      res.writeHead(status, { 'content-type': 'application/xml; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)) })
      res.end(text)
      record.completed = true
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return xml(405, gcsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', ''))
    const storm = stormHits(faultState, 'storageStorm', now())
    if (storm) {
      if (storm.retryAfter !== null) record.retryAfter = storm.retryAfter
      const text = storm.status === 429 ? gcsError('SlowDown', 'Please reduce your request rate.', '') : gcsError('ServiceUnavailable', 'Service Unavailable', '')
      record.status = storm.status
      res.writeHead(storm.status, {
        'content-type': 'application/xml; charset=UTF-8',
        'content-length': String(Buffer.byteLength(text)),
        ...(storm.retryAfter === null ? {} : { 'retry-after': storm.retryAfter }),
      })
      res.end(text)
      record.completed = true
      return
    }
    const check = urls.check(objectName, url.searchParams)
    if (!check.ok && check.reason === 'signature') {
      return xml(403, gcsError('SignatureDoesNotMatch', 'Access denied.', 'The request signature we calculated does not match the signature you provided.'))
    }
    if (faultState.storageExpired > 0 || !check.ok) {
      if (check.ok) faultState.storageExpired--
      const at = new Date(check.ok ? now() : (check.expiredAt ?? now())).toISOString()
      return xml(403, gcsError('AccessDenied', 'Access denied.', `Request has expired: ${at}`))
    }
    if (faultState.storageFailures > 0) {
      faultState.storageFailures--
      return xml(faultState.storageFailureStatus, gcsError('InternalError', 'We encountered an internal error. Please try again.', ''))
    }
    const size = await store.size(objectName)
    if (size === null) return xml(404, gcsError('NoSuchKey', 'The specified key does not exist.', `No such object: storage.numerbay.ai/${objectName}`))
    const ignoreRange = rangeHeader !== undefined && faultState.rangeIgnored > 0 && (faultState.rangeIgnoredObject === null || faultState.rangeIgnoredObject === objectName)
    if (ignoreRange) faultState.rangeIgnored--
    const range = ignoreRange ? null : parseRange(rangeHeader, size)
    if (range === 'invalid') {
      record.status = 416
      res.writeHead(416, { 'content-range': `bytes */${size}`, 'content-length': '0' })
      res.end()
      record.completed = true
      return
    }
    const start = range?.start ?? 0
    const end = range?.end ?? size - 1
    const length = size === 0 ? 0 : end - start + 1
    const status = range ? 206 : 200
    record.status = status
    // GCS states the whole object's hashes on every read, ranged or not, one x-goog-hash header per hash.
    let hashes = store.hashes(objectName)
    if (hashes && faultState.hashCorruptions > 0 && (faultState.hashCorruptionObject === null || faultState.hashCorruptionObject === objectName)) {
      faultState.hashCorruptions--
      hashes = { ...(hashes.crc32c ? { crc32c: corrupted(hashes.crc32c) } : {}), ...(hashes.md5 ? { md5: corrupted(hashes.md5) } : {}) }
    }
    res.writeHead(status, {
      'content-type': 'application/octet-stream',
      'content-length': String(length),
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
      ...(hashes ? { 'x-goog-hash': formatGoogHash(hashes) } : {}),
    })
    if (req.method === 'HEAD' || length === 0) {
      res.end()
      record.completed = true
      return
    }
    const resetAfter = faultState.storageResets > 0 ? faultState.resetAfterBytes : null
    if (resetAfter !== null) faultState.storageResets--
    // Only bodies longer than the threshold stall (and use up the count): small files pass untouched.
    const stallAfter = faultState.storageStalls > 0 && length > faultState.stallAfterBytes ? faultState.stallAfterBytes : null
    if (stallAfter !== null) faultState.storageStalls--
    // Where the body is cut short, and how: whichever fault comes first.
    let cut: { at: number; then: 'reset' | 'stall' } | null =
      resetAfter !== null && (stallAfter === null || resetAfter <= stallAfter)
        ? { at: resetAfter, then: 'reset' as const }
        : stallAfter !== null
          ? { at: stallAfter, then: 'stall' as const }
          : null
    if (!cut && faultState.throughputBytesPerSecond === 0) {
      // No fault to inject: the stored bytes go out as plainly as Node can send a file (big reads piped to the
      // socket), so a benchmark measures the client rather than this server.
      await sendPlain(store.read(objectName, start, end, PLAIN_READ_BYTES), res, record)
      return
    }
    const source = store.read(objectName, start, end)
    try {
      body: for await (const chunk of source) {
        let rest = chunk as Buffer
        while (rest.length > 0) {
          if (res.destroyed) break body
          if (!cut || record.bytesSent + rest.length < cut.at) {
            const rate = faultState.throughputBytesPerSecond
            // A slow link: pieces of a tenth of a second's worth, each followed by its share of the second.
            const piece = rate > 0 ? rest.subarray(0, Math.max(1, Math.floor(rate / 10))) : rest
            record.bytesSent += piece.length
            if (!res.write(piece)) await drainOrClose(res)
            if (rate > 0) await sleep((piece.length / rate) * 1000)
            rest = rest.subarray(piece.length)
            if (rate > 0) continue
            break
          }
          const piece = rest.subarray(0, Math.max(0, cut.at - record.bytesSent))
          rest = rest.subarray(piece.length)
          if (piece.length > 0) {
            record.bytesSent += piece.length
            await new Promise<void>((resolve) => res.write(piece, () => resolve()))
          }
          // Drop the TCP connection mid-body, as a flaky network or proxy would; or keep it open and quiet, as a
          // stuck proxy would, until the client gives up or the stall is released (for good, or for N more bytes).
          if (cut.then === 'reset') {
            res.socket?.destroy()
            break body
          }
          const more = res.destroyed ? null : await stalledUntilReleased(res)
          if (more === null) break body
          cut = more === undefined ? null : { at: record.bytesSent + more, then: 'stall' }
        }
      }
    } finally {
      source.destroy()
    }
    if (!res.destroyed && record.bytesSent === length) {
      res.end()
      record.completed = true
    }
  }

  const advanceRound = async (): Promise<number> => {
    state.globals.selling_round += 1
    state.globals.active_round += 1
    for (const artifact of state.artifacts) {
      const product = state.products.find((p) => p.id === artifact.product_id)
      if (product?.category.is_per_round && artifact.round_tournament < state.globals.selling_round && artifact.state !== 'pruned') {
        artifact.state = 'pruned'
        await store.remove(artifact.object_name)
      }
    }
    return state.globals.selling_round
  }

  let rolloverTimer: NodeJS.Timeout | null = null
  let rolloverEndsAt = 0
  const rollover = async (options: { durationMs?: number } = {}): Promise<{ selling_round: number; is_doing_round_rollover: boolean; ends_at: number }> => {
    const durationMs = Math.max(0, options.durationMs ?? 0)
    if (rolloverTimer) throw new AppError('INVALID_ARGUMENT', { message: 'A round rollover is already in progress.' })
    if (durationMs === 0) {
      await advanceRound()
      return { selling_round: state.globals.selling_round, is_doing_round_rollover: false, ends_at: now() }
    }
    state.globals.is_doing_round_rollover = true
    rolloverEndsAt = now() + durationMs
    rolloverTimer = setTimeout(() => {
      void advanceRound().finally(() => {
        state.globals.is_doing_round_rollover = false
        rolloverTimer = null
      })
    }, durationMs)
    return { selling_round: state.globals.selling_round, is_doing_round_rollover: true, ends_at: rolloverEndsAt }
  }

  const addArtifact = async (input: AddArtifactInput): Promise<DemoArtifact> => {
    const order = input.order !== undefined ? state.orders.find((o) => o.id === input.order) : undefined
    if (input.order !== undefined && !order) throw new Error(`no order ${input.order}`)
    const productId = order ? order.product_id : input.product
    const product = state.products.find((p) => p.id === productId)
    if (!product) throw new Error(`no product ${String(productId)}`)
    const round = input.round ?? state.globals.selling_round
    const kind = order ? 'order' : 'product'
    const id = kind === 'order' ? randomBytes(16).toString('hex') : Math.max(0, ...state.artifacts.filter((a) => a.kind === 'product').map((a) => Number(a.id))) + 1
    const extension = /\.[A-Za-z0-9]{1,10}$/.exec(input.filename ?? '.csv')?.[0] ?? ''
    const objectName = input.objectName ?? `${product.sku}_${round}_${randomBytes(16).toString('hex')}${extension}`
    const content: ArtifactContent = {
      ...(input.content !== undefined ? { text: input.content } : {}),
      ...(input.contentBase64 !== undefined ? { base64: input.contentBase64 } : {}),
      ...(input.generated ? { generated: input.generated } : {}),
    }
    const sealKey = order && !input.isNumeraiDirect ? order.buyer_public_key : null
    const size = await storeContent(store, objectName, content, sealKey)
    const artifact: DemoArtifact = { kind, id, order_id: order?.id ?? null, product_id: product.id, round_tournament: round, object_name: objectName, object_size: size, state: 'active', is_numerai_direct: input.isNumeraiDirect ?? false, date: naiveUtc() }
    state.artifacts.push(artifact)
    return artifact
  }

  const faults: DemoFaults = {
    state: faultState,
    latency: (ms) => void (faultState.latencyMs = ms),
    throttle: (bytesPerSecond) => void (faultState.throughputBytesPerSecond = Math.max(0, bytesPerSecond)),
    failApi: (count, status = 500) => void Object.assign(faultState, { apiFailures: count, apiFailureStatus: status }),
    malformApi: (count, body) => void Object.assign(faultState, { apiMalformed: count, ...(body !== undefined ? { apiMalformedBody: body } : {}) }),
    failStorage: (count, status = 503) => void Object.assign(faultState, { storageFailures: count, storageFailureStatus: status }),
    resetStorage: (count, afterBytes) => void Object.assign(faultState, { storageResets: count, resetAfterBytes: afterBytes }),
    ignoreRange: (count, objectName) => void Object.assign(faultState, { rangeIgnored: count, rangeIgnoredObject: objectName ?? null }),
    stallStorage: (count, afterBytes) => void Object.assign(faultState, { storageStalls: count, stallAfterBytes: afterBytes }),
    releaseStalls: (bytes) => {
      for (const release of [...stalled]) release(bytes)
    },
    expireNextStorage: (count) => void (faultState.storageExpired = count),
    expireIssuedUrls: () => void (urls.expiredBefore = now()),
    expireTokens: () => tokens.revokeAll(),
    storm: (options: StormOptions = {}) => {
      const target = options.target ?? 'both'
      const retryAfter = options.retryAfter === undefined ? '2' : options.retryAfter === null ? null : String(options.retryAfter)
      const count = options.count ?? (options.durationMs === undefined ? 3 : null)
      const make = (): Storm => ({ status: options.status ?? 503, retryAfter, remaining: count, until: options.durationMs === undefined ? null : now() + options.durationMs })
      if (target !== 'storage') faultState.apiStorm = make()
      if (target !== 'api') faultState.storageStorm = make()
    },
    corruptHash: (count, objectName) => void Object.assign(faultState, { hashCorruptions: count, hashCorruptionObject: objectName ?? null }),
    tamper: (objectName, offset) => store.tamper(objectName, offset),
    clear: () => void Object.assign(faultState, initialFaults()),
  }

  const serveAdmin = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const body = await readBody(req)
    const given = Buffer.from(String(req.headers.authorization ?? '').replace(/^bearer\s+/i, ''))
    const expected = Buffer.from(adminToken)
    const record = log({ kind: 'admin', method: req.method ?? 'GET', path: url.pathname, status: 200, bytesSent: 0, completed: true })
    // The admin routes change the world for every client: only this machine may use them, token or not.
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      record.status = 403
      return void sendJson(res, 403, { detail: 'admin routes answer loopback clients only' })
    }
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      record.status = 401
      return void sendJson(res, 401, { detail: 'admin token required' })
    }
    const action = url.pathname.slice(ADMIN_PREFIX.length + 1)
    let args: Record<string, unknown> = {}
    try {
      args = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {}
    } catch {
      return void sendJson(res, 400, { detail: 'body must be JSON' })
    }
    const n = (key: string, fallback = 1): number => (typeof args[key] === 'number' ? (args[key] as number) : fallback)
    const text = (key: string): string | undefined => (typeof args[key] === 'string' ? (args[key] as string) : undefined)
    const bad = (detail: string): void => {
      record.status = 400
      sendJson(res, 400, { detail })
    }
    switch (action) {
      case 'publish': {
        const order = typeof args.order === 'number' ? args.order : undefined
        const product = typeof args.product === 'number' ? args.product : undefined
        if ((order === undefined) === (product === undefined)) return bad('publish needs exactly one of "order" or "product"')
        const generated = args.generated as { size?: unknown; seed?: unknown } | undefined
        if (generated !== undefined && (typeof generated?.size !== 'number' || typeof generated.seed !== 'string')) return bad('generated needs {size, seed}')
        let artifact: DemoArtifact
        try {
          artifact = await addArtifact({
            ...(order !== undefined ? { order } : { product: product! }),
            ...(typeof args.round === 'number' ? { round: args.round } : {}),
            ...(text('objectName') !== undefined ? { objectName: text('objectName')! } : {}),
            ...(text('filename') !== undefined ? { filename: text('filename')! } : {}),
            ...(text('content') !== undefined ? { content: text('content')! } : {}),
            ...(text('contentBase64') !== undefined ? { contentBase64: text('contentBase64')! } : {}),
            ...(generated ? { generated: { size: generated.size as number, seed: generated.seed as string } } : {}),
            ...(args.isNumeraiDirect === true ? { isNumeraiDirect: true } : {}),
          })
        } catch (error) {
          return bad(error instanceof Error ? error.message : 'cannot publish')
        }
        return void sendJson(res, 200, { kind: artifact.kind, product_id: artifact.product_id, ...orderArtifactJson(artifact) })
      }
      case 'rollover':
        try {
          return void sendJson(res, 200, await rollover({ durationMs: n('durationMs', 0) }))
        } catch (error) {
          return bad(isAppError(error) ? error.message : 'cannot roll over')
        }
      case 'storm':
      case 'faults/storm': {
        const target = text('target') ?? 'both'
        const status = n('status', 503)
        if (!['api', 'storage', 'both'].includes(target)) return bad('target must be api, storage or both')
        if (status !== 503 && status !== 429) return bad('status must be 503 or 429')
        const retryAfter = args.retryAfter === null ? null : typeof args.retryAfter === 'number' || typeof args.retryAfter === 'string' ? args.retryAfter : undefined
        faults.storm({
          target: target as 'api' | 'storage' | 'both',
          status,
          ...(retryAfter !== undefined ? { retryAfter } : {}),
          ...(typeof args.count === 'number' ? { count: args.count } : {}),
          ...(typeof args.durationMs === 'number' ? { durationMs: args.durationMs } : {}),
        })
        break
      }
      case 'expire-tokens':
        faults.expireTokens()
        break
      case 'faults/corrupt-hash':
        faults.corruptHash(n('count'), text('objectName'))
        break
      case 'requests':
        return void sendJson(res, 200, requests)
      case 'state':
        return void sendJson(res, 200, { globals: state.globals, orders: state.orders, artifacts: state.artifacts })
      case 'advance-round':
        return void sendJson(res, 200, { selling_round: await advanceRound() })
      case 'faults/throttle':
        faults.throttle(n('bytesPerSecond', 0))
        break
      case 'faults/latency':
        faults.latency(n('ms', 0))
        break
      case 'faults/fail-api':
        faults.failApi(n('count'), n('status', 500))
        break
      case 'faults/malform-api':
        faults.malformApi(n('count'), typeof args.body === 'string' ? args.body : undefined)
        break
      case 'faults/fail-storage':
        faults.failStorage(n('count'), n('status', 503))
        break
      case 'faults/reset-storage':
        faults.resetStorage(n('count'), n('afterBytes', 0))
        break
      case 'faults/ignore-range':
        faults.ignoreRange(n('count'), typeof args.objectName === 'string' ? args.objectName : undefined)
        break
      case 'faults/stall-storage':
        faults.stallStorage(n('count'), n('afterBytes', 0))
        break
      case 'faults/release-stalls':
        faults.releaseStalls(typeof args.bytes === 'number' ? n('bytes') : undefined)
        break
      case 'faults/expire-next-storage':
        faults.expireNextStorage(n('count'))
        break
      case 'faults/expire-urls':
        faults.expireIssuedUrls()
        break
      case 'faults/expire-tokens':
        faults.expireTokens()
        break
      case 'faults/tamper':
        if (typeof args.objectName !== 'string') return void sendJson(res, 400, { detail: 'objectName required' })
        await faults.tamper(args.objectName, typeof args.offset === 'number' ? args.offset : undefined)
        break
      case 'faults/clear':
        faults.clear()
        break
      default:
        return void sendJson(res, 404, { detail: `unknown admin action ${action}` })
    }
    sendJson(res, 200, { ok: true, faults: faultState })
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid')
    const route = async (): Promise<void> => {
      if (url.pathname.startsWith(ADMIN_PREFIX + '/')) return serveAdmin(req, res, url)
      if (faultState.latencyMs > 0) await sleep(faultState.latencyMs)
      if (url.pathname === API_PREFIX || url.pathname.startsWith(API_PREFIX + '/')) return serveApi(req, res, url)
      if (url.pathname.startsWith('/storage/')) return serveStorage(req, res, url)
      sendJson(res, 404, { detail: 'Not Found' })
    }
    route().catch(() => {
      if (!res.headersSent) sendJson(res, 500, undefined, {}, 'Internal Server Error')
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 1000
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const host = options.host ?? '127.0.0.1'
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  ctx.origin = origin

  return {
    apiUrl: origin + API_PREFIX,
    origin,
    adminToken,
    faults,
    state,
    requests,
    issued,
    bytesServed: (objectName) => requests.filter((r) => r.kind === 'storage' && r.objectName === objectName).reduce((n, r) => n + r.bytesSent, 0),
    advanceRound,
    rollover,
    addArtifact,
    async close() {
      if (rolloverTimer) clearTimeout(rolloverTimer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await store.close()
    },
  }
}

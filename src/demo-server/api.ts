// The demo server's NumerBay API routes (sign-in, users/me, orders, artifacts, download URLs, globals) over the
// in-memory state, answering with NumerBay's shapes, status codes and quirks, so the client meets here what it
// meets upstream.

import { randomBytes } from 'node:crypto'
import { recoverPersonalSigner, signatureFromHex } from '../main/signers/signature'
import type { DemoArtifact, DemoOrder, DemoProduct, DemoState, DemoUser } from './state'
import type { AccessTokens, UrlSigner } from './tokens'

/** What a route answers. `body` undefined with a string `raw` sends text as is. */
export interface ApiReply {
  status: number
  body?: unknown
  raw?: string
  headers?: Record<string, string>
}

export interface ApiRequest {
  method: string
  /** Path below the API prefix, e.g. "/users/me". */
  path: string
  query: URLSearchParams
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export interface ApiContext {
  state: DemoState
  tokens: AccessTokens
  urls: UrlSigner
  origin: string
  apiPrefix: string
}

const detail = (status: number, text: string): ApiReply => ({ status, body: { detail: text } })
const validation = (loc: (string | number)[], msg: string, type = 'value_error.missing'): ApiReply => ({ status: 422, body: { detail: [{ loc, msg, type }] } })
const ok = (body: unknown): ApiReply => ({ status: 200, body })

function loginMessage(nonce: string): string {
  return `I am signing my one-time nonce: ${nonce}`
}

function parseJson(request: ApiRequest): { ok: true; value: Record<string, unknown> } | { ok: false; reply: ApiReply } {
  if (request.body.length === 0) return { ok: true, value: {} }
  try {
    const value: unknown = JSON.parse(request.body.toString('utf8'))
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reply: validation(['body'], 'value is not a valid dict', 'type_error.dict') }
    return { ok: true, value: value as Record<string, unknown> }
  } catch {
    return { ok: false, reply: validation(['body', 0], 'Expecting value', 'value_error.jsondecode') }
  }
}

// ---- serialisation (protocol §2-4) -----------------------------------------------------------------

export function userJson(user: DemoUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    is_active: user.is_active,
    is_superuser: false,
    public_address: user.public_address,
    default_receiving_wallet_address: user.default_receiving_wallet_address,
    date_last_numerai_sync: null,
    social_discord: user.social_discord,
    social_linkedin: user.social_linkedin,
    social_twitter: user.social_twitter,
    social_website: user.social_website,
    props: null,
    numerai_api_key_public_id: null,
    numerai_api_key_can_upload_submission: null,
    numerai_api_key_can_stake: null,
    numerai_api_key_can_read_submission_info: null,
    numerai_api_key_can_read_user_info: null,
    numerai_wallet_address: null,
    public_key: user.public_key,
    encrypted_private_key: user.encrypted_private_key,
    public_key_v2: user.public_key_v2,
    encrypted_private_key_v2: user.encrypted_private_key_v2,
    models: [],
    coupons: [],
    created_coupons: [],
  }
}

function productJson(ctx: ApiContext, product: DemoProduct): Record<string, unknown> {
  const owner = ctx.state.users.find((u) => u.id === product.owner_id)
  return {
    id: product.id,
    name: product.name,
    sku: product.sku,
    avatar: null,
    description: `${product.name} (demo)`,
    is_active: product.is_active,
    use_encryption: product.use_encryption,
    is_ready: true,
    is_daily: false,
    expiration_round: null,
    round_lock: null,
    category: { ...product.category, parent_id: null, items: null },
    owner: owner ? { id: owner.id, username: owner.username, social_discord: owner.social_discord, social_linkedin: owner.social_linkedin, social_twitter: owner.social_twitter, social_website: owner.social_website } : null,
    model: null,
    options: [],
    reviews: [],
  }
}

export function orderArtifactJson(artifact: DemoArtifact): Record<string, unknown> {
  return {
    id: artifact.id,
    order_id: artifact.order_id,
    date: artifact.date,
    round_tournament: artifact.round_tournament,
    object_name: artifact.object_name,
    object_size: artifact.object_size,
    state: artifact.state,
    is_numerai_direct: artifact.is_numerai_direct,
  }
}

function productArtifactJson(artifact: DemoArtifact): Record<string, unknown> {
  return {
    id: artifact.id,
    product_id: artifact.product_id,
    date: artifact.date,
    round_tournament: artifact.round_tournament,
    object_name: artifact.object_name,
    object_size: artifact.object_size,
    state: artifact.state,
  }
}

function orderJson(ctx: ApiContext, order: DemoOrder): Record<string, unknown> {
  const product = ctx.state.products.find((p) => p.id === order.product_id)!
  const buyer = ctx.state.users.find((u) => u.id === order.buyer_id)
  return {
    id: order.id,
    date_order: order.date_order,
    round_order: order.round_order,
    rounds: order.rounds,
    quantity: order.rounds.length,
    price: order.price,
    currency: 'NMR',
    chain: 'ethereum',
    mode: order.mode,
    stake_limit: null,
    submit_model_id: null,
    submit_model_name: null,
    submit_state: null,
    last_submit_round: null,
    from_address: buyer?.public_address ?? null,
    to_address: '0x0000000000000000000000000000000000000000',
    transaction_hash: order.state === 'confirmed' ? `0x${order.id.toString(16).padStart(64, '0')}` : null,
    state: order.state,
    applied_coupon_id: null,
    coupon: null,
    coupon_specs: null,
    props: null,
    last_reminder_date: null,
    buyer_public_key: order.buyer_public_key,
    buyer: buyer ? { id: buyer.id, username: buyer.username } : null,
    product: productJson(ctx, product),
    // Untyped ORM list on the server; the validator drops pruning entries but filters nothing else.
    artifacts: ctx.state.artifacts
      .filter((a) => a.kind === 'order' && a.order_id === order.id && a.state !== 'marked_for_pruning' && a.state !== 'pruned')
      .map(orderArtifactJson),
  }
}

// ---- auth --------------------------------------------------------------------------------------------

type Authed = { ok: true; user: DemoUser } | { ok: false; reply: ApiReply }

function authenticate(ctx: ApiContext, request: ApiRequest, requireActive = true): Authed {
  const header = request.headers.authorization
  const value = Array.isArray(header) ? header[0] : header
  if (!value || !/^bearer\s+\S+/i.test(value)) return { ok: false, reply: { status: 401, body: { detail: 'Not authenticated' }, headers: { 'www-authenticate': 'Bearer' } } }
  const id = ctx.tokens.verify(value.replace(/^bearer\s+/i, '').trim())
  if (id === null) return { ok: false, reply: detail(403, 'Could not validate credentials') }
  const user = ctx.state.users.find((u) => u.id === id)
  if (!user) return { ok: false, reply: detail(404, 'User not found') }
  if (requireActive && !user.is_active) return { ok: false, reply: detail(400, 'Inactive user') }
  return { ok: true, user }
}

function isPerRound(product: DemoProduct): boolean {
  return product.category.is_per_round
}

/** NumerBay's validate_buyer: any confirmed order of mine for this product that covers the selling round. */
function buyerOrder(ctx: ApiContext, user: DemoUser, productId: number): DemoOrder | undefined {
  const round = ctx.state.globals.selling_round
  return ctx.state.orders.find((o) => o.buyer_id === user.id && o.product_id === productId && o.state === 'confirmed' && o.rounds.includes(round))
}

// ---- routes ------------------------------------------------------------------------------------------

function postNonce(ctx: ApiContext, request: ApiRequest): ApiReply {
  const json = parseJson(request)
  if (!json.ok) return json.reply
  const address = json.value.public_address
  if (typeof address !== 'string') return validation(['body', 'public_address'], 'field required')
  const nonce = randomBytes(32).toString('hex')
  // Exact, case-sensitive match; an unknown string silently becomes a new inactive account (protocol §1a).
  const user = ctx.state.users.find((u) => u.public_address === address)
  if (user) {
    user.nonce = nonce
  } else {
    const id = Math.max(0, ...ctx.state.users.map((u) => u.id)) + 1
    ctx.state.users.push({
      id,
      username: address,
      email: null,
      password: nonce,
      public_address: address,
      nonce,
      is_active: false,
      social_discord: null,
      social_linkedin: null,
      social_twitter: null,
      social_website: null,
      default_receiving_wallet_address: null,
      public_key: null,
      encrypted_private_key: null,
      public_key_v2: null,
      encrypted_private_key_v2: null,
    })
  }
  return ok({ nonce })
}

function postAccessTokenWeb3(ctx: ApiContext, request: ApiRequest): ApiReply {
  const json = parseJson(request)
  if (!json.ok) return json.reply
  const { public_address: address, signature } = json.value
  if (typeof address !== 'string') return validation(['body', 'public_address'], 'field required')
  if (typeof signature !== 'string') return validation(['body', 'signature'], 'field required')
  const user = ctx.state.users.find((u) => u.public_address === address)
  if (!user || !user.nonce) return detail(400, 'Incorrect signature')
  let recovered: string
  try {
    recovered = recoverPersonalSigner(new TextEncoder().encode(loginMessage(user.nonce)), signatureFromHex(signature))
  } catch {
    return detail(400, 'Incorrect signature')
  }
  if (recovered.toLowerCase() !== address.toLowerCase()) return detail(400, 'Incorrect signature')
  user.nonce = randomBytes(32).toString('hex')
  user.is_active = true
  return ok({ access_token: ctx.tokens.issue(user.id), token_type: 'bearer', user: userJson(user) })
}

function postAccessTokenPassword(ctx: ApiContext, request: ApiRequest): ApiReply {
  const type = String(request.headers['content-type'] ?? '')
  if (!type.includes('application/x-www-form-urlencoded') && !type.includes('multipart/form-data')) {
    return { status: 422, body: { detail: [{ loc: ['body', 'username'], msg: 'field required', type: 'value_error.missing' }, { loc: ['body', 'password'], msg: 'field required', type: 'value_error.missing' }] } }
  }
  const form = new URLSearchParams(request.body.toString('utf8'))
  const username = form.get('username')
  const password = form.get('password')
  if (username === null) return validation(['body', 'username'], 'field required')
  if (password === null) return validation(['body', 'password'], 'field required')
  const user = ctx.state.users.find((u) => u.username === username)
  if (!user || user.password === null || user.password !== password) return detail(400, 'Incorrect username or password')
  if (!user.is_active) return detail(400, 'Inactive user')
  return ok({ access_token: ctx.tokens.issue(user.id), token_type: 'bearer', user: userJson(user) })
}

const SOCIALS = ['social_discord', 'social_linkedin', 'social_twitter', 'social_website'] as const

function putMe(ctx: ApiContext, request: ApiRequest, user: DemoUser): ApiReply {
  const json = parseJson(request)
  if (!json.ok) return json.reply
  const body = json.value
  if (body.email !== undefined && body.email !== null && (typeof body.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email))) {
    return validation(['body', 'email'], 'value is not a valid email address', 'value_error.email')
  }
  if (typeof body.username === 'string' && body.username !== user.username && ctx.state.users.some((u) => u.username === body.username)) {
    return detail(400, 'This username already exists.')
  }
  if (typeof body.public_address === 'string') {
    const linked = linkWallet(ctx, user, body.public_address, body.signature)
    if (linked) return linked
  }
  if (typeof body.username === 'string') user.username = body.username
  if (typeof body.email === 'string') user.email = body.email
  if (typeof body.password === 'string') user.password = body.password
  if (typeof body.default_receiving_wallet_address === 'string') user.default_receiving_wallet_address = body.default_receiving_wallet_address.toLowerCase()
  // pydantic v1 marks the socials as set: omitted ones become null (protocol §2).
  for (const social of SOCIALS) user[social] = typeof body[social] === 'string' ? (body[social] as string) : null
  // Un-suffixed body names land in the v2 columns, only when both are non-null; no validation at all.
  if (typeof body.public_key === 'string' && typeof body.encrypted_private_key === 'string') {
    user.public_key_v2 = body.public_key
    user.encrypted_private_key_v2 = body.encrypted_private_key
    const round = ctx.state.globals.selling_round
    for (const order of ctx.state.orders) {
      if (order.buyer_id === user.id && order.state === 'confirmed' && order.rounds.includes(round) && order.buyer_public_key !== null) {
        order.buyer_public_key = body.public_key
      }
    }
  }
  return ok(userJson(user))
}

/** Wallet linking (protocol §1c): sign the GET /login/nonce nonce; "" disconnects. Returns an error reply or null. */
function linkWallet(ctx: ApiContext, user: DemoUser, address: string, signature: unknown): ApiReply | null {
  if (address === '') {
    user.public_address = null
    return null
  }
  if (typeof signature !== 'string' || !user.nonce) return detail(400, 'Invalid signature')
  try {
    const signer = recoverPersonalSigner(new TextEncoder().encode(loginMessage(user.nonce)), signatureFromHex(signature))
    if (signer.toLowerCase() !== address.toLowerCase()) return detail(400, 'Invalid signature')
  } catch {
    return detail(400, 'Invalid signature')
  }
  // A unique-constraint violation upstream: an unhandled 500 with a plain-text body.
  if (ctx.state.users.some((u) => u.id !== user.id && u.public_address === address)) return { status: 500, raw: 'Internal Server Error' }
  user.nonce = randomBytes(32).toString('hex')
  user.public_address = address
  return null
}

function searchOrders(ctx: ApiContext, request: ApiRequest, user: DemoUser): ApiReply {
  const json = parseJson(request)
  if (!json.ok) return json.reply
  const body = json.value
  const skip = body.skip === undefined || body.skip === null ? 0 : Number(body.skip)
  const limit = body.limit === undefined || body.limit === null ? undefined : Number(body.limit)
  if (!Number.isInteger(skip) || (limit !== undefined && !Number.isInteger(limit))) return validation(['body', 'skip'], 'value is not a valid integer', 'type_error.integer')
  if (skip < 0) return detail(400, 'Skip must be positive')
  const owned = new Set(ctx.state.products.filter((p) => p.owner_id === user.id).map((p) => p.id))
  let orders = ctx.state.orders.filter((o) =>
    body.role === 'buyer' ? o.buyer_id === user.id : body.role === 'seller' ? owned.has(o.product_id) : o.buyer_id === user.id || owned.has(o.product_id),
  )
  if (typeof body.id === 'number') orders = orders.filter((o) => o.id === body.id)
  const filters = (typeof body.filters === 'object' && body.filters !== null ? body.filters : {}) as Record<string, { in?: unknown[] } | undefined>
  if (Array.isArray(filters.product?.in)) orders = orders.filter((o) => filters.product!.in!.includes(o.product_id))
  if (Array.isArray(filters.state?.in)) orders = orders.filter((o) => filters.state!.in!.includes(o.state))
  if (Array.isArray(filters.round_order?.in) && filters.round_order.in.length > 0) {
    const round = Number(filters.round_order.in[0])
    orders = orders.filter((o) => o.rounds.includes(round))
  }
  if ('active' in filters) orders = orders.filter((o) => o.state === 'confirmed' && o.rounds.includes(ctx.state.globals.selling_round))
  orders = [...orders].sort(body.sort === 'latest' ? (a, b) => b.date_order.localeCompare(a.date_order) : (a, b) => b.id - a.id)
  const total = orders.length
  const page = orders.slice(skip, limit === undefined ? undefined : skip + limit)
  return ok({ total, data: page.map((o) => orderJson(ctx, o)) })
}

function listOrderArtifacts(ctx: ApiContext, request: ApiRequest, user: DemoUser): ApiReply {
  const orderId = Number(request.query.get('order_id'))
  if (!request.query.has('order_id') || !Number.isInteger(orderId)) return validation(['query', 'order_id'], 'field required')
  const order = ctx.state.orders.find((o) => o.id === orderId)
  if (!order) return detail(404, 'Order not found')
  const product = ctx.state.products.find((p) => p.id === order.product_id)!
  if (product.owner_id !== user.id && !buyerOrder(ctx, user, product.id)) return detail(403, 'Not enough permissions')
  const activeOnly = ['true', '1', 'yes', 'on'].includes(String(request.query.get('active_only')).toLowerCase())
  const data = ctx.state.artifacts.filter(
    (a) => a.kind === 'order' && a.order_id === order.id && (!isPerRound(product) || a.round_tournament === ctx.state.globals.selling_round) && (!activeOnly || a.state === 'active'),
  )
  return ok({ total: data.length, data: data.map(orderArtifactJson) })
}

function getOrderArtifact(ctx: ApiContext, artifactId: string, user: DemoUser): ApiReply {
  const artifact = ctx.state.artifacts.find((a) => a.kind === 'order' && a.id === artifactId)
  if (!artifact) return detail(404, 'Artifact not found')
  const product = ctx.state.products.find((p) => p.id === artifact.product_id)!
  if (product.owner_id !== user.id && !buyerOrder(ctx, user, product.id)) return detail(403, 'Not enough permissions')
  return ok(orderArtifactJson(artifact))
}

function orderArtifactDownloadUrl(ctx: ApiContext, artifactId: string, user: DemoUser): ApiReply {
  const artifact = ctx.state.artifacts.find((a) => a.kind === 'order' && a.id === artifactId)
  if (!artifact) return detail(404, 'Artifact not found')
  if (!artifact.object_name) return detail(400, 'Artifact not an upload')
  if (artifact.is_numerai_direct) return detail(400, 'Direct Numerai submission cannot be downloaded')
  const product = ctx.state.products.find((p) => p.id === artifact.product_id)!
  if (product.owner_id !== user.id) {
    const order = buyerOrder(ctx, user, product.id)
    if (!order) return detail(403, 'Not enough permissions')
    if (order.mode !== 'file') return detail(403, 'Download not allowed for this artifact')
  }
  return ok(ctx.urls.sign(ctx.origin, artifact.object_name))
}

function listProductArtifacts(ctx: ApiContext, productId: number, user: DemoUser): ApiReply {
  const product = ctx.state.products.find((p) => p.id === productId)
  if (!product) return detail(404, 'Product not found')
  if (product.owner_id !== user.id && !buyerOrder(ctx, user, product.id)) return detail(403, 'Not enough permissions')
  const data = ctx.state.artifacts.filter((a) => a.kind === 'product' && a.product_id === product.id && (!isPerRound(product) || a.round_tournament === ctx.state.globals.selling_round))
  return ok({ total: data.length, data: data.map(productArtifactJson) })
}

function productArtifactDownloadUrl(ctx: ApiContext, productId: number, artifactId: number, user: DemoUser): ApiReply {
  const product = ctx.state.products.find((p) => p.id === productId)
  if (!product) return detail(404, 'Product not found')
  if (product.owner_id !== user.id) {
    const order = buyerOrder(ctx, user, product.id)
    if (!order) return detail(403, 'Not enough permissions')
    if (order.mode !== 'file') return detail(403, 'Download not allowed for this artifact')
  }
  // Upstream does not check that the artifact belongs to this product.
  const artifact = ctx.state.artifacts.find((a) => a.kind === 'product' && a.id === artifactId)
  if (!artifact) return detail(404, 'Artifact not found')
  if (!artifact.object_name) return detail(400, 'Artifact not an upload')
  return ok(ctx.urls.sign(ctx.origin, artifact.object_name))
}

function globalsJson(ctx: ApiContext): Record<string, unknown> {
  const g = ctx.state.globals
  return {
    id: g.id,
    active_round: g.active_round,
    selling_round: g.selling_round,
    is_doing_round_rollover: g.is_doing_round_rollover,
    last_round_open_processed: g.active_round,
    total_num_products: ctx.state.products.length,
    total_num_sales: ctx.state.orders.filter((o) => o.state === 'confirmed').length,
    total_qty_sales: ctx.state.orders.filter((o) => o.state === 'confirmed').reduce((n, o) => n + o.rounds.length, 0),
    total_sales_nmr: ctx.state.orders.filter((o) => o.state === 'confirmed').reduce((n, o) => n + o.price, 0),
  }
}

function redirectWithSlash(ctx: ApiContext, request: ApiRequest): ApiReply {
  const query = request.query.toString()
  return { status: 307, headers: { location: `${ctx.origin}${ctx.apiPrefix}${request.path}/${query ? `?${query}` : ''}` } }
}

/** Routes one API request (path relative to the API prefix). */
export function handleApi(ctx: ApiContext, request: ApiRequest): ApiReply {
  const { method, path } = request
  const route = `${method} ${path}`
  if (route === 'GET /globals' || route === 'GET /artifacts') return redirectWithSlash(ctx, request)
  if (route === 'GET /globals/') return ok(globalsJson(ctx))
  if (route === 'POST /login/nonce') return postNonce(ctx, request)
  if (route === 'POST /login/access-token-web3') return postAccessTokenWeb3(ctx, request)
  if (route === 'POST /login/access-token') return postAccessTokenPassword(ctx, request)

  const auth = (requireActive = true): Authed => authenticate(ctx, request, requireActive)
  if (route === 'POST /login/test-token') {
    const a = auth(false)
    return a.ok ? ok(userJson(a.user)) : a.reply
  }
  if (route === 'GET /login/nonce') {
    const a = auth(false)
    if (!a.ok) return a.reply
    a.user.nonce ??= randomBytes(32).toString('hex')
    return ok({ nonce: a.user.nonce })
  }
  if (path === '/users/me' && (method === 'GET' || method === 'PUT')) {
    const a = auth()
    if (!a.ok) return a.reply
    return method === 'GET' ? ok(userJson(a.user)) : putMe(ctx, request, a.user)
  }
  if (route === 'POST /orders/search') {
    const a = auth()
    return a.ok ? searchOrders(ctx, request, a.user) : a.reply
  }
  if (route === 'GET /artifacts/') {
    const a = auth()
    return a.ok ? listOrderArtifacts(ctx, request, a.user) : a.reply
  }
  let match = /^\/artifacts\/([^/]+)(\/generate-download-url)?$/.exec(path)
  if (match && method === 'GET') {
    const a = auth()
    if (!a.ok) return a.reply
    const id = decodeURIComponent(match[1]!)
    return match[2] ? orderArtifactDownloadUrl(ctx, id, a.user) : getOrderArtifact(ctx, id, a.user)
  }
  match = /^\/products\/([^/]+)\/artifacts(?:\/([^/]+)\/generate-download-url)?$/.exec(path)
  if (match && method === 'GET') {
    const productId = Number(match[1])
    if (!Number.isInteger(productId)) return validation(['path', 'product_id'], 'value is not a valid integer', 'type_error.integer')
    const a = auth()
    if (!a.ok) return a.reply
    if (match[2] === undefined) return listProductArtifacts(ctx, productId, a.user)
    const artifactId = Number(match[2])
    if (!Number.isInteger(artifactId)) return validation(['path', 'artifact_id'], 'value is not a valid integer', 'type_error.integer')
    return productArtifactDownloadUrl(ctx, productId, artifactId, a.user)
  }
  return detail(404, 'Not Found')
}

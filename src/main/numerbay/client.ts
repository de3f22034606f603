// NumerBay's API as typed calls, for the app, the CLI and the workflows: sign-in (wallet nonce or password), the
// account and its key, orders, artifacts and download URLs, every answer checked against its schema.

import { z } from 'zod'
import { AppError } from '../../shared/errors'
import type { Logger } from '../log'
import { signatureToHex } from '../signers/signature'
import type { Signer } from '../signers/types'
import { DEFAULT_API_URL, normalizeApiBaseUrl } from './api-url'
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, requestJson, type HttpOptions, type RequestSpec, type RetryPolicy } from './http'
import { nodeFetch, type ApiFetch } from './node-fetch'
import {
  apiUserSchema,
  downloadUrlSchema,
  globalsSchema,
  loginResponseSchema,
  nonceResponseSchema,
  orderArtifactSchema,
  orderSchema,
  pageSchema,
  productArtifactSchema,
  type ApiGlobals,
  type ApiLoginResponse,
  type ApiOrder,
  type ApiOrderArtifact,
  type ApiPage,
  type ApiProductArtifact,
  type ApiUser,
} from './schemas'

/** NumerBay access tokens last 8 days and cannot be refreshed (protocol §0). */
export const TOKEN_LIFETIME_MS = 8 * 24 * 60 * 60 * 1000

/** The exact message NumerBay's web3 login verifies (core/security.py). */
export function loginMessage(nonce: string): string {
  return `I am signing my one-time nonce: ${nonce}`
}

export interface NumerBayClientOptions {
  readonly baseUrl?: string
  /** The HTTP transport (default nodeFetch; tests pass wrappers of fetch). */
  readonly fetch?: ApiFetch
  /** Per attempt (default 30 s). */
  readonly timeoutMs?: number
  readonly retry?: Partial<RetryPolicy>
  /** For the token expiry estimate (default Date.now). */
  readonly now?: () => number
  /** Sign-ins at info, each request at debug (path and status only). Default: no log. */
  readonly logger?: Logger
  /**
   * Ends every request of this client, and any wait between its retries, once aborted (CANCELLED): a long run such
   * as watch mode stops at once instead of sitting out a server's Retry-After.
   */
  readonly signal?: AbortSignal
}

export interface SignInResult {
  readonly user: ApiUser
  /** When the token stops working (estimated from the sign-in time; NumerBay does not say). */
  readonly expiresAt: number
  readonly method: 'wallet' | 'password'
}

export interface OrderSearch {
  readonly role?: 'buyer' | 'seller'
  readonly id?: number
  readonly skip?: number
  readonly limit?: number
  readonly filters?: Record<string, unknown>
  readonly sort?: 'latest'
}

/** PUT /users/me body keys (all optional; the socials are reset to null when omitted, see uploadKey). */
export interface UpdateMeBody {
  readonly username?: string
  readonly email?: string
  readonly social_discord?: string | null
  readonly social_linkedin?: string | null
  readonly social_twitter?: string | null
  readonly social_website?: string | null
  /** Written by the server into public_key_v2. */
  readonly public_key?: string
  /** Written by the server into encrypted_private_key_v2. */
  readonly encrypted_private_key?: string
}

export interface KeyUpload {
  readonly publicKey: string
  readonly encryptedPrivateKey: string
}

/** A typed NumerBay API client. The access token stays inside it (memory only) and is never logged. */
export interface NumerBayClient {
  readonly baseUrl: string
  readonly signedIn: boolean
  /** Epoch ms when the current token expires (estimated), or null. */
  readonly tokenExpiresAt: number | null
  /** Web3 sign-in with any Signer: nonce for the lower-cased address, personal_sign, access token. */
  signInWithWallet(signer: Signer, options?: { signal?: AbortSignal }): Promise<SignInResult>
  /** Username/password sign-in (form-encoded, as OAuth2PasswordRequestForm wants). */
  signInWithPassword(username: string, password: string, options?: { signal?: AbortSignal }): Promise<SignInResult>
  signOut(): void
  getGlobals(): Promise<ApiGlobals>
  getMe(): Promise<ApiUser>
  updateMe(body: UpdateMeBody): Promise<ApiUser>
  /** Uploads a v2 key (body names public_key/encrypted_private_key), echoing the socials so they are kept. */
  uploadKey(key: KeyUpload, current?: ApiUser): Promise<ApiUser>
  /** POST /orders/search; role defaults to buyer. */
  searchOrders(search?: OrderSearch): Promise<ApiPage<ApiOrder>>
  listOrderArtifacts(orderId: number, options?: { activeOnly?: boolean }): Promise<ApiPage<ApiOrderArtifact>>
  listProductArtifacts(productId: number): Promise<ApiPage<ApiProductArtifact>>
  /** A fresh signed URL (valid about 10 minutes) for a sealed per-order artifact. */
  orderArtifactDownloadUrl(artifactId: string, options?: { signal?: AbortSignal }): Promise<string>
  /** A fresh signed URL for a plaintext product artifact. */
  productArtifactDownloadUrl(productId: number, artifactId: number, options?: { signal?: AbortSignal }): Promise<string>
}

export function createNumerBayClient(options: NumerBayClientOptions = {}): NumerBayClient {
  const http: HttpOptions = {
    baseUrl: normalizeApiBaseUrl(options.baseUrl ?? DEFAULT_API_URL),
    fetch: options.fetch ?? nodeFetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    ...(options.logger ? { log: options.logger.child({ component: 'api' }) } : {}),
  }
  const log = http.log
  const now = options.now ?? Date.now
  let token: string | null = null
  let tokenExpiresAt: number | null = null

  const stop = options.signal
  const call = <S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.infer<S>> =>
    requestJson(http, stop ? { ...spec, signal: spec.signal ? AbortSignal.any([spec.signal, stop]) : stop } : spec)

  const authed = async <S extends z.ZodType>(spec: Omit<RequestSpec<S>, 'token'>): Promise<z.infer<S>> => {
    if (token === null || (tokenExpiresAt !== null && now() >= tokenExpiresAt)) {
      const expired = token !== null
      token = null
      tokenExpiresAt = null
      throw new AppError(expired ? 'API_SESSION_EXPIRED' : 'API_SIGN_IN_REQUIRED')
    }
    try {
      return await call({ ...spec, token })
    } catch (error) {
      if ((error as AppError).code === 'API_SESSION_EXPIRED') {
        token = null
        tokenExpiresAt = null
      }
      throw error
    }
  }

  const accept = (login: ApiLoginResponse, method: SignInResult['method'], startedAt: number): SignInResult => {
    token = login.access_token
    tokenExpiresAt = startedAt + TOKEN_LIFETIME_MS
    log?.info({ event: 'sign-in', method, userId: login.user.id, address: login.user.public_address ?? null, api: http.baseUrl }, 'signed in')
    return { user: login.user, expiresAt: tokenExpiresAt, method }
  }

  return {
    baseUrl: http.baseUrl,
    get signedIn() {
      return token !== null
    },
    get tokenExpiresAt() {
      return tokenExpiresAt
    },

    async signInWithWallet(signer, { signal } = {}) {
      // NumerBay matches addresses case-sensitively and creates an account for any unknown string: always lower-case.
      const address = (await signer.address()).toLowerCase()
      const startedAt = now()
      const { nonce } = await call({ method: 'POST', path: '/login/nonce', json: { public_address: address }, schema: nonceResponseSchema, signIn: true, ...(signal ? { signal } : {}) })
      const signature = await signer.signPersonalMessage(new TextEncoder().encode(loginMessage(nonce)))
      const login = await call({
        method: 'POST',
        path: '/login/access-token-web3',
        json: { public_address: address, signature: signatureToHex(signature) },
        schema: loginResponseSchema,
        signIn: true,
        noRetry: true,
        ...(signal ? { signal } : {}),
      })
      signature.fill(0)
      return accept(login, 'wallet', startedAt)
    },

    async signInWithPassword(username, password, { signal } = {}) {
      const startedAt = now()
      const login = await call({
        method: 'POST',
        path: '/login/access-token',
        form: { grant_type: 'password', username, password },
        schema: loginResponseSchema,
        signIn: true,
        ...(signal ? { signal } : {}),
      })
      return accept(login, 'password', startedAt)
    },

    signOut() {
      if (token !== null) log?.info({ event: 'sign-out' }, 'signed out')
      token = null
      tokenExpiresAt = null
    },

    getGlobals: () => call({ method: 'GET', path: '/globals/', schema: globalsSchema }),
    getMe: () => authed({ method: 'GET', path: '/users/me', schema: apiUserSchema }),
    updateMe: (body) => authed({ method: 'PUT', path: '/users/me', json: body, schema: apiUserSchema }),

    async uploadKey(key, current) {
      const me = current ?? (await authed({ method: 'GET', path: '/users/me', schema: apiUserSchema }))
      // PUT /users/me assigns every social field unconditionally: send them back or they become null.
      return authed({
        method: 'PUT',
        path: '/users/me',
        json: {
          social_discord: me.social_discord,
          social_linkedin: me.social_linkedin,
          social_twitter: me.social_twitter,
          social_website: me.social_website,
          public_key: key.publicKey,
          encrypted_private_key: key.encryptedPrivateKey,
        } satisfies UpdateMeBody,
        schema: apiUserSchema,
      })
    },

    searchOrders: (search = {}) =>
      authed({ method: 'POST', path: '/orders/search', json: { role: 'buyer', ...search }, schema: pageSchema(orderSchema) }),

    listOrderArtifacts: (orderId, { activeOnly } = {}) =>
      authed({ method: 'GET', path: '/artifacts/', query: { order_id: orderId, ...(activeOnly ? { active_only: true } : {}) }, schema: pageSchema(orderArtifactSchema) }),

    listProductArtifacts: (productId) =>
      authed({ method: 'GET', path: `/products/${productId}/artifacts`, schema: pageSchema(productArtifactSchema) }),

    orderArtifactDownloadUrl: (artifactId, { signal } = {}) =>
      authed({ method: 'GET', path: `/artifacts/${encodeURIComponent(artifactId)}/generate-download-url`, schema: downloadUrlSchema, ...(signal ? { signal } : {}) }),

    productArtifactDownloadUrl: (productId, artifactId, { signal } = {}) =>
      authed({ method: 'GET', path: `/products/${productId}/artifacts/${artifactId}/generate-download-url`, schema: downloadUrlSchema, ...(signal ? { signal } : {}) }),
  }
}

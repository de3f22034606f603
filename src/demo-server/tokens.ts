// The demo server's credentials: access tokens shaped like NumerBay's and signed storage URLs that expire, so
// clients meet real expiry and refusal.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

/** HS256 JWTs shaped like NumerBay's ({"exp": seconds, "sub": "<user id>"}), signed with a per-run secret. */
export class AccessTokens {
  private secret = randomBytes(32)
  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
    /** Told every token issued (the handle's `issued`, for tests that scan outputs for credentials). */
    private readonly onIssue: (token: string) => void = () => undefined,
  ) {}

  issue(userId: number): string {
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
    const payload = b64url(JSON.stringify({ exp: Math.floor((this.now() + this.lifetimeMs) / 1000), sub: String(userId) }))
    const token = `${header}.${payload}.${this.sign(`${header}.${payload}`)}`
    this.onIssue(token)
    return token
  }

  /** The user id, or null for a bad signature, malformed token or expired token. */
  verify(token: string): number | null {
    const [header, payload, signature] = token.split('.')
    if (!header || !payload || !signature) return null
    const expected = Buffer.from(this.sign(`${header}.${payload}`))
    const given = Buffer.from(signature)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number; sub?: string }
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) return null
      const id = Number(claims.sub)
      return Number.isInteger(id) ? id : null
    } catch {
      return null
    }
  }

  /** Invalidates every token issued so far (as if they had all expired). */
  revokeAll(): void {
    this.secret = randomBytes(32)
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url')
  }
}

export type UrlCheck = { ok: true } | { ok: false; reason: 'expired' | 'signature'; expiredAt?: number }

/** Signed storage URLs with GCS V4-like parameters: issue time, lifetime and an HMAC over both and the object. */
export class UrlSigner {
  private readonly secret = randomBytes(32)
  /** URLs issued at or before this time count as expired (fault injection). */
  expiredBefore = 0
  constructor(
    readonly ttlSeconds: number,
    private readonly now: () => number,
    /** Told every URL signed (the handle's `issued`). */
    private readonly onSign: (url: string) => void = () => undefined,
  ) {}

  sign(origin: string, objectName: string): string {
    const issued = this.now()
    const params = new URLSearchParams({
      'X-Goog-Algorithm': 'GOOG4-HMAC-SHA256',
      'X-Goog-Date': String(issued),
      'X-Goog-Expires': String(this.ttlSeconds),
      'X-Goog-SignedHeaders': 'host',
    })
    params.set('X-Goog-Signature', this.mac(objectName, issued, this.ttlSeconds))
    const url = `${origin}/storage/${encodeURIComponent(objectName)}?${params.toString()}`
    this.onSign(url)
    return url
  }

  check(objectName: string, query: URLSearchParams): UrlCheck {
    const issued = Number(query.get('X-Goog-Date'))
    const ttl = Number(query.get('X-Goog-Expires'))
    const given = Buffer.from(query.get('X-Goog-Signature') ?? '')
    if (!Number.isFinite(issued) || !Number.isFinite(ttl)) return { ok: false, reason: 'signature' }
    const expected = Buffer.from(this.mac(objectName, issued, ttl))
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' }
    const expiresAt = issued + ttl * 1000
    if (this.now() >= expiresAt || issued <= this.expiredBefore) return { ok: false, reason: 'expired', expiredAt: Math.min(expiresAt, this.now()) }
    return { ok: true }
  }

  private mac(objectName: string, issued: number, ttl: number): string {
    return createHmac('sha256', this.secret).update(`${objectName}\n${issued}\n${ttl}`).digest('hex')
  }
}

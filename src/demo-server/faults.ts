// The failures the demo server can be told to produce (API and storage errors, dropped and stalled bodies, storms
// with Retry-After, expired URLs and tokens, wrong hashes), so tests reach every error path. The same controls are
// the handle's methods and the admin routes.

/** A spell of 503 or 429 answers with Retry-After, over a number of responses or until a time (whichever ends first). */
export interface Storm {
  readonly status: 503 | 429
  /** The Retry-After header as sent (delay-seconds or an HTTP date), or null for none. */
  readonly retryAfter: string | null
  /** Responses left, or null for no limit (then `until` ends it). */
  remaining: number | null
  /** Epoch ms when the storm ends, or null for no time limit. */
  readonly until: number | null
}

export interface StormOptions {
  /** Which requests it hits (default both). */
  readonly target?: 'api' | 'storage' | 'both'
  /** Default 503. */
  readonly status?: 503 | 429
  /** Seconds (sent as delay-seconds), a raw header value (an HTTP date), or null for none. Default 2. */
  readonly retryAfter?: number | string | null
  /** How many responses (per target). Default 3 when `durationMs` is not given either. */
  readonly count?: number
  /** For how long, from now. */
  readonly durationMs?: number
}

/** Faults a test (or another process, through the admin route) can inject. Counters count down per response. */
export interface FaultState {
  /** Added before every API and storage response. */
  latencyMs: number
  /** Storage bodies are sent at most this many bytes a second (0: as fast as possible), as a slow link would. */
  throughputBytesPerSecond: number
  /** The next N API responses are 5xx (plain-text "Internal Server Error", like an unhandled FastAPI error). */
  apiFailures: number
  apiFailureStatus: number
  /** The next N successful API responses carry a malformed body instead. */
  apiMalformed: number
  apiMalformedBody: string
  /** The next N storage responses are 5xx. */
  storageFailures: number
  storageFailureStatus: number
  /** The next N storage responses drop the connection after `resetAfterBytes` body bytes. */
  storageResets: number
  resetAfterBytes: number
  /** The next N storage bodies longer than `stallAfterBytes` stop after that many bytes; the connection stays open. */
  storageStalls: number
  stallAfterBytes: number
  /** The next N ranged storage requests (for one object, or any) are answered 200 with the whole object. */
  rangeIgnored: number
  rangeIgnoredObject: string | null
  /** The next N storage requests are answered 403 "Request has expired", whatever their URL. */
  storageExpired: number
  /** API and storage storms: 503/429 with Retry-After (see `storm`). */
  apiStorm: Storm | null
  storageStorm: Storm | null
  /** The next N plain-object responses (for one object, or any) state hashes that do not match the bytes. */
  hashCorruptions: number
  hashCorruptionObject: string | null
}

export function initialFaults(): FaultState {
  return {
    latencyMs: 0,
    throughputBytesPerSecond: 0,
    apiFailures: 0,
    apiFailureStatus: 500,
    apiMalformed: 0,
    apiMalformedBody: '{"id": "not a number", "username": 42',
    storageFailures: 0,
    storageFailureStatus: 503,
    storageResets: 0,
    resetAfterBytes: 0,
    storageStalls: 0,
    rangeIgnored: 0,
    rangeIgnoredObject: null,
    stallAfterBytes: 0,
    storageExpired: 0,
    apiStorm: null,
    storageStorm: null,
    hashCorruptions: 0,
    hashCorruptionObject: null,
  }
}

/** Whether a storm answers this response (and uses up one of its responses); clears it once it is over. */
export function stormHits(state: FaultState, target: 'apiStorm' | 'storageStorm', now: number): Storm | null {
  const storm = state[target]
  if (!storm) return null
  if ((storm.until !== null && now >= storm.until) || storm.remaining === 0) {
    state[target] = null
    return null
  }
  if (storm.remaining !== null) storm.remaining--
  return storm
}

/** The controls, as methods (the handle) and as admin-route operations (same names, JSON arguments). */
export interface DemoFaults {
  readonly state: Readonly<FaultState>
  latency(ms: number): void
  /** Storage bodies at most this many bytes a second (0 lifts the limit): a sync that takes a while. */
  throttle(bytesPerSecond: number): void
  failApi(count: number, status?: number): void
  malformApi(count: number, body?: string): void
  failStorage(count: number, status?: number): void
  resetStorage(count: number, afterBytes: number): void
  /** A server (or proxy) that ignores Range: the next `count` ranged requests get 200 and the whole object. */
  ignoreRange(count: number, objectName?: string): void
  /** A connection that goes quiet mid-body: lets a test stop a transfer that is certain to be unfinished. */
  stallStorage(count: number, afterBytes: number): void
  /**
   * The bodies stalled now carry on (a stuck proxy that recovers), to their end or, with `bytes`, for that many
   * more bytes before they go quiet again: the client sees data again exactly when and as much as the test says.
   */
  releaseStalls(bytes?: number): void
  /** The next `count` storage requests answer 403 expired. */
  expireNextStorage(count: number): void
  /** Every download URL issued until now is expired (new ones work). */
  expireIssuedUrls(): void
  /** Every access token issued until now stops working (403 "Could not validate credentials"). */
  expireTokens(): void
  /** 503 or 429 with Retry-After on the API and/or storage, for a number of responses or a while. */
  storm(options?: StormOptions): void
  /** The next `count` plain-object responses state wrong hashes (x-goog-hash), as if the bytes were damaged. */
  corruptHash(count: number, objectName?: string): void
  /** Flips a byte of a stored object (default: its last byte). */
  tamper(objectName: string, offset?: number): Promise<void>
  clear(): void
}

/** Faults a test (or another process, through the admin route) can inject. Counters count down per response. */
export interface FaultState {
  /** Added before every API and storage response. */
  latencyMs: number
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
}

export function initialFaults(): FaultState {
  return {
    latencyMs: 0,
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
  }
}

/** The controls, as methods (the handle) and as admin-route operations (same names, JSON arguments). */
export interface DemoFaults {
  readonly state: Readonly<FaultState>
  latency(ms: number): void
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
  /** Flips a byte of a stored object (default: its last byte). */
  tamper(objectName: string, offset?: number): Promise<void>
  clear(): void
}

// Serialisable download/sync types shared by the main process, the CLI and the UI. No Node, no DOM.

/** Where an artifact comes from: an order artifact (sealed to the buyer) or a product artifact (plain). */
export type ArtifactSource = 'order' | 'product'

/** Why an artifact is not downloaded. Each one is a stated, expected reason (the sync still counts as complete). */
export type SkipReason =
  /** Numerai-direct copies go straight to Numerai; they cannot be downloaded. */
  | 'numerai-direct'
  /** The artifact is pending, failed, pruned or expired on the server. */
  | 'not-active'
  /** The server has no file behind this artifact (no object_name). */
  | 'not-an-upload'
  /** The order's buyer_public_key matches none of the keys you hold (current key or keyring). */
  | 'not-sealed-to-your-key'
  /** The order submits to Numerai (stake mode): NumerBay does not allow downloading its files. */
  | 'not-a-file-order'
  /** The round rolled over or the order no longer covers the selling round: the server refuses the download. */
  | 'no-longer-available'

export const SKIP_REASON_TEXT: Readonly<Record<SkipReason, string>> = {
  'numerai-direct': 'submitted directly to Numerai; there is no file to download',
  'not-active': 'not active on NumerBay (pending, failed or pruned)',
  'not-an-upload': 'no file was uploaded for this artifact',
  'not-sealed-to-your-key': 'not sealed to your key: the order was encrypted to a key you do not hold',
  'not-a-file-order': 'the order submits to Numerai (stake mode); its files cannot be downloaded',
  'no-longer-available': 'no longer available: the round rolled over or the order no longer covers it',
}

/** One artifact the sync will fetch (or skip), with its sanitised place under the output folder. */
export interface PlannedArtifact {
  /** Stable identity across runs: `order:<artifact id>` or `product:<product id>:<artifact id>`. */
  readonly key: string
  readonly source: ArtifactSource
  /** Order artifact ids are 32-hex strings; product artifact ids are integers. */
  readonly artifactId: string | number
  readonly orderId: number
  readonly productId: number
  readonly productName: string
  readonly round: number | null
  /** The name the server gave the object (untrusted; shown to the user, never used as a path). */
  readonly objectName: string
  /** Relative path under the output folder, POSIX separators, every part sanitised. */
  readonly relativePath: string
  /** Sealed to `buyerPublicKey` (order artifacts) or plain (product artifacts). */
  readonly sealed: boolean
  readonly buyerPublicKey: string | null
  /** Size the uploader declared (untrusted, informative; for sealed files it usually includes the 48-byte header). */
  readonly declaredSize: number | null
}

export interface SkippedArtifact {
  readonly artifact: PlannedArtifact
  readonly reason: SkipReason
}

export interface SyncPlan {
  readonly sellingRound: number
  readonly scope: 'active' | 'all'
  readonly downloads: readonly PlannedArtifact[]
  readonly skipped: readonly SkippedArtifact[]
  /** Orders that could not be listed (e.g. 403 after rollover), with the reason. */
  readonly orderProblems: readonly { readonly orderId: number; readonly productName: string; readonly reason: SkipReason }[]
}

/** The life of one artifact in a sync. `paused` keeps its partial data; `cancelled` discarded it. */
export type ArtifactState = 'queued' | 'downloading' | 'decrypting' | 'paused' | 'done' | 'failed' | 'skipped' | 'cancelled'

export const FINAL_STATES: readonly ArtifactState[] = ['done', 'failed', 'skipped', 'cancelled']

/** A problem in a form that crosses IPC and lands in the manifest (the shape of ErrorInfo): never secrets. */
export interface DownloadProblem {
  readonly code: string
  readonly message: string
  readonly action: string
  readonly detail?: string
}

/** The storage server's hashes (base64, as GCS's x-goog-hash states them) that a plain file was checked against. */
export interface StorageChecksums {
  readonly crc32c?: string
  readonly md5?: string
}

/** How one run of the post-download hook (`watch --exec`) ended. Serialisable: it is kept in the sync record. */
export type HookOutcome =
  | { readonly kind: 'ok' }
  /** The program exited with a non-zero code. */
  | { readonly kind: 'exit'; readonly exitCode: number }
  /** Something outside killed it (not our time limit). */
  | { readonly kind: 'signal'; readonly signal: string }
  /** It ran past its time limit and was killed with its process group. */
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  /** It could not be started (ENOENT: no such program; EACCES: not executable). */
  | { readonly kind: 'spawn-error'; readonly code: string; readonly message: string }
  /** The watcher stopped (or crashed) while it ran. */
  | { readonly kind: 'interrupted' }

/** The hook's record for one file, in its manifest entry. */
export interface HookRecord {
  /** The content (plaintext SHA-256) the record is for: a different file under the same key owes a new run. */
  readonly sha256: string
  /** Runs started for this content. */
  readonly attempts: number
  /** A run succeeded: the hook never runs again for this content, also across restarts. */
  readonly done: boolean
  /** Every allowed run failed: reported once, never run again for this content. */
  readonly gaveUp?: boolean
  /** A run was started and has not ended (written before the program starts, so a crash counts as an attempt). */
  readonly running?: boolean
  readonly last?: { readonly outcome: HookOutcome; readonly at: string; readonly durationMs: number }
}

/** One artifact's record in the manifest (`<out>/.numerbay-sync.json`). */
export interface ManifestEntry
  extends Pick<PlannedArtifact, 'key' | 'source' | 'orderId' | 'productId' | 'productName' | 'round' | 'objectName' | 'relativePath' | 'sealed'> {
  readonly state: ArtifactState
  /** Plaintext bytes on disk once done. */
  readonly size?: number
  /** SHA-256 of the plaintext (hex), once done. */
  readonly sha256?: string
  readonly reason?: SkipReason
  readonly error?: DownloadProblem
  /** Plain files: the storage server's hashes the file matched (absent when the server sent none). */
  readonly checksums?: StorageChecksums
  /** The post-download hook's runs for this file (watch --exec); kept when the entry is rewritten. */
  readonly hook?: HookRecord
  readonly updatedAt: string
}

export const MANIFEST_VERSION = 1
export const MANIFEST_FILE_NAME = '.numerbay-sync.json'

export interface Manifest {
  readonly version: typeof MANIFEST_VERSION
  readonly updatedAt: string
  readonly entries: Readonly<Record<string, ManifestEntry>>
}

/** Progress of one artifact, as pushed to the UI. */
export interface FileProgress {
  readonly key: string
  readonly orderId: number
  readonly productName: string
  readonly round: number | null
  /** The file name on disk (last part of relativePath). */
  readonly name: string
  readonly relativePath: string
  readonly state: ArtifactState
  /** Bytes received from the server (including bytes received in earlier runs). */
  readonly bytesDone: number
  /** Expected bytes from the server, when known (Content-Length/Content-Range, else the declared size). */
  readonly bytesTotal: number | null
  /** Bytes per second over the last few seconds. */
  readonly speed: number
  /** Seconds left at the current speed, when it can be estimated. */
  readonly etaSeconds: number | null
  readonly reason: SkipReason | null
  readonly error: DownloadProblem | null
}

export interface OverallProgress {
  readonly total: number
  readonly done: number
  readonly failed: number
  readonly skipped: number
  readonly cancelled: number
  readonly active: number
  readonly queued: number
  readonly paused: number
  readonly bytesDone: number
  readonly bytesTotal: number | null
  readonly speed: number
  readonly etaSeconds: number | null
}

/** What the sync engine pushes to listeners (the CLI renderer, the app shell's IPC bridge). */
export type SyncEvent =
  | { readonly type: 'plan'; readonly plan: SyncPlan }
  | {
      readonly type: 'state'
      readonly key: string
      readonly relativePath: string
      readonly state: ArtifactState
      readonly reason?: SkipReason
      readonly error?: DownloadProblem
      readonly size?: number
      readonly sha256?: string
    }
  | { readonly type: 'retry'; readonly key: string; readonly attempt: number; readonly problem: DownloadProblem; readonly delayMs: number }
  | { readonly type: 'progress'; readonly overall: OverallProgress; readonly files: readonly FileProgress[] }
  | { readonly type: 'paused'; readonly reason: 'user' | 'error'; readonly error?: DownloadProblem }
  | { readonly type: 'resumed' }
  | { readonly type: 'finished'; readonly summary: SyncSummary }

export interface SyncSummary {
  readonly total: number
  readonly done: number
  readonly skipped: number
  readonly failed: number
  readonly cancelled: number
  /** Artifacts left paused or queued (a pause for a full disk, or the run was stopped). */
  readonly unfinished: number
  /** Bytes received from the server in this run. */
  readonly bytesReceived: number
  readonly elapsedMs: number
  /** True when every artifact is done or skipped for a stated reason. */
  readonly complete: boolean
}

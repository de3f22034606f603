// The download/sync types shared by the main process, the CLI and the UI, by the names the sync engine uses (the
// types of the schemas in ./ipc/transfers, documented there); the words for each skip reason; the sync record's
// format. No Node, no DOM.
import { z } from 'zod'
import {
  artifactStateSchema,
  downloadProblemSchema,
  plannedArtifactSchema,
  skipReasonSchema,
  type fileProgressSchema,
  type overallProgressSchema,
  type skippedArtifactSchema,
  type syncPlanSchema,
  type syncSummarySchema,
} from './ipc/transfers'
import type { artifactKindSchema } from './ipc/account'

/** Where an artifact comes from: an order artifact (sealed to the buyer) or a product artifact (plain). */
export type ArtifactSource = z.infer<typeof artifactKindSchema>

/** Why an artifact is not downloaded: a stated, expected reason (the sync still counts as complete). */
export type SkipReason = z.infer<typeof skipReasonSchema>

export const SKIP_REASON_TEXT: Readonly<Record<SkipReason, string>> = {
  'numerai-direct': 'submitted directly to Numerai; there is no file to download',
  'not-active': 'not active on NumerBay (pending, failed or pruned)',
  'not-an-upload': 'no file was uploaded for this artifact',
  'not-sealed-to-your-key': 'not sealed to your key: the order was encrypted to a key you do not hold',
  'not-a-file-order': 'the order submits to Numerai (stake mode); its files cannot be downloaded',
  'no-longer-available': 'no longer available: the round rolled over or the order no longer covers it',
}

/** One artifact the sync will fetch (or skip), with its sanitised place under the output folder. */
export type PlannedArtifact = z.infer<typeof plannedArtifactSchema>

export type SkippedArtifact = z.infer<typeof skippedArtifactSchema>

export type SyncPlan = z.infer<typeof syncPlanSchema>

/** The life of one artifact in a sync. `paused` keeps its partial data; `cancelled` discarded it. */
export type ArtifactState = z.infer<typeof artifactStateSchema>

/** A problem in a form that crosses IPC and lands in the manifest (the shape of ErrorInfo): never secrets. */
export type DownloadProblem = z.infer<typeof downloadProblemSchema>

const base64Schema = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/)

/** The storage server's hashes (base64, as GCS's x-goog-hash states them) that a plain file was checked against. */
export const storageChecksumsSchema = z.object({ crc32c: base64Schema.optional(), md5: base64Schema.optional() }).readonly()
export type StorageChecksums = z.infer<typeof storageChecksumsSchema>

/** How one run of the post-download hook (`watch --exec`) ended. Serialisable: it is kept in the sync record. */
export const hookOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ok') }).readonly(),
  /** The program exited with a non-zero code. */
  z.object({ kind: z.literal('exit'), exitCode: z.number().int() }).readonly(),
  /** Something outside killed it (not our time limit). */
  z.object({ kind: z.literal('signal'), signal: z.string().max(32) }).readonly(),
  /** It ran past its time limit and was killed with its process group. */
  z.object({ kind: z.literal('timeout'), timeoutMs: z.number().nonnegative() }).readonly(),
  /** It could not be started (ENOENT: no such program; EACCES: not executable). */
  z.object({ kind: z.literal('spawn-error'), code: z.string().max(64), message: z.string().max(500) }).readonly(),
  /** The watcher stopped (or crashed) while it ran. */
  z.object({ kind: z.literal('interrupted') }).readonly(),
])
export type HookOutcome = z.infer<typeof hookOutcomeSchema>

/** The hook's record for one file, in its manifest entry. Fields added later are optional, so old records read. */
export const hookRecordSchema = z
  .object({
    /** The content (plaintext SHA-256) the record is for: a different file under the same key owes a new run. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** Runs started for this content. */
    attempts: z.number().int().nonnegative(),
    /** A run succeeded: the hook never runs again for this content, also across restarts. */
    done: z.boolean(),
    /** Every allowed run failed: reported once, never run again for this content. */
    gaveUp: z.boolean().optional(),
    /** A run was started and has not ended (written before the program starts, so a crash counts as an attempt). */
    running: z.boolean().optional(),
    last: z.object({ outcome: hookOutcomeSchema, at: z.string(), durationMs: z.number().nonnegative() }).readonly().optional(),
  })
  .readonly()
export type HookRecord = z.infer<typeof hookRecordSchema>

export const MANIFEST_VERSION = 1
export const MANIFEST_FILE_NAME = '.numerbay-sync.json'

/**
 * One artifact's record in the manifest (`<out>/.numerbay-sync.json`). The main process adds its own check of
 * `relativePath` (a path this app writes) when it reads the file.
 */
export const manifestEntrySchema = plannedArtifactSchema
  .unwrap()
  .pick({ source: true, orderId: true, productId: true, productName: true, round: true, objectName: true, relativePath: true, sealed: true })
  .extend({
    key: z.string().min(1).max(256),
    state: artifactStateSchema,
    /** Plaintext bytes on disk once done. */
    size: z.number().int().nonnegative().optional(),
    /** SHA-256 of the plaintext (hex), once done. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    reason: skipReasonSchema.optional(),
    error: downloadProblemSchema.optional(),
    /** Plain files: the storage server's hashes the file matched (absent when the server sent none). */
    checksums: storageChecksumsSchema.optional(),
    /** The post-download hook's runs for this file (watch --exec); kept when the entry is rewritten. */
    hook: hookRecordSchema.optional(),
    updatedAt: z.string(),
  })
  .readonly()

/** The sync record in the output folder: each artifact's entry, by its key. */
export const manifestSchema = z
  .object({
    version: z.literal(MANIFEST_VERSION),
    updatedAt: z.string(),
    entries: z.record(z.string(), manifestEntrySchema).readonly(),
  })
  .readonly()

export type ManifestEntry = z.infer<typeof manifestEntrySchema>
export type Manifest = z.infer<typeof manifestSchema>

/** Progress of one artifact, as pushed to the UI. */
export type FileProgress = z.infer<typeof fileProgressSchema>

export type OverallProgress = z.infer<typeof overallProgressSchema>

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

/** How a run ended. */
export type SyncSummary = z.infer<typeof syncSummarySchema>

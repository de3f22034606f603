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

// The download and offline-decrypt shapes: the one definition of each (src/shared/downloads.ts names them for
// the sync engine and the CLI).
import { z } from 'zod'
import { artifactKindSchema } from './account'
import { absolutePathSchema, epochMsSchema, errorInfoSchema, list } from './common'

// ---- Downloads ---------------------------------------------------------------------------------------------

export const downloadSelectionSchema = z
  .object({
    /** `active`: confirmed orders covering the selling round (the default sync); `all`: everything still downloadable. */
    scope: z.enum(['active', 'all']).default('active'),
    /** Restrict to these orders (all of the scope when omitted). */
    orderIds: z.array(z.number().int()).max(10_000).optional(),
    /** Restrict to these planned files (PlannedArtifact.key). */
    keys: z.array(z.string().min(1).max(256)).max(100_000).optional(),
    /** Destination folder: the downloadDir setting (the default) or a folder chosen in a dialog this run. */
    destination: absolutePathSchema.optional(),
  })
  .strict()

/** A problem in a form that crosses IPC and lands in the sync record (ErrorInfo's shape): never secrets. */
export const downloadProblemSchema = errorInfoSchema.omit({ expected: true }).readonly()

/**
 * Why an artifact is not downloaded (SKIP_REASON_TEXT in src/shared/downloads.ts has the words). Each one is a
 * stated, expected reason: the sync still counts as complete.
 * - `numerai-direct`: submitted straight to Numerai; there is no file to download.
 * - `not-active`: the artifact is pending, failed, pruned or expired on the server.
 * - `not-an-upload`: the server has no file behind this artifact (no object_name).
 * - `not-sealed-to-your-key`: the order's buyer_public_key matches none of the keys you hold (current or keyring).
 * - `not-a-file-order`: the order submits to Numerai (stake mode): NumerBay does not allow downloading its files.
 * - `no-longer-available`: the round rolled over or the order no longer covers the selling round.
 */
export const skipReasonSchema = z.enum([
  'numerai-direct',
  'not-active',
  'not-an-upload',
  'not-sealed-to-your-key',
  'not-a-file-order',
  'no-longer-available',
])

/** One artifact the sync will fetch (or skip), with its sanitised place under the output folder (PlannedArtifact). */
export const plannedArtifactSchema = z
  .object({
    /** Stable identity across runs (`order:<artifact id>` or `product:<product id>:<artifact id>`); the id for pause/resume/cancel. */
    key: z.string(),
    /** An order artifact (sealed to the buyer) or a product artifact (plain). */
    source: artifactKindSchema,
    /** Order artifact ids are 32-hex strings; product artifact ids are integers. */
    artifactId: z.union([z.string(), z.number().int()]),
    orderId: z.number().int(),
    productId: z.number().int(),
    productName: z.string(),
    round: z.number().int().nullable(),
    /** The name the server gave the object (untrusted; shown to the user, never used as a path). */
    objectName: z.string(),
    /** Relative path under the output folder, POSIX separators, every part sanitised. */
    relativePath: z.string(),
    /** Sealed to `buyerPublicKey` (order artifacts) or plain (product artifacts). */
    sealed: z.boolean(),
    buyerPublicKey: z.string().nullable(),
    /** Size the uploader declared (untrusted, informative; for sealed files it usually includes the 48-byte header). */
    declaredSize: z.number().int().nullable(),
  })
  .readonly()

export const skippedArtifactSchema = z.object({ artifact: plannedArtifactSchema, reason: skipReasonSchema }).readonly()

const syncPlanShape = {
  sellingRound: z.number().int(),
  /** `active`: confirmed orders covering the selling round; `all`: everything still downloadable. */
  scope: z.enum(['active', 'all']),
  downloads: list(plannedArtifactSchema),
  skipped: list(skippedArtifactSchema),
  /** Orders that could not be listed (e.g. 403 after rollover), with the reason. */
  orderProblems: list(z.object({ orderId: z.number().int(), productName: z.string(), reason: skipReasonSchema }).readonly()),
}

/** What a sync will fetch and skip (SyncPlan). */
export const syncPlanSchema = z.object(syncPlanShape).readonly()

/** A sync plan and where it would write. */
export const downloadPlanSchema = z.object({ destination: z.string(), ...syncPlanShape })

/** The life of one artifact in a sync. `paused` keeps its partial data; `cancelled` discarded it. */
export const artifactStateSchema = z.enum(['queued', 'downloading', 'decrypting', 'paused', 'done', 'failed', 'skipped', 'cancelled'])

/** Progress of one artifact, as pushed to the UI (FileProgress). */
export const fileProgressSchema = z
  .object({
    key: z.string(),
    orderId: z.number().int(),
    productName: z.string(),
    round: z.number().int().nullable(),
    /** The file name on disk (last part of relativePath). */
    name: z.string(),
    relativePath: z.string(),
    state: artifactStateSchema,
    /** Bytes received from the server (including bytes received in earlier runs). */
    bytesDone: z.number().nonnegative(),
    /** Expected bytes from the server, when known (Content-Length/Content-Range, else the declared size). */
    bytesTotal: z.number().nonnegative().nullable(),
    /** Bytes per second over the last few seconds. */
    speed: z.number().nonnegative(),
    /** Seconds left at the current speed, when it can be estimated. */
    etaSeconds: z.number().nonnegative().nullable(),
    reason: skipReasonSchema.nullable(),
    error: downloadProblemSchema.nullable(),
    /** Done before this run started (the file on disk was checked and kept): nothing was transferred for it. */
    alreadyDownloaded: z.boolean(),
    /**
     * The last attempt failed and another follows (the connection was lost, the server answered 5xx): which attempt
     * failed, how long until the next one, why, and how long the file may go without data before it is marked failed.
     * Null while bytes flow.
     */
    retry: z
      .object({
        attempt: z.number().int().positive(),
        inMs: z.number().nonnegative(),
        problem: downloadProblemSchema,
        giveUpInMs: z.number().nonnegative(),
      })
      .readonly()
      .nullable(),
  })
  .readonly()

/** The whole run's counts and bytes (OverallProgress). */
export const overallProgressSchema = z
  .object({
    total: z.number().int().nonnegative(),
    done: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    cancelled: z.number().int().nonnegative(),
    active: z.number().int().nonnegative(),
    queued: z.number().int().nonnegative(),
    paused: z.number().int().nonnegative(),
    /** Of the paused files, those sealed to a key of yours that is locked: they start once it is unlocked. */
    waitingForKey: z.number().int().nonnegative(),
    /** Files between a failed attempt and the next one (see FileProgress.retry). */
    retrying: z.number().int().nonnegative(),
    /** Bytes received for the files of this run; it never goes down while the run lasts (a resumed file's re-sent bytes are not counted twice). */
    bytesDone: z.number().nonnegative(),
    bytesTotal: z.number().nonnegative().nullable(),
    /** Bytes per second over the last few seconds: 0 when nothing arrives. */
    speed: z.number().nonnegative(),
    /** Null until bytes have flowed for a moment, and while nothing arrives. */
    etaSeconds: z.number().nonnegative().nullable(),
  })
  .readonly()

/** How a run ended (SyncSummary). */
export const syncSummarySchema = z
  .object({
    total: z.number().int(),
    done: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    /** Artifacts left paused or queued (a pause for a full disk, or the run was stopped). */
    unfinished: z.number().int(),
    /** Bytes received from the server in this run. */
    bytesReceived: z.number(),
    elapsedMs: z.number(),
    /** True when every artifact is done or skipped for a stated reason. */
    complete: z.boolean(),
  })
  .readonly()

export const downloadsSnapshotSchema = z.object({
  /** A run is in progress (files queued, downloading or decrypting). */
  running: z.boolean(),
  destination: z.string().nullable(),
  files: list(fileProgressSchema),
  overall: overallProgressSchema,
  /** Set while everything is paused: by the user, or by an error such as a full disk (with its advice). */
  paused: z.object({ reason: z.enum(['user', 'error']), error: downloadProblemSchema.nullable() }).nullable(),
  /** The last finished run's summary. */
  summary: syncSummarySchema.nullable(),
  /** The folder's sync record was damaged and moved here; its files are checked again. */
  recordSetAside: z.string().nullable(),
  /** The sync record could not be saved (e.g. a full disk): finished files are on disk, the record is behind. */
  recordProblem: downloadProblemSchema.nullable(),
  /**
   * Sealed files wait for a key of yours that is locked: the current signer is being asked to unlock it
   * (`unlocking`), or was and did not (`problem`: declined on the device, no signer connected). Null when no
   * file waits for a key.
   */
  keyWait: z
    .object({
      files: z.number().int().nonnegative(),
      unlocking: z.boolean(),
      problem: downloadProblemSchema.nullable(),
    })
    .readonly()
    .nullable(),
  /** A run can be started again with the same choice of files and folder (the last run's). */
  canSyncAgain: z.boolean(),
  updatedAt: epochMsSchema,
})

/** A planned file, by PlannedArtifact.key. */
export const downloadFileArgsSchema = z.object({ key: z.string().min(1).max(256) }).strict()

/** One file (by key), or every file waiting to retry. */
export const retryNowArgsSchema = z.object({ key: z.string().min(1).max(256).optional() }).strict().optional()

export const openFolderArgsSchema = z
  .object({
    /** A folder a finished run wrote to (download destination or decrypt output); defaults to the download folder. */
    path: absolutePathSchema.optional(),
  })
  .strict()
  .optional()

// ---- Offline decrypt ---------------------------------------------------------------------------------------

export const decryptArgsSchema = z
  .object({
    /** Sealed files and/or folders (folders are walked for files). */
    inputs: z.array(absolutePathSchema).min(1).max(10_000),
    /**
     * `vault`: the unlocked key and the keyring's older keys; `key-file`: the numerbay.json chosen with
     * chooseDecryptKeyFile (else the one loaded on the Connect screen). Main never takes a key path from here.
     */
    keySource: z.enum(['vault', 'key-file']).default('vault'),
    /** A folder chosen in a dialog this run (or the download folder). */
    outputDir: absolutePathSchema,
    /**
     * An output file that exists already: `fail` that file (FILE_EXISTS, the default: nothing is ever overwritten
     * unasked), `replace` it, or write beside it under a new name (`rename`: "name (2).ext").
     */
    existing: z.enum(['fail', 'replace', 'rename']).default('fail'),
  })
  .strict()

export const decryptFileResultSchema = z.object({
  input: z.string(),
  /** The plaintext written, when ok. */
  output: z.string().nullable(),
  ok: z.boolean(),
  bytes: z.number().int().nonnegative(),
  error: errorInfoSchema.nullable(),
})

export const decryptResultSchema = z.object({
  runId: z.string(),
  outputDir: z.string(),
  results: list(decryptFileResultSchema),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
})

export const decryptProgressSchema = z.object({
  runId: z.string(),
  filesDone: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  /** The file being decrypted now. */
  current: z.string().nullable(),
  /** The latest finished file, if any (so the list fills in live). */
  lastResult: decryptFileResultSchema.nullable(),
})

export type DownloadSelection = z.input<typeof downloadSelectionSchema>
export type FileProgressView = z.infer<typeof fileProgressSchema>
export type DownloadsSnapshot = z.infer<typeof downloadsSnapshotSchema>
export type DecryptArgs = z.infer<typeof decryptArgsSchema>
export type DecryptFileResult = z.infer<typeof decryptFileResultSchema>
export type DecryptResult = z.infer<typeof decryptResultSchema>
export type DecryptProgress = z.infer<typeof decryptProgressSchema>

import { z } from 'zod'
import { absolutePathSchema, epochMsSchema, errorInfoSchema, list } from './common'

// ---- Downloads (mirroring src/shared/downloads.ts) ----------------------------------------------------------

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

/** A problem (ErrorInfo's shape): code, words, action. */
const problemSchema = z.object({
  code: z.string(),
  message: z.string(),
  action: z.string(),
  detail: z.string().optional(),
})

/** A SkipReason from src/shared/downloads.ts (its SKIP_REASON_TEXT has the words); a string so new reasons pass. */
export const skipReasonSchema = z.string()

export const plannedArtifactSchema = z.object({
  /** Stable identity across runs; the id for pause/resume/cancel. */
  key: z.string(),
  source: z.enum(['order', 'product']),
  artifactId: z.union([z.string(), z.number().int()]),
  orderId: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  round: z.number().int().nullable(),
  objectName: z.string(),
  /** Relative to the destination, POSIX separators, sanitised. */
  relativePath: z.string(),
  sealed: z.boolean(),
  buyerPublicKey: z.string().nullable(),
  declaredSize: z.number().int().nullable(),
})

export const downloadPlanSchema = z.object({
  destination: z.string(),
  sellingRound: z.number().int(),
  scope: z.enum(['active', 'all']),
  downloads: list(plannedArtifactSchema),
  skipped: list(z.object({ artifact: plannedArtifactSchema, reason: skipReasonSchema })),
  orderProblems: list(z.object({ orderId: z.number().int(), productName: z.string(), reason: skipReasonSchema })),
})

export const artifactStateSchema = z.enum(['queued', 'downloading', 'decrypting', 'paused', 'done', 'failed', 'skipped', 'cancelled'])

export const fileProgressSchema = z.object({
  key: z.string(),
  orderId: z.number().int(),
  productName: z.string(),
  round: z.number().int().nullable(),
  name: z.string(),
  relativePath: z.string(),
  state: artifactStateSchema,
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative().nullable(),
  /** Bytes per second over the last few seconds. */
  speed: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  reason: skipReasonSchema.nullable(),
  error: problemSchema.nullable(),
})

export const overallProgressSchema = z.object({
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  active: z.number().int().nonnegative(),
  queued: z.number().int().nonnegative(),
  paused: z.number().int().nonnegative(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative().nullable(),
  speed: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
})

export const syncSummarySchema = z.object({
  total: z.number().int(),
  done: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  unfinished: z.number().int(),
  bytesReceived: z.number(),
  elapsedMs: z.number(),
  /** Every artifact done or skipped for a stated reason. */
  complete: z.boolean(),
})

export const downloadsSnapshotSchema = z.object({
  /** A run is in progress (files queued, downloading or decrypting). */
  running: z.boolean(),
  destination: z.string().nullable(),
  files: list(fileProgressSchema),
  overall: overallProgressSchema,
  /** Set while everything is paused: by the user, or by an error such as a full disk (with its advice). */
  paused: z.object({ reason: z.enum(['user', 'error']), error: problemSchema.nullable() }).nullable(),
  /** The last finished run's summary. */
  summary: syncSummarySchema.nullable(),
  /** The folder's sync record was damaged and moved here; its files are checked again. */
  recordSetAside: z.string().nullable(),
  /** The sync record could not be saved (e.g. a full disk): finished files are on disk, the record is behind. */
  recordProblem: problemSchema.nullable(),
  updatedAt: epochMsSchema,
})

/** A planned file, by PlannedArtifact.key. */
export const downloadFileArgsSchema = z.object({ key: z.string().min(1).max(256) }).strict()

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
export type DownloadPlanView = z.infer<typeof downloadPlanSchema>
export type FileProgressView = z.infer<typeof fileProgressSchema>
export type DownloadsSnapshot = z.infer<typeof downloadsSnapshotSchema>
export type DecryptArgs = z.infer<typeof decryptArgsSchema>
export type DecryptFileResult = z.infer<typeof decryptFileResultSchema>
export type DecryptResult = z.infer<typeof decryptResultSchema>
export type DecryptProgress = z.infer<typeof decryptProgressSchema>

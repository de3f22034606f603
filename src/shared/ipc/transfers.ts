import { z } from 'zod'
import { absolutePathSchema, epochMsSchema, errorInfoSchema } from './common'

// ---- Downloads -------------------------------------------------------------------------------------------

export const downloadSelectionSchema = z
  .object({
    /** `active`: confirmed orders covering the selling round (the default sync); `all`: everything still downloadable. */
    scope: z.enum(['active', 'all']).default('active'),
    /** Restrict to these orders (all of the scope when omitted). */
    orderIds: z.array(z.number().int()).max(10_000).optional(),
    /** Restrict to these artifact ids (as listed by listArtifacts). */
    artifactIds: z.array(z.string().min(1).max(128)).max(100_000).optional(),
    /** Destination folder; defaults to the downloadDir setting. */
    destination: absolutePathSchema.optional(),
  })
  .strict()

export const downloadPlanItemSchema = z.object({
  /** Stable id of the file in the plan and in progress events. */
  id: z.string(),
  artifactId: z.string(),
  orderId: z.number().int(),
  productName: z.string(),
  round: z.number().int().nullable(),
  name: z.string(),
  /** Where the plaintext will be written. */
  targetPath: z.string(),
  size: z.number().int().nullable(),
  action: z.enum(['download', 'skip']),
  /** Why a file is skipped (already done and verified, numerai-direct, not sealed to your key...). */
  reason: z.string().nullable(),
})

export const downloadPlanSchema = z.object({
  destination: z.string(),
  items: z.array(downloadPlanItemSchema),
  totalBytes: z.number().int().nonnegative(),
  downloadCount: z.number().int().nonnegative(),
  skipCount: z.number().int().nonnegative(),
})

export const downloadFileStateSchema = z.enum([
  'queued',
  'downloading',
  'decrypting',
  'paused',
  'done',
  'failed',
  'skipped',
  'cancelled',
])

export const downloadFileProgressSchema = z.object({
  id: z.string(),
  orderId: z.number().int(),
  productName: z.string(),
  round: z.number().int().nullable(),
  name: z.string(),
  targetPath: z.string(),
  state: downloadFileStateSchema,
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative().nullable(),
  /** Bytes per second (smoothed). */
  speed: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  /** For `failed` (with the action to take) and `skipped`. */
  error: errorInfoSchema.nullable(),
})

export const downloadsSnapshotSchema = z.object({
  /** Whether a run is in progress (some file queued, downloading or decrypting). */
  running: z.boolean(),
  destination: z.string().nullable(),
  files: z.array(downloadFileProgressSchema),
  overall: z.object({
    bytesDone: z.number().nonnegative(),
    bytesTotal: z.number().nonnegative(),
    speed: z.number().nonnegative(),
    etaSeconds: z.number().nonnegative().nullable(),
    done: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  /** A run-wide stop (disk full, signed out) with its advice. */
  error: errorInfoSchema.nullable(),
  updatedAt: epochMsSchema,
})

export const downloadFileArgsSchema = z.object({ id: z.string().min(1).max(256) }).strict()

export const openFolderArgsSchema = z
  .object({
    /** A folder the app wrote to (download destination or decrypt output); defaults to the download folder. */
    path: absolutePathSchema.optional(),
  })
  .strict()
  .optional()

// ---- Offline decrypt ---------------------------------------------------------------------------------------

export const decryptArgsSchema = z
  .object({
    /** Sealed files and/or folders (folders are walked for files). */
    inputs: z.array(absolutePathSchema).min(1).max(10_000),
    /** numerbay.json to use; omitted: the unlocked key (and keyring). */
    keyFile: absolutePathSchema.optional(),
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
  results: z.array(decryptFileResultSchema),
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
export type DownloadPlanItem = z.infer<typeof downloadPlanItemSchema>
export type DownloadPlan = z.infer<typeof downloadPlanSchema>
export type DownloadFileState = z.infer<typeof downloadFileStateSchema>
export type DownloadFileProgress = z.infer<typeof downloadFileProgressSchema>
export type DownloadsSnapshot = z.infer<typeof downloadsSnapshotSchema>
export type DecryptArgs = z.infer<typeof decryptArgsSchema>
export type DecryptFileResult = z.infer<typeof decryptFileResultSchema>
export type DecryptResult = z.infer<typeof decryptResultSchema>
export type DecryptProgress = z.infer<typeof decryptProgressSchema>

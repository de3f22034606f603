// The system channels' shapes: native dialogs, external links, the app's info, the in-app demo server and the
// diagnostics report.

import { z } from 'zod'
import { absolutePathSchema } from './common'
import { CHECK_IDS } from '../diagnostics'

/** What a file dialog is for: picks the title, filters and the remembered folder. */
export const filePurposeSchema = z.enum(['key-file', 'sealed-files', 'any'])

export const chooseFolderArgsSchema = z
  .object({
    title: z.string().max(200).optional(),
    defaultPath: absolutePathSchema.optional(),
  })
  .strict()
  .optional()

export const chooseFilesArgsSchema = z
  .object({
    purpose: filePurposeSchema,
    multiple: z.boolean().optional(),
    title: z.string().max(200).optional(),
    defaultPath: absolutePathSchema.optional(),
  })
  .strict()

export const chosenFolderSchema = z.object({ path: z.string() })
export const chosenFilesSchema = z.object({ paths: z.array(z.string()) })

export const openExternalArgsSchema = z.object({ url: z.url({ protocol: /^https$/ }) }).strict()

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** `electron` in the desktop app, `preview` in the browser preview bridge. */
  shell: z.enum(['electron', 'preview']),
  /** Folder holding settings, sessions and the keyring. */
  dataDir: z.string(),
})

export const demoServerInfoSchema = z.object({
  apiUrl: z.string(),
  /** The demo wallet's address (use it with the Ledger emulator or the demo signer). */
  demoAddress: z.string().nullable(),
  /** A demo username/password account, when the seed has one. Not secrets: demo data. */
  demoLogin: z.object({ username: z.string(), password: z.string() }).nullable(),
})

export type FilePurpose = z.infer<typeof filePurposeSchema>
export type AppInfo = z.infer<typeof appInfoSchema>
export type DemoServerInfo = z.infer<typeof demoServerInfoSchema>

const checkStatusSchema = z.enum(['ok', 'warning', 'failed', 'skipped'])

export const diagnosticsReportSchema = z.object({
  generatedAt: z.string(),
  versions: z.object({
    app: z.string(),
    runtime: z.enum(['node', 'electron']),
    node: z.string(),
    electron: z.string().optional(),
    os: z.string(),
  }),
  checks: z.array(
    z.object({
      id: z.enum(CHECK_IDS),
      title: z.string(),
      status: checkStatusSchema,
      summary: z.string(),
      fix: z.string().optional(),
    }),
  ),
  counts: z.object({ ok: z.number().int(), warning: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
})

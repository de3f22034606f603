// The contract of "Keep this folder in sync" (watch mode in the app): its state, what it reports, and the
// notices the app shows outside its window. The workflow is src/main/workflows/watch.ts, as for the CLI's watch.

import { z } from 'zod'
import { epochMsSchema, errorInfoSchema, list } from './common'

export const startWatchArgsSchema = z
  .object({
    /**
     * Keep the key unlocked while watching (auto-lock pauses, and resumes when watching stops): a choice the
     * person makes explicitly. Without it, files sealed to the key wait once the key locks itself.
     */
    keepUnlocked: z.boolean(),
  })
  .strict()

export const watchLineSchema = z.object({
  at: epochMsSchema,
  kind: z.enum(['new-file', 'file-failed', 'missed', 'round', 'signed-in', 'backing-off', 'hook', 'info']),
  text: z.string(),
})

export const watchStateSchema = z.object({
  /** `off`; `watching` (a cycle runs or the next is scheduled); `stopping` (transfers pausing, the record written). */
  state: z.enum(['off', 'watching', 'stopping']),
  /** The folder kept in sync (the download folder when watching started). */
  destination: z.string().nullable(),
  keepUnlocked: z.boolean(),
  intervalMs: z.number().int().nonnegative(),
  /** A cycle is running now. */
  checking: z.boolean(),
  lastCheckAt: epochMsSchema.nullable(),
  nextCheckAt: epochMsSchema.nullable(),
  /** The selling round the last cycle saw. */
  round: z.number().int().nullable(),
  filesThisRound: z.number().int().nonnegative(),
  /** Orders of the selling round whose seller has not uploaded yet. */
  waiting: list(z.object({ orderId: z.number().int(), productName: z.string(), sinceMs: z.number().nonnegative() })),
  /** Orders of earlier rounds that never received a file before their round ended. */
  missed: list(z.object({ orderId: z.number().int(), productName: z.string(), round: z.number().int() })),
  /** Why the last cycle failed (it is tried again: `nextCheckAt`). */
  lastProblem: errorInfoSchema.nullable(),
  /** The latest reports, newest last (at most 50). */
  recent: list(watchLineSchema),
})

/** What the app tells the person outside its window (a desktop notification). */
export const watchNoticeSchema = z.object({
  kind: z.enum(['files-ready', 'file-failed', 'missed', 'key-locked', 'stopped']),
  title: z.string(),
  body: z.string(),
})

export type StartWatchArgs = z.infer<typeof startWatchArgsSchema>
export type WatchLine = z.infer<typeof watchLineSchema>
export type WatchStateView = z.infer<typeof watchStateSchema>
export type WatchNotice = z.infer<typeof watchNoticeSchema>

/** Not watching, nothing seen yet: the state before the first start and after a stop. */
export function watchOff(): WatchStateView {
  return {
    state: 'off',
    destination: null,
    keepUnlocked: false,
    intervalMs: 0,
    checking: false,
    lastCheckAt: null,
    nextCheckAt: null,
    round: null,
    filesThisRound: 0,
    waiting: [],
    missed: [],
    lastProblem: null,
    recent: [],
  }
}

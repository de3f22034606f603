// When the post-download hook is owed for a file, as pure functions over its sync-record entry, so that `watch`
// can decide the same way in every cycle and after a restart: a file that became complete owes one successful
// run; a failed run is retried in later cycles, at most HOOK_MAX_RETRIES times, then reported failed once; a
// run that succeeded never happens again for that content. The record is written before the program starts,
// so a watcher killed mid-run runs the hook again on its next start (at least once, never silently dropped).
//
// Use, per file the sync completed in this cycle:  record = oweHook(entry)  → store it (ManifestStore.setHook)
// Then, for every entry:                            hookDue(entry)          → run it when `due`
//   before spawning:                                startHookRun(record)    → store, flush
//   after it ends:                                  finishHookRun(record, run, at) → store; report `result`
// At start-up, for an entry left `running` by a crash: settleInterruptedRun(record, at) → store; report `result`

import type { HookOutcome, HookRecord, ManifestEntry } from '../../shared/downloads'

/** A failed run is retried in later cycles at most this many times (so at most 4 runs for one file). */
export const HOOK_MAX_RETRIES = 3
export const HOOK_MAX_RUNS = 1 + HOOK_MAX_RETRIES

export type HookDue =
  /** `run` is the number of the run about to start (1 for the first). */
  | { readonly due: true; readonly run: number }
  | {
      readonly due: false
      readonly reason:
        /** The file is not (or no longer) done. */
        | 'not-done'
        /** No run is owed for this content (it was completed before a hook was set, or by `sync`). */
        | 'not-owed'
        | 'succeeded'
        /** Every allowed run failed. */
        | 'gave-up'
    }

/** What a finished run means for the file: nothing more to do, another run next cycle, or a failure to report. */
export type HookRunResult = 'succeeded' | 'will-retry' | 'gave-up' | 'interrupted'

/**
 * The record for a file that just became complete: a run is owed. Null when the entry is not done, or when this
 * content already has a record (its hook is owed, ran, or gave up: nothing new is owed).
 */
export function oweHook(entry: ManifestEntry): HookRecord | null {
  if (entry.state !== 'done' || entry.sha256 === undefined) return null
  if (entry.hook?.sha256 === entry.sha256) return null
  return { sha256: entry.sha256, attempts: 0, done: false }
}

/** Whether the hook should run for this entry now. */
export function hookDue(entry: ManifestEntry, maxRuns: number = HOOK_MAX_RUNS): HookDue {
  if (entry.state !== 'done' || entry.sha256 === undefined) return { due: false, reason: 'not-done' }
  const hook = entry.hook
  // A record for other content (the file was fetched anew and differs) owes nothing for this one.
  if (!hook || hook.sha256 !== entry.sha256) return { due: false, reason: 'not-owed' }
  if (hook.done) return { due: false, reason: 'succeeded' }
  if (hook.gaveUp || hook.attempts >= maxRuns) return { due: false, reason: 'gave-up' }
  return { due: true, run: hook.attempts + 1 }
}

/** The entries whose hook should run now, in a stable order (by key). */
export function hooksDue(entries: Iterable<ManifestEntry>, maxRuns: number = HOOK_MAX_RUNS): ManifestEntry[] {
  return [...entries].filter((entry) => hookDue(entry, maxRuns).due).sort((a, b) => a.key.localeCompare(b.key))
}

/** The record to store (and flush) just before the program starts: the run counts from here on. */
export function startHookRun(record: HookRecord): HookRecord {
  return { ...record, attempts: record.attempts + 1, running: true }
}

/**
 * The record after a run ended. An interrupted run (the watcher stopped it) does not count: it is owed again
 * and runs at the next start.
 */
export function finishHookRun(
  record: HookRecord,
  run: { readonly outcome: HookOutcome; readonly durationMs: number },
  at: Date,
  maxRuns: number = HOOK_MAX_RUNS,
): { readonly record: HookRecord; readonly result: HookRunResult } {
  const { running: _running, ...rest } = record
  const last = { outcome: run.outcome, at: at.toISOString(), durationMs: run.durationMs }
  if (run.outcome.kind === 'ok') return { record: { ...rest, done: true, last }, result: 'succeeded' }
  if (run.outcome.kind === 'interrupted') return { record: { ...rest, attempts: Math.max(0, rest.attempts - 1), last }, result: 'interrupted' }
  if (rest.attempts >= maxRuns) return { record: { ...rest, gaveUp: true, last }, result: 'gave-up' }
  return { record: { ...rest, last }, result: 'will-retry' }
}

/**
 * A record left `running` (the watcher was killed while its hook ran): the program may or may not have done its
 * work, so the run counts as a failed one and is retried (at least once), or given up when it was the last.
 * Null when the record was not left running.
 */
export function settleInterruptedRun(record: HookRecord, at: Date, maxRuns: number = HOOK_MAX_RUNS): { readonly record: HookRecord; readonly result: HookRunResult } | null {
  if (!record.running) return null
  const { running: _running, ...rest } = record
  const last = { outcome: { kind: 'interrupted' } as const, at: at.toISOString(), durationMs: 0 }
  if (rest.attempts >= maxRuns) return { record: { ...rest, gaveUp: true, last }, result: 'gave-up' }
  return { record: { ...rest, last }, result: 'will-retry' }
}

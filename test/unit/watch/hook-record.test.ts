import { describe, expect, it } from 'vitest'
import type { HookOutcome, HookRecord, ManifestEntry } from '../../../src/shared/downloads'
import { finishHookRun, HOOK_MAX_RUNS, hookDue, hooksDue, oweHook, settleInterruptedRun, startHookRun } from '../../../src/main/watch/hook-record'

const sha = 'a'.repeat(64)
const at = new Date('2026-03-01T12:00:00Z')

function entry(overrides: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    key: 'order:1',
    source: 'order',
    orderId: 1,
    productId: 1,
    productName: 'Alpha',
    round: 600,
    objectName: 'a.csv',
    relativePath: 'Alpha/600/a.csv',
    sealed: true,
    state: 'done',
    size: 10,
    sha256: sha,
    updatedAt: at.toISOString(),
    ...overrides,
  }
}

const fail: { outcome: HookOutcome; durationMs: number } = { outcome: { kind: 'exit', exitCode: 1 }, durationMs: 5 }
const ok: { outcome: HookOutcome; durationMs: number } = { outcome: { kind: 'ok' }, durationMs: 5 }

/** One cycle of the watch loop for one file, as the workflow will run it: due → start → finish. */
function cycle(e: ManifestEntry, run: { outcome: HookOutcome; durationMs: number }): { entry: ManifestEntry; result: string | null } {
  const due = hookDue(e)
  if (!due.due) return { entry: e, result: null }
  const started = startHookRun(e.hook!)
  const finished = finishHookRun(started, run, at)
  return { entry: { ...e, hook: finished.record }, result: finished.result }
}

describe('hook record', () => {
  it('owes one run for a file that became complete, and nothing for a file done before (sync, no hook) or not done', () => {
    expect(hookDue(entry())).toEqual({ due: false, reason: 'not-owed' })
    expect(oweHook(entry({ state: 'failed' }))).toBeNull()
    const owed = oweHook(entry())!
    expect(owed).toEqual({ sha256: sha, attempts: 0, done: false })
    expect(hookDue(entry({ hook: owed }))).toEqual({ due: true, run: 1 })
    // Owing again for the same content changes nothing (a restart, a second completion event).
    expect(oweHook(entry({ hook: owed }))).toBeNull()
  })

  it('a hook that succeeded never runs again for that content, also after a restart (the record is all there is)', () => {
    let e = entry({ hook: oweHook(entry())! })
    const first = cycle(e, ok)
    expect(first.result).toBe('succeeded')
    e = first.entry
    expect(e.hook).toMatchObject({ attempts: 1, done: true, last: { outcome: { kind: 'ok' }, at: at.toISOString(), durationMs: 5 } })
    expect(e.hook?.running).toBeUndefined()
    const restored = JSON.parse(JSON.stringify(e)) as ManifestEntry
    expect(hookDue(restored)).toEqual({ due: false, reason: 'succeeded' })
    expect(oweHook(restored)).toBeNull()
    expect(hooksDue([restored])).toEqual([])
  })

  it('a failed hook is retried in the next cycles, at most 3 times, then reported failed once', () => {
    let e = entry({ hook: oweHook(entry())! })
    const results: (string | null)[] = []
    for (let i = 0; i < 6; i++) {
      const step = cycle(e, fail)
      results.push(step.result)
      e = step.entry
    }
    expect(results).toEqual(['will-retry', 'will-retry', 'will-retry', 'gave-up', null, null])
    expect(HOOK_MAX_RUNS).toBe(4)
    expect(e.hook).toMatchObject({ attempts: 4, done: false, gaveUp: true, last: { outcome: { kind: 'exit', exitCode: 1 } } })
    expect(hookDue(e)).toEqual({ due: false, reason: 'gave-up' })
  })

  it('a retry that succeeds ends the retries', () => {
    let e = entry({ hook: oweHook(entry())! })
    e = cycle(e, fail).entry
    const second = cycle(e, ok)
    expect(second.result).toBe('succeeded')
    expect(second.entry.hook).toMatchObject({ attempts: 2, done: true })
  })

  it('new content under the same key owes a new run (the old record was for other bytes)', () => {
    const done = entry({ hook: { sha256: sha, attempts: 1, done: true } })
    const changed = { ...done, sha256: 'b'.repeat(64) }
    expect(hookDue(changed)).toEqual({ due: false, reason: 'not-owed' })
    expect(oweHook(changed)).toEqual({ sha256: 'b'.repeat(64), attempts: 0, done: false })
  })

  it('a run the watcher interrupted does not count; one left running by a crash counts and is run again', () => {
    const owed = oweHook(entry())!
    const started = startHookRun(owed)
    expect(started).toEqual({ ...owed, attempts: 1, running: true })
    const stopped = finishHookRun(started, { outcome: { kind: 'interrupted' }, durationMs: 3 }, at)
    expect(stopped.result).toBe('interrupted')
    expect(stopped.record).toMatchObject({ attempts: 0, done: false })
    expect(hookDue(entry({ hook: stopped.record }))).toEqual({ due: true, run: 1 })

    expect(settleInterruptedRun(owed, at)).toBeNull()
    const crashed = settleInterruptedRun(started, at)!
    expect(crashed.result).toBe('will-retry')
    expect(crashed.record).toMatchObject({ attempts: 1, last: { outcome: { kind: 'interrupted' } } })
    expect(crashed.record.running).toBeUndefined()
    expect(hookDue(entry({ hook: crashed.record }))).toEqual({ due: true, run: 2 })
    const lastRun: HookRecord = { sha256: sha, attempts: HOOK_MAX_RUNS, done: false, running: true }
    expect(settleInterruptedRun(lastRun, at)).toMatchObject({ result: 'gave-up', record: { gaveUp: true } })
  })

  it('lists the entries due in key order, skipping files that are not done', () => {
    const owed = oweHook(entry())!
    const list = hooksDue([
      entry({ key: 'order:b', hook: owed }),
      entry({ key: 'order:a', hook: owed }),
      entry({ key: 'order:c', hook: owed, state: 'failed' }),
      entry({ key: 'order:d' }),
    ])
    expect(list.map((e) => e.key)).toEqual(['order:a', 'order:b'])
  })
})

// "Keep this folder in sync" in the app: the watch workflow (src/main/workflows/watch.ts, as the CLI's `watch`
// runs it) on the download folder, its reports turned into a state the window shows and notices the app shows
// outside it. The app never runs a hook program: a command chosen from the renderer would turn a compromised
// page into code execution (the CLI's `watch --exec` is the place for hooks).

import { watchOff, type WatchLine, type WatchNotice, type WatchStateView } from '../../../shared/ipc'
import { AppError, toErrorInfo } from '../../../shared/errors'
import type { NumerBaySession } from '../../numerbay/session'
import { DEFAULT_INTERVAL_MS, formatDuration } from '../../watch/interval'
import type { KeySource } from '../../workflows/keys'
import { watchFolder, type CycleWorkers, type WatchReport } from '../../workflows/watch'
import { describeWatchReport } from '../../workflows/watch-report'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'

export type WatchHandlers = Pick<Handlers, 'getWatchState' | 'startWatch' | 'stopWatch'>

export interface WatchDomainDeps {
  readonly events: EventHub
  /** The signed-in session; it signs in again with the current wallet when NumerBay refuses the token. */
  readonly session: () => NumerBaySession
  readonly keys: () => Promise<KeySource>
  /** Whether the key is unlocked now (watching starts only then). */
  readonly keyUnlocked: () => Promise<boolean>
  /** Pauses (true) or resumes (false) auto-lock, for "keep the key unlocked while watching". */
  readonly holdKeyUnlocked: (hold: boolean) => Promise<void>
  /** The download folder, checked as the window may name it (SystemDomain.permitFolder); null: none chosen. */
  readonly destination: () => string | null
  readonly concurrency: () => number
  readonly makeWorkers: () => CycleWorkers
  readonly recordWritten: (path: string) => Promise<void>
  /** The interval between checks; default watch's own (2 minutes, with jitter). */
  readonly intervalMs?: number
  readonly now?: () => number
}

const RECENT_LINES = 50

/** How the window marks each report's line (its icon and colour); anything else is 'info'. */
const LINE_KIND: Partial<Record<WatchReport['type'], WatchLine['kind']>> = {
  'new-file': 'new-file',
  'file-failed': 'file-failed',
  missed: 'missed',
  round: 'round',
  'signed-in': 'signed-in',
  'backing-off': 'backing-off',
}

export class WatchDomain {
  readonly #deps: WatchDomainDeps
  readonly #now: () => number
  #state: WatchStateView = watchOff()
  #controller: AbortController | null = null
  #running: Promise<unknown> | null = null
  #starting: Promise<WatchStateView> | null = null
  #newThisCycle: string[] = []
  /** Files of this cycle paused because the key locked itself (no "keep unlocked"): they wait for an unlock. */
  #waitingForKeyThisCycle = new Set<string>()
  /** Files that waited for the key at the end of the last check: a notice only when that starts, not every check. */
  #waitedForKey = 0
  readonly handlers: WatchHandlers

  constructor(deps: WatchDomainDeps) {
    this.#deps = deps
    this.#now = deps.now ?? Date.now
    this.handlers = {
      getWatchState: () => this.#state,
      startWatch: ({ keepUnlocked }) => this.start(keepUnlocked),
      stopWatch: () => this.stop(),
    }
  }

  get watching(): boolean {
    return this.#state.state !== 'off'
  }

  /** A second start while the first is still checking its preconditions (a double click) joins the first. */
  start(keepUnlocked: boolean): Promise<WatchStateView> {
    if (this.watching) return Promise.resolve(this.#state)
    this.#starting ??= this.#start(keepUnlocked).finally(() => (this.#starting = null))
    return this.#starting
  }

  async #start(keepUnlocked: boolean): Promise<WatchStateView> {
    const destination = this.#deps.destination()
    if (!destination) throw new AppError('INVALID_ARGUMENT', { message: 'Choose a download folder first.' })
    const session = this.#deps.session()
    if (!(await this.#deps.keyUnlocked())) throw new AppError('VAULT_LOCKED', { message: 'Unlock your key first: watching decrypts each new file as it arrives.' })
    const keys = await this.#deps.keys()
    const intervalMs = this.#deps.intervalMs ?? DEFAULT_INTERVAL_MS
    const controller = new AbortController()
    this.#controller = controller
    if (keepUnlocked) await this.#deps.holdKeyUnlocked(true)
    this.#set({ ...watchOff(), state: 'watching', destination, keepUnlocked, intervalMs })
    this.#line('info', `Keeping ${destination} in sync: checking now, then every ${formatDuration(intervalMs)}.`)
    this.#running = watchFolder(
      { session, keys, makeWorkers: this.#deps.makeWorkers },
      { outDir: destination, scope: 'active', intervalMs, concurrency: this.#deps.concurrency() },
      { signal: controller.signal, onReport: (report) => this.#report(report) },
    )
      .catch((error: unknown) => {
        // Only a setup that waiting cannot fix ends a watch (a folder it may not write, a wrong wallet).
        const problem = toErrorInfo(error)
        this.#set({ ...this.#state, lastProblem: problem })
        this.#line('info', `Stopped: ${problem.message}`)
        // The window may be closed (the app in the tray): say it outside the window too.
        this.#notice({ kind: 'stopped', title: 'Syncing stopped', body: `${problem.message}${problem.action ? ` ${problem.action}` : ''}` })
      })
      .finally(() => this.#ended(controller))
    return this.#state
  }

  async stop(): Promise<WatchStateView> {
    const controller = this.#controller
    if (!controller) return this.#state
    this.#set({ ...this.#state, state: 'stopping' })
    controller.abort(new AppError('CANCELLED'))
    await this.#running
    return this.#state
  }

  /** App quit: stop watching, transfers paused as resumable partials, the record written, auto-lock back. */
  async close(): Promise<void> {
    await this.stop()
  }

  async #ended(controller: AbortController): Promise<void> {
    if (this.#controller !== controller) return
    this.#controller = null
    this.#running = null
    if (this.#state.keepUnlocked) await this.#deps.holdKeyUnlocked(false).catch(() => undefined)
    const { recent, lastProblem } = this.#state
    this.#set({ ...watchOff(), recent, lastProblem })
  }

  #set(next: WatchStateView): void {
    this.#state = next
    this.#deps.events.emit('watchState', next)
  }

  #line(kind: WatchLine['kind'], text: string): void {
    const recent = [...this.#state.recent, { at: this.#now(), kind, text }].slice(-RECENT_LINES)
    this.#set({ ...this.#state, recent })
  }

  #notice(notice: WatchNotice): void {
    this.#deps.events.emit('watchNotice', notice)
  }

  #report(report: WatchReport): void {
    this.#apply(report)
    // The same words as the CLI's `watch` (one line; the CLI's continuation lines joined). The domain says its own
    // "started" line: the CLI's speaks of Ctrl-C.
    const text = report.type === 'started' ? null : describeWatchReport(report, { shown: false })
    if (text !== null) this.#line(LINE_KIND[report.type] ?? 'info', text.replace(/\n\s*/g, ' '))
    if (report.type === 'cycle-finished') this.#afterCheck()
  }

  /** What a report changes in the state, and the notices it gives. */
  #apply(report: WatchReport): void {
    switch (report.type) {
      case 'cycle-started':
        this.#newThisCycle = []
        this.#waitingForKeyThisCycle = new Set()
        this.#set({ ...this.#state, checking: true })
        return
      case 'transfer': {
        const event = report.event
        if (event.type !== 'state') return
        if (event.state === 'paused' && event.error?.code === 'VAULT_LOCKED') this.#waitingForKeyThisCycle.add(event.key)
        else this.#waitingForKeyThisCycle.delete(event.key)
        return
      }
      case 'new-file':
        this.#newThisCycle.push(report.relativePath)
        return
      case 'file-failed':
        this.#notice({ kind: 'file-failed', title: 'A file could not be downloaded', body: `${report.relativePath}: ${report.problem.message}` })
        return
      // Reported once per order and round: the order stays listed until its first file arrives or the round ends.
      case 'waiting-for-seller':
        this.#set({ ...this.#state, waiting: [...this.#state.waiting.filter((order) => order.orderId !== report.orderId), { orderId: report.orderId, productName: report.productName, sinceMs: report.sinceMs }] })
        return
      case 'delivered':
        this.#set({ ...this.#state, waiting: this.#state.waiting.filter((order) => order.orderId !== report.orderId) })
        return
      case 'missed': {
        const missed = [...this.#state.missed, { orderId: report.orderId, productName: report.productName, round: report.round }]
        this.#set({ ...this.#state, missed })
        this.#notice({ kind: 'missed', title: 'Files were missed', body: `${report.productName} (order ${report.orderId}) received no file in round ${report.round}.` })
        return
      }
      case 'round':
        this.#set({ ...this.#state, round: report.round, filesThisRound: 0, waiting: [] })
        return
      case 'backing-off':
        this.#set({ ...this.#state, lastProblem: report.problem, nextCheckAt: this.#now() + report.delayMs })
        return
      case 'cycle-finished': {
        const status = report.status
        this.#set({
          ...this.#state,
          checking: false,
          lastCheckAt: this.#now(),
          nextCheckAt: report.nextInMs === null ? null : this.#now() + report.nextInMs,
          ...(status ? { round: status.round, filesThisRound: status.filesThisRound } : {}),
          ...(report.ok ? { lastProblem: null } : {}),
        })
        return
      }
      default:
        return
    }
  }

  /** The end of a check: files waiting for a locked key, and the notice of new files. */
  #afterCheck(): void {
    const lockedOut = this.#waitingForKeyThisCycle.size
    if (lockedOut > 0) {
      // Not a failure of the check: the files are planned and wait; an unlock lets the next check fetch them.
      const problem = toErrorInfo(
        new AppError('VAULT_LOCKED', {
          message: `${lockedOut === 1 ? '1 file waits' : `${lockedOut} files wait`} for your key, which locked itself.`,
          action: 'Unlock your key (Key screen) and they are fetched at the next check, or tick "Keep my key unlocked while syncing".',
        }),
      )
      this.#set({ ...this.#state, lastProblem: problem })
      this.#line('info', `${problem.message} ${problem.action ?? ''}`.trim())
      if (this.#waitedForKey === 0) this.#notice({ kind: 'key-locked', title: 'Files wait for your key', body: problem.message })
    }
    this.#waitedForKey = lockedOut
    const fresh = this.#newThisCycle
    if (fresh.length === 0) return
    const destination = this.#state.destination
    if (destination) void this.#deps.recordWritten(destination)
    this.#notice({
      kind: 'files-ready',
      title: fresh.length === 1 ? 'A new file is ready' : `${fresh.length} new files are ready`,
      body: fresh.length === 1 ? fresh[0]! : `${fresh.slice(0, 3).join(', ')}${fresh.length > 3 ? ', …' : ''}`,
    })
  }
}

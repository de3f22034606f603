// One self-overwriting progress line on a terminal, for a command that works on one file at a time.

import { formatBytes } from '../shared/format-bytes'

/** A stream the progress line can draw on (stderr, usually). */
export interface ProgressStream {
  write(text: string): unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

export interface ProgressLineOptions {
  /** Shown before the numbers, e.g. a file name. */
  readonly label: string
  /** Minimum time between redraws. */
  readonly intervalMs?: number
  /** Injected clock (tests). */
  readonly now?: () => number
  /** Draw even when the stream is not a TTY (tests). */
  readonly force?: boolean
}

export { formatBytes }

/**
 * Draws "name  42%  10.5 MiB / 25.0 MiB  180 MiB/s". On anything that is not a TTY it draws nothing, so logs and
 * pipes stay clean.
 */
export class ProgressLine {
  private readonly stream: ProgressStream
  private readonly label: string
  private readonly intervalMs: number
  private readonly now: () => number
  private readonly started: number
  private lastDraw = Number.NEGATIVE_INFINITY
  private drawn = false
  readonly enabled: boolean

  constructor(stream: ProgressStream, options: ProgressLineOptions) {
    this.stream = stream
    this.label = options.label
    this.intervalMs = options.intervalMs ?? 100
    this.now = options.now ?? Date.now
    this.started = this.now()
    this.enabled = options.force === true || stream.isTTY === true
  }

  /** Redraws with the amount done (and the total when known), at most once per interval. */
  update(done: number, total?: number): void {
    if (!this.enabled) return
    const now = this.now()
    if (now - this.lastDraw < this.intervalMs && done !== total) return
    this.lastDraw = now
    this.draw(this.describe(done, total, now))
  }

  /** Shows arbitrary text on the line (e.g. "waiting for the wallet…"). */
  status(text: string): void {
    if (this.enabled) this.draw(`${this.label}  ${text}`)
  }

  /** Removes the line; prints `text` on its own line when given (on a TTY only: callers print results themselves). */
  finish(text?: string): void {
    if (!this.enabled) return
    if (this.drawn) this.stream.write('\r\x1b[K')
    this.drawn = false
    if (text !== undefined) this.stream.write(`${text}\n`)
  }

  private describe(done: number, total: number | undefined, now: number): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001)
    const rate = `${formatBytes(Math.round(done / seconds))}/s`
    if (total === undefined || total <= 0) return `${this.label}  ${formatBytes(done)}  ${rate}`
    const percent = Math.min(100, Math.floor((done / total) * 100))
    return `${this.label}  ${String(percent).padStart(3)}%  ${formatBytes(done)} / ${formatBytes(total)}  ${rate}`
  }

  private draw(text: string): void {
    const width = Math.max(20, (this.stream.columns ?? 80) - 1)
    const line = text.length > width ? `${text.slice(0, width - 1)}…` : text
    this.stream.write(`\r${line}\x1b[K`)
    this.drawn = true
  }
}

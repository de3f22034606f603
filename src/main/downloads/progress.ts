// Speed and ETA from byte counts over a sliding window, and a throttle so the UI gets at most a few updates a second.

export const SPEED_WINDOW_MS = 5_000
/** No time-left estimate before bytes have been arriving for this long: the first instants say little. */
export const MIN_ESTIMATE_MS = 2_000

/** Bytes per second over the last few seconds (a moving window smooths bursts from large sink writes). */
export class SpeedMeter {
  private samples: { at: number; total: number }[] = []
  private total = 0
  /** The newest point at or before the window's start: speeds are measured from it. */
  private anchor: { at: number; total: number }
  /** When the first bytes arrived, or null before any. */
  private firstAt: number | null = null

  constructor(
    startAt: number,
    private readonly windowMs = SPEED_WINDOW_MS,
  ) {
    this.anchor = { at: startAt, total: 0 }
  }

  add(bytes: number, at: number): void {
    this.firstAt ??= at
    this.total += bytes
    this.samples.push({ at, total: this.total })
    this.trim(at)
  }

  /** Bytes per second at `now`; 0 when nothing arrived in the window. */
  speed(now: number): number {
    this.trim(now)
    const bytes = this.total - this.anchor.total
    // Bytes of the window over the window (or over the time since the start, when shorter): an anchor older than
    // the window (bytes stopped for a while, then came back) must not spread new bytes over the silence. A
    // floor on the span keeps the first instants after a start from showing absurd speeds.
    const span = Math.max(now - Math.max(this.anchor.at, now - this.windowMs), MIN_SPAN_MS)
    return bytes <= 0 ? 0 : (bytes * 1000) / span
  }

  /** Bytes have been arriving long enough for a time-left estimate (MIN_ESTIMATE_MS). */
  steady(now: number): boolean {
    return this.firstAt !== null && now - this.firstAt >= MIN_ESTIMATE_MS
  }

  private trim(now: number): void {
    while (this.samples.length > 0 && (this.samples[0] as { at: number }).at <= now - this.windowMs) {
      this.anchor = this.samples.shift() as { at: number; total: number }
    }
  }
}

const MIN_SPAN_MS = 250

export function etaSeconds(remainingBytes: number | null, speed: number): number | null {
  if (remainingBytes === null || remainingBytes < 0 || speed <= 0) return null
  return Math.ceil(remainingBytes / speed)
}

/** Calls `emit` at most once per `intervalMs`; a call inside the interval is deferred, never lost. */
export class Throttle {
  private last = Number.NEGATIVE_INFINITY
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly intervalMs: number,
    private readonly emit: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  request(): void {
    if (this.timer) return
    const wait = this.last + this.intervalMs - this.now()
    if (wait <= 0) {
      this.fire()
      return
    }
    this.timer = setTimeout(() => this.fire(), wait)
    this.timer.unref?.()
  }

  /** Emits now if something is pending (end of a run: the last numbers must be shown). */
  flush(): void {
    if (!this.timer) return
    this.fire()
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private fire(): void {
    this.cancel()
    this.last = this.now()
    this.emit()
  }
}

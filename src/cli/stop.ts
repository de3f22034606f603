// How a CLI run ends early: Ctrl-C (SIGINT), SIGTERM, SIGHUP (the terminal went away), or stdout/stderr closed by
// its reader (EPIPE: `numerbay-desktop sync --json | head -2`). All of them abort ONE AbortSignal, the context's
// `stop`, whose reason is a CliStop naming the cause; runCli turns the cause into the exit code.
//
// API notes:
// - A command that has work to wind down (keep partial files, flush a record, release a lock) listens to
//   `context.stop` ('abort' event) for as long as it has that work; see `listenForStop`. A signal that arrives
//   while nothing listens ends the process at once, as the signal's default would (nothing is in flight).
// - A closed output never ends the process by force: the command is stopped (if it listens) or runs to its end,
//   and every further write, on both streams, is dropped (a Unix tool prints nothing after SIGPIPE).
// - A second signal after the first stop ends the process at once (a stop that hangs can still be broken).
// - Exit codes: 128 + the signal number (130 SIGINT, 143 SIGTERM, 129 SIGHUP, 141 SIGPIPE for a closed output),
//   the codes a shell shows for a process ended by that signal, so `set -o pipefail` scripts see the usual value.

import { getEventListeners } from 'node:events'

export type StopCause = 'interrupt' | 'terminate' | 'hangup' | 'output-closed' | 'output-failed'

export const EXIT_INTERRUPTED = 130
export const EXIT_TERMINATED = 143
export const EXIT_HANGUP = 129
export const EXIT_OUTPUT_CLOSED = 141

const EXIT_CODES: Record<StopCause, number> = {
  interrupt: EXIT_INTERRUPTED,
  terminate: EXIT_TERMINATED,
  hangup: EXIT_HANGUP,
  'output-closed': EXIT_OUTPUT_CLOSED,
  // Not a reader going away (a full disk under `> file`): a failure.
  'output-failed': 1,
}

const SIGNAL_CAUSES = { SIGINT: 'interrupt', SIGTERM: 'terminate', SIGHUP: 'hangup' } as const satisfies Record<string, StopCause>

/** Why the run was stopped; the reason of `CliContext.stop` once it is aborted. */
export class CliStop extends Error {
  override readonly name = 'CliStop'
  constructor(
    readonly kind: StopCause,
    /** For 'output-failed': what the write error was. */
    readonly detail?: string,
  ) {
    super(`stopped: ${kind}${detail ? ` (${detail})` : ''}`)
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind]
  }

  /** A signal (Ctrl-C, SIGTERM, SIGHUP), rather than an output that went away. */
  get bySignal(): boolean {
    return this.kind === 'interrupt' || this.kind === 'terminate' || this.kind === 'hangup'
  }
}

/** The stop of an aborted signal, or null while the run goes on. */
export function stopReason(signal: AbortSignal): CliStop | null {
  if (!signal.aborted) return null
  return signal.reason instanceof CliStop ? signal.reason : new CliStop('interrupt')
}

/**
 * Calls `onStop` once when the run is stopped (at once when it already is); returns the function that stops
 * listening. While a listener is registered, a Ctrl-C is the command's to handle instead of ending the process.
 */
export function listenForStop(signal: AbortSignal, onStop: (stop: CliStop) => void): () => void {
  const listener = (): void => onStop(stopReason(signal)!)
  if (signal.aborted) {
    queueMicrotask(listener)
    return () => undefined
  }
  signal.addEventListener('abort', listener, { once: true })
  return () => signal.removeEventListener('abort', listener)
}

/** Error codes of a write to a reader that has gone (a closed pipe, or a socket pair as a test harness uses). */
const CLOSED_OUTPUT_CODES = new Set(['EPIPE', 'ECONNRESET', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END'])

/** The part of `process` the stop wiring uses (injected by tests). */
export interface StopHost {
  on(event: 'SIGINT' | 'SIGTERM' | 'SIGHUP', listener: () => void): unknown
  off(event: 'SIGINT' | 'SIGTERM' | 'SIGHUP', listener: () => void): unknown
  exit(code: number): void
  exitCode?: number | string | null | undefined
}

/** An output stream the wiring guards: `write` is replaced so that it never throws and can be silenced. */
export interface GuardedStream {
  write: NodeJS.WritableStream['write']
  on(event: 'error', listener: (error: Error) => void): unknown
  off(event: 'error', listener: (error: Error) => void): unknown
}

export interface ProcessStops {
  /** The run's stop signal (CliContext.stop). */
  readonly signal: AbortSignal
  /** Undoes the wiring (tests; the CLI process just exits). */
  dispose(): void
}

/**
 * Wires SIGINT, SIGTERM, SIGHUP and write errors of `stdout` and `stderr` to one stop signal. The streams are
 * guarded: an error on them is handled here (never an unhandled 'error' event), and once an output is closed
 * every later write on either stream is dropped without an error, so no code path can crash on it.
 */
export function watchProcessStops(host: StopHost, streams: { readonly stdout: GuardedStream; readonly stderr: GuardedStream }): ProcessStops {
  const controller = new AbortController()
  let muted = false

  const stop = (stopped: CliStop): void => {
    if (!stopped.bySignal) muted = true
    if (controller.signal.aborted) {
      // A second Ctrl-C (or SIGTERM) means now: the first one's wind-down is not awaited.
      if (stopped.bySignal) host.exit(stopped.exitCode)
      return
    }
    // Nothing winds down: end as the signal's default would, without a stack trace.
    if (stopped.bySignal && getEventListeners(controller.signal, 'abort').length === 0) {
      host.exit(stopped.exitCode)
      return
    }
    // Also right when the output closes after the command has returned (its last write failed).
    host.exitCode = stopped.exitCode
    controller.abort(stopped)
  }

  const signalHandlers = Object.entries(SIGNAL_CAUSES).map(([name, cause]) => {
    const handler = (): void => stop(new CliStop(cause))
    host.on(name as keyof typeof SIGNAL_CAUSES, handler)
    return () => host.off(name as keyof typeof SIGNAL_CAUSES, handler)
  })

  const originals = { stdout: streams.stdout.write, stderr: streams.stderr.write }
  const guards = (['stdout', 'stderr'] as const).map((name) => {
    const stream = streams[name]
    const original = originals[name]
    const onError = (error: Error): void => {
      const code = (error as NodeJS.ErrnoException).code ?? ''
      if (CLOSED_OUTPUT_CODES.has(code)) {
        stop(new CliStop('output-closed'))
        return
      }
      // Say why on stderr while it still works (the run ends with exit code 1, not silently).
      if (name === 'stdout' && !muted && !controller.signal.aborted) {
        try {
          originals.stderr.call(streams.stderr, `error: could not write the output (${code || error.message}); stopped.\n`)
        } catch {
          // stderr is gone too: the exit code says it.
        }
      }
      stop(new CliStop('output-failed', code || error.message))
    }
    stream.on('error', onError)
    const guarded = function (this: unknown, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      const done = typeof encoding === 'function' ? encoding : typeof callback === 'function' ? callback : null
      if (muted) {
        if (done) process.nextTick(done as () => void)
        return true
      }
      try {
        return (original as (...args: unknown[]) => boolean).call(stream, chunk, encoding, callback)
      } catch (error) {
        // A synchronous stream (a file) may throw instead of emitting 'error'.
        onError(error as Error)
        return true
      }
    }
    stream.write = guarded as GuardedStream['write']
    return () => {
      stream.write = original
      stream.off('error', onError)
    }
  })

  return {
    signal: controller.signal,
    dispose: () => {
      for (const undo of [...signalHandlers, ...guards]) undo()
    },
  }
}

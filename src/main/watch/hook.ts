// Runs the post-download hook (`watch --exec PROGRAM ARGS...`) for one completed file: the program itself, never
// a shell (a product or file name can hold any character; nothing is ever parsed as shell syntax), with the file's
// path as its last argument and NUMERBAY_* variables added to the watcher's environment, under a time limit after
// which the program and its whole process group are killed. It returns how the run ended as a value.
//
// API:
//   runHook(command, file, options?)      → Promise<HookRun>   (never rejects)
//   hookEnvironment(file, parentEnv, withhold?) → the child's environment
//   describeHookOutcome(outcome)          → "exited with code 2", "timed out after 10m", … (for reports)
//
// Output: the program's stdout and stderr are both forwarded, as they come, to `forward` (default: this
// process's stderr, so that a watcher's own stdout, possibly --json events, stays clean), and the last few KiB
// of each are kept in the result for the failure report. stdin is closed: a hook runs unattended.

import { spawn, type ChildProcess } from 'node:child_process'
import type { HookOutcome } from '../../shared/downloads'
import { formatDuration } from './interval'

export type { HookOutcome } from '../../shared/downloads'

export interface HookCommand {
  /** The program: a path, or a name looked up on PATH. */
  readonly program: string
  /** Arguments before the file path. */
  readonly args: readonly string[]
}

/** The completed file a hook runs for (what goes into its argument and NUMERBAY_* variables). */
export interface HookFile {
  /** Absolute path of the decrypted file. */
  readonly path: string
  readonly orderId: number
  /** The product's name. */
  readonly product: string
  readonly round: number | null
  readonly artifactId: string | number
  /** SHA-256 of the file (hex). */
  readonly sha256: string
}

export interface RunHookOptions {
  /** Default 10 minutes. */
  readonly timeoutMs?: number
  /** Between SIGTERM and SIGKILL to the process group on a timeout (default 5 s) or a stop (see `signal`). */
  readonly killGraceMs?: number
  /** The environment the NUMERBAY_* variables are added to (default: this process's). */
  readonly env?: NodeJS.ProcessEnv
  /** Variables removed from that environment (default DEFAULT_WITHHELD_ENV): secrets the hook has no need for. */
  readonly withhold?: readonly string[]
  readonly cwd?: string
  /** Where the program's output goes as it comes (default process.stderr); null keeps only the tails. */
  readonly forward?: NodeJS.WritableStream | null
  /** Bytes of each stream kept for the result (default 8 KiB, the end of the output). */
  readonly tailBytes?: number
  /** The watcher is stopping: the program and its group are stopped, and the outcome is `interrupted`. */
  readonly signal?: AbortSignal
}

export interface HookRun {
  readonly outcome: HookOutcome
  readonly durationMs: number
  /** The end of the program's stdout and stderr (UTF-8, possibly cut mid-character at the start). */
  readonly stdoutTail: string
  readonly stderrTail: string
}

export const DEFAULT_HOOK_TIMEOUT_MS = 10 * 60_000
export const DEFAULT_KILL_GRACE_MS = 5_000
/**
 * Secrets of the watcher's own that a hook never needs: the NumerBay password (`--username`). The watch workflow
 * adds the variable an `env:NAME` signer reads its private key from.
 */
export const DEFAULT_WITHHELD_ENV: readonly string[] = ['NUMERBAY_PASSWORD']
/** After the program exits, how long its output pipes may stay open (a grandchild that escaped the group). */
const PIPE_CLOSE_WAIT_MS = 1_000
const DEFAULT_TAIL_BYTES = 8 * 1024

/** The parent's environment, minus the withheld names, plus the file's NUMERBAY_* variables. */
export function hookEnvironment(file: HookFile, parentEnv: NodeJS.ProcessEnv, withhold: readonly string[] = DEFAULT_WITHHELD_ENV): NodeJS.ProcessEnv {
  // Windows matches variable names without case: withhold by the same rule there.
  const fold = (name: string): string => (process.platform === 'win32' ? name.toUpperCase() : name)
  const withheld = new Set(withhold.map(fold))
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(parentEnv)) if (!withheld.has(fold(name)) && value !== undefined) env[name] = value
  return {
    ...env,
    NUMERBAY_FILE: file.path,
    NUMERBAY_ORDER_ID: String(file.orderId),
    NUMERBAY_PRODUCT: file.product,
    NUMERBAY_ROUND: file.round === null ? '' : String(file.round),
    NUMERBAY_ARTIFACT_ID: String(file.artifactId),
    NUMERBAY_SHA256: file.sha256,
  }
}

/** Keeps the last `limit` bytes written to it. */
class Tail {
  private chunks: Buffer[] = []
  private size = 0
  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.size += chunk.length
    while (this.chunks.length > 1 && this.size - this.chunks[0]!.length >= this.limit) this.size -= this.chunks.shift()!.length
  }

  text(): string {
    const all = Buffer.concat(this.chunks)
    return all.subarray(Math.max(0, all.length - this.limit)).toString('utf8')
  }
}

/**
 * Kills the program and everything it started. On POSIX the program leads its own process group (spawned
 * detached), so one signal to the group reaches its children too; on Windows `taskkill /T` walks the tree.
 */
function killTree(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): void {
  if (child.pid === undefined) return
  if (process.platform === 'win32') {
    const killer = spawn('taskkill', ['/PID', String(child.pid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])], { stdio: 'ignore', windowsHide: true })
    killer.on('error', () => child.kill(signal))
    return
  }
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is gone already (or never formed): try the program itself.
    child.kill(signal)
  }
}

/** Runs the hook for one file; resolves with its outcome, whatever happens (it never rejects). */
export function runHook(command: HookCommand, file: HookFile, options: RunHookOptions = {}): Promise<HookRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS
  const forward = options.forward === undefined ? process.stderr : options.forward
  const tails = { stdout: new Tail(options.tailBytes ?? DEFAULT_TAIL_BYTES), stderr: new Tail(options.tailBytes ?? DEFAULT_TAIL_BYTES) }
  const started = performance.now()
  const finish = (outcome: HookOutcome): HookRun => ({
    outcome,
    durationMs: Math.round(performance.now() - started),
    stdoutTail: tails.stdout.text(),
    stderrTail: tails.stderr.text(),
  })
  if (options.signal?.aborted) return Promise.resolve(finish({ kind: 'interrupted' }))

  return new Promise<HookRun>((resolve) => {
    let child: ChildProcess
    try {
      child = spawn(command.program, [...command.args, file.path], {
        shell: false,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: hookEnvironment(file, options.env ?? process.env, options.withhold),
        ...(options.cwd ? { cwd: options.cwd } : {}),
        // Its own process group (POSIX), so a timeout reaches what it started; no console window (Windows).
        detached: process.platform !== 'win32',
        windowsHide: true,
      })
    } catch (error) {
      // Arguments spawn refuses outright (a NUL byte in a name, a .cmd file on Windows without a shell).
      const { code, message } = error as NodeJS.ErrnoException
      resolve(finish({ kind: 'spawn-error', code: code ?? 'EINVAL', message: String(message).slice(0, 500) }))
      return
    }

    let stopReason: 'timeout' | 'interrupted' | null = null
    let killTimer: NodeJS.Timeout | null = null
    let settled = false
    const stop = (reason: 'timeout' | 'interrupted'): void => {
      if (stopReason || settled) return
      stopReason = reason
      killTree(child, 'SIGTERM')
      killTimer = setTimeout(() => killTree(child, 'SIGKILL'), graceMs)
    }
    const timer = setTimeout(() => stop('timeout'), timeoutMs)
    const onAbort = (): void => stop('interrupted')
    options.signal?.addEventListener('abort', onAbort, { once: true })

    for (const name of ['stdout', 'stderr'] as const) {
      child[name]!.on('data', (chunk: Buffer) => {
        tails[name].add(chunk)
        forward?.write(chunk)
      })
    }

    const settle = (outcome: HookOutcome): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (killTimer) clearTimeout(killTimer)
      options.signal?.removeEventListener('abort', onAbort)
      resolve(finish(outcome))
    }

    child.once('error', (error: NodeJS.ErrnoException) => {
      // 'error' without a started process: the program was not found or may not be run.
      if (child.pid === undefined) settle({ kind: 'spawn-error', code: error.code ?? 'UNKNOWN', message: error.message.slice(0, 500) })
    })

    child.once('exit', (code, signal) => {
      const outcome: HookOutcome =
        stopReason === 'timeout'
          ? { kind: 'timeout', timeoutMs }
          : stopReason === 'interrupted'
            ? { kind: 'interrupted' }
            : code === 0
              ? { kind: 'ok' }
              : code !== null
                ? { kind: 'exit', exitCode: code }
                : { kind: 'signal', signal: signal ?? 'unknown' }
      // Let the pipes deliver the last output, but not wait on a grandchild that keeps them open.
      const closeWait = setTimeout(() => {
        child.stdout?.destroy()
        child.stderr?.destroy()
        settle(outcome)
      }, PIPE_CLOSE_WAIT_MS)
      child.once('close', () => {
        clearTimeout(closeWait)
        settle(outcome)
      })
      // The group may still hold children the program left behind: they go with it.
      if (stopReason && process.platform !== 'win32') killTree(child, 'SIGKILL')
    })
  })
}

/** How a run ended, in words for a report line. */
export function describeHookOutcome(outcome: HookOutcome): string {
  switch (outcome.kind) {
    case 'ok':
      return 'succeeded'
    case 'exit':
      return `exited with code ${outcome.exitCode}`
    case 'signal':
      return `was killed by ${outcome.signal}`
    case 'timeout':
      return `ran longer than ${formatDuration(outcome.timeoutMs)} and was stopped`
    case 'spawn-error':
      return outcome.code === 'ENOENT' ? 'could not start: no such program' : outcome.code === 'EACCES' ? 'could not start: not executable' : `could not start (${outcome.code})`
    case 'interrupted':
      return 'was interrupted when watching stopped'
  }
}

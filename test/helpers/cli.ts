import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { closeSync, constants, openSync, readdirSync, statSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { runCli } from '../../src/cli/program'
import type { CliContext } from '../../src/cli/context'

/** The repository root and the real launcher (`numerbay-desktop` after `npm ci`). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const binPath = join(repoRoot, 'bin', 'numerbay-desktop.js')
export const cliBundle = join(repoRoot, 'out', 'cli', 'index.js')

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export interface CliRunOptions {
  /** Added to the environment. NUMERBAY_* variables of the developer's shell are never inherited. */
  readonly env?: NodeJS.ProcessEnv
  readonly cwd?: string
  /** Text fed on stdin (then closed). */
  readonly stdin?: string
  /** Pretend stdout/stderr are terminals (in-process only): progress lines are drawn. */
  readonly tty?: boolean
  readonly columns?: number
  /** The run's stop signal (in-process only); abort it with a CliStop to stop the run as Ctrl-C or EPIPE would. */
  readonly stop?: AbortSignal
}

/** The test process's environment without NUMERBAY_* (a developer's NUMERBAY_KEY_PATH must not leak in). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('NUMERBAY_')) env[name] = value
  // Tests do not write log files unless they ask for a level (NUMERBAY_LOG_LEVEL in `extra`).
  return { ...env, NUMERBAY_LOG_LEVEL: 'silent', ...extra }
}

class Capture extends Writable {
  text = ''
  isTTY: boolean
  columns: number
  constructor(tty: boolean, columns: number) {
    super()
    this.isTTY = tty
    this.columns = columns
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString()
    callback()
  }
}

/** Runs the CLI inside this process through runCli, with captured streams. Fast; use for most cases. */
export async function runCliInProcess(argv: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const stdout = new Capture(options.tty ?? false, options.columns ?? 100)
  const stderr = new Capture(options.tty ?? false, options.columns ?? 100)
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as Readable & { isTTY?: boolean }
  const context: CliContext = { stdout, stderr, stdin, env: cleanEnv(options.env), cwd: options.cwd ?? process.cwd(), exitCode: 0, stop: options.stop ?? new AbortController().signal }
  const code = await runCli(argv, context)
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** Newest modification time among the files the CLI bundle is built from. */
function newestSourceTime(): number {
  let newest = 0
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(ts|tsx|mjs|js|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs)
    }
  }
  for (const dir of ['src/cli', 'src/main', 'src/shared', 'src/demo-server']) {
    try {
      walk(join(repoRoot, dir))
    } catch {
      // A folder that does not exist yet has nothing to build.
    }
  }
  return Math.max(newest, statSync(join(repoRoot, 'scripts', 'build-cli.mjs')).mtimeMs)
}

let builtThisProcess = false

/**
 * Makes sure out/cli is current (runs `node scripts/build-cli.mjs` when a source is newer than the bundle).
 * Test files run in parallel processes, so the build happens under a lock file.
 */
export function ensureCliBuilt(): void {
  if (builtThisProcess) return
  const lock = join(tmpdir(), 'numerbay-desktop-cli-build.lock')
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'))
      break
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) unlinkSync(lock)
      } catch {
        // Released meanwhile.
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for another CLI build')
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    }
  }
  try {
    const bundleTime = (() => {
      try {
        return statSync(cliBundle).mtimeMs
      } catch {
        return 0
      }
    })()
    if (bundleTime < newestSourceTime()) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-cli.mjs')], { cwd: repoRoot, stdio: 'pipe' })
    builtThisProcess = true
  } finally {
    unlinkSync(lock)
  }
}

export interface CliChild {
  readonly child: ChildProcess
  /** Resolves when the process exits, with everything it printed. */
  readonly done: Promise<CliRun>
  /** What it has printed so far (for tests that react to prompts). */
  output(): CliRun
}

export interface CliBinaryOptions extends Omit<CliRunOptions, 'tty' | 'columns'> {
  /** Kill the process after this long (default 60 s). */
  readonly timeoutMs?: number
  /** Leave stdin open for the test to write to (`child.stdin`); by default it is closed at once. */
  readonly keepStdinOpen?: boolean
  /** Run as another user (tests of permissions when running as root). */
  readonly uid?: number
  readonly gid?: number
  /** A file descriptor for the child's stdout instead of a pipe to this process (e.g. closedPipe()). */
  readonly stdoutFd?: number
}

/**
 * The write end of a real pipe whose reader is already gone, as under `| head` once head has exited: the first
 * write to it fails with EPIPE. (A FIFO gives Node a pipe(2); the read end is opened first so that the
 * write end opens at once, then closed.) The caller closes the returned fd once a child holds it.
 */
export function closedPipe(dir: string): number {
  const fifo = join(dir, `closed-pipe-${process.pid}-${Math.random().toString(16).slice(2)}`)
  execFileSync('mkfifo', [fifo])
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
  const writer = openSync(fifo, constants.O_WRONLY)
  closeSync(reader)
  unlinkSync(fifo)
  return writer
}

/** Starts the real launcher bin/numerbay-desktop.js as a child process. Call ensureCliBuilt() first. */
export function startCliBinary(argv: readonly string[], options: CliBinaryOptions = {}): CliChild {
  const child = spawn(process.execPath, [binPath, ...argv], {
    cwd: options.cwd ?? process.cwd(),
    env: cleanEnv(options.env),
    stdio: ['pipe', options.stdoutFd ?? 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  if (options.stdin !== undefined) child.stdin!.end(options.stdin)
  else if (!options.keepStdinOpen) child.stdin!.end()
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? (signal ? 128 + 9 : 1), stdout, stderr })
    })
  })
  return { child, done, output: () => ({ code: -1, stdout, stderr }) }
}

/** Runs the real launcher to completion. Call ensureCliBuilt() first (e.g. in beforeAll). */
export async function runCliBinary(argv: readonly string[], options: CliBinaryOptions = {}): Promise<CliRun> {
  return startCliBinary(argv, options).done
}

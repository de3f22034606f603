// What a command receives instead of process globals (streams, environment, working folder, the stop signal, the
// log), so tests run commands in-process with streams and an environment of their own.

import type { Command } from 'commander'
import type { Logger } from '../main/log'

/** What every command can rely on: standard streams, the environment, global options. */
export interface CliContext {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
  /** Set by a command to the exit code it wants when it returns normally (0 by default). */
  exitCode: number
  /**
   * Aborted when the run must stop: Ctrl-C (SIGINT), SIGTERM, SIGHUP, or stdout/stderr closed by its reader
   * (EPIPE). Its reason is a CliStop (src/cli/stop.ts) and decides the exit code. A command with work to wind down
   * (partial files, a record, a lock) listens to it (`listenForStop`) instead of installing process signal
   * handlers; without a listener, a signal ends the process at once.
   */
  readonly stop: AbortSignal
  /**
   * Set by a command whose normal end is a stop signal (a server, a watcher): then Ctrl-C, SIGTERM and SIGHUP
   * end it with its own exit code (0) instead of 128 + the signal. A closed output still exits 141.
   */
  runsUntilStopped?: boolean
  /**
   * The words after a rest-of-line option's first value (`watch --exec PROGRAM ARGS...`: the ARGS), taken out of
   * argv before parsing (src/cli/rest-of-line.ts). Absent when the option was not given.
   */
  restOfLine?: readonly string[]
  /** The log (runCli opens <data folder>/logs/cli.log when none is given). Never the terminal. */
  log?: Logger
}

/** Global options declared on the root program (`--api`, `--verbose`). */
export interface GlobalOptions {
  readonly api?: string
  readonly verbose?: boolean
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>()
}

/** One command group: a function that adds its commands to the program. */
export type CommandRegistrar = (program: Command, context: CliContext) => void

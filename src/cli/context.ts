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

// How a CLI run fails: the exit codes, and an error turned into one clear line and its action on stderr.

import { CommanderError } from 'commander'
import { AppError, toErrorInfo, type ErrorInfo } from '../shared/errors'
import { debugRequested } from '../main/config/environment'
import type { CliContext } from './context'
import { errorFields } from '../main/log'
import { styleFor } from './style'
import { EXIT_HANGUP, EXIT_INTERRUPTED, EXIT_OUTPUT_CLOSED, EXIT_TERMINATED } from './stop'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

/**
 * Every exit code the CLI uses: printed at the end of `--help` and in docs/user/troubleshooting.md (a test keeps
 * the two the same). A stopped run exits 128 + the signal, as a shell shows it (src/cli/stop.ts).
 */
export const EXIT_CODES: readonly { readonly code: number; readonly meaning: string }[] = [
  { code: EXIT_OK, meaning: 'success (doctor: no check failed; demo-server and watch: also when stopped with Ctrl-C or SIGTERM)' },
  { code: EXIT_FAILED, meaning: 'failed: an error, a file that could not be synced or decrypted, or a doctor check that failed' },
  { code: EXIT_USAGE, meaning: 'usage: unknown command or option, missing or invalid argument' },
  { code: EXIT_HANGUP, meaning: 'SIGHUP (the terminal closed): stopped as for Ctrl-C' },
  { code: EXIT_INTERRUPTED, meaning: 'Ctrl-C (SIGINT): stopped; sync keeps partial files and resumes next run, decrypt removes the file in progress' },
  { code: EXIT_OUTPUT_CLOSED, meaning: 'the output was closed (SIGPIPE: e.g. piped into head); stopped as for Ctrl-C, nothing more is printed' },
  { code: EXIT_TERMINATED, meaning: 'SIGTERM: stopped as for Ctrl-C' },
]

export function exitCodesHelp(): string {
  return [
    '',
    'Exit codes:',
    ...EXIT_CODES.map(({ code, meaning }) => `  ${String(code).padEnd(4)} ${meaning}`),
    'A stopped command winds down first (partial files and the sync record kept, the folder lock released); a second',
    'Ctrl-C ends it at once.',
  ].join('\n')
}

/** One clear line (plus the action) on stderr; never a stack trace. Returns the exit code to use. */
export function reportCliError(error: unknown, context: Pick<CliContext, 'stderr' | 'env' | 'log'>): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its own message (unknown option, missing argument).
    if (error.exitCode !== 0) context.log?.warn({ event: 'usage-error', code: error.code }, error.message.split('\n')[0])
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE
  }
  const info: ErrorInfo = toErrorInfo(error)
  context.log?.error({ event: 'error', ...errorFields(error) }, 'command failed')
  context.stderr.write(`${styleFor(context.stderr, context.env).red('error:')} ${info.message}\n`)
  if (info.action) context.stderr.write(`  ${info.action}\n`)
  if (debugRequested(context.env) && !(error instanceof AppError)) context.stderr.write(`${String((error as Error)?.stack ?? error)}\n`)
  return info.code === 'USAGE' ? EXIT_USAGE : EXIT_FAILED
}

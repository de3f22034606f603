import { CommanderError } from 'commander'
import { AppError, toErrorInfo, type ErrorInfo } from '../shared/errors'
import { debugRequested } from '../main/config/environment'
import type { CliContext } from './context'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

/** One clear line (plus the action) on stderr; never a stack trace. Returns the exit code to use. */
export function reportCliError(error: unknown, context: Pick<CliContext, 'stderr' | 'env'>): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its own message (unknown option, missing argument).
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE
  }
  const info: ErrorInfo = toErrorInfo(error)
  context.stderr.write(`error: ${info.message}\n`)
  if (info.action) context.stderr.write(`  ${info.action}\n`)
  if (debugRequested(context.env) && !(error instanceof AppError)) context.stderr.write(`${String((error as Error)?.stack ?? error)}\n`)
  return info.code === 'USAGE' ? EXIT_USAGE : EXIT_FAILED
}

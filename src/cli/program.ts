// The command tree and one run of it: loads only the command group asked for (the heavy ones cost a second to
// load), runs it, and turns every error and stop into an exit code.

import { Command } from 'commander'
import { readEnvironment, type Environment } from '../main/config/environment'
import { createFileLogger, resolveLogLevel } from '../main/log'
import { APP_VERSION } from '../main/version'
import type { CliContext, CommandRegistrar } from './context'
import { EXIT_OK, exitCodesHelp, reportCliError } from './errors'
import { CliStop, stopReason } from './stop'
import { splitRestOfLine } from './rest-of-line'
import { isAppError } from '../shared/errors'
import { colorEnabled, styleFor } from './style'

export const PROGRAM_NAME = 'numerbay-desktop'

/**
 * A group of top-level commands and how to load them. Groups load on demand: the WalletConnect client,
 * hw-app-eth and the demo server cost about a second and 35 MiB to load, which `decrypt` should never pay.
 */
interface CommandGroup {
  readonly names: readonly string[]
  readonly load: () => Promise<CommandRegistrar>
}

const commandGroups: readonly CommandGroup[] = [
  { names: ['decrypt'], load: async () => (await import('./commands/decrypt')).registerDecryptCommands },
  {
    names: ['key'],
    load: async () => {
      const [offline, account] = await Promise.all([import('./commands/key-offline'), import('./commands/key-account')])
      return (program, context) => {
        const key = program.command('key').description('Create, unlock, export, import and replace your NumerBay key.')
        key.exitOverride()
        offline.registerKeyOfflineCommands(key, context)
        account.registerKeyAccountCommands(key, context)
      }
    },
  },
  { names: ['ledger'], load: async () => (await import('./commands/ledger')).registerLedgerCommands },
  { names: ['walletconnect'], load: async () => (await import('./commands/walletconnect')).registerWalletconnectCommands },
  { names: ['login', 'whoami', 'orders'], load: async () => (await import('./commands/account')).registerAccountCommands },
  { names: ['sync'], load: async () => (await import('./commands/sync')).registerSyncCommands },
  { names: ['watch'], load: async () => (await import('./commands/watch')).registerWatchCommands },
  { names: ['demo-server', 'sandbox'], load: async () => (await import('./commands/demo-server')).registerDemoServerCommands },
  { names: ['doctor'], load: async () => (await import('./commands/doctor')).registerDoctorCommands },
]

/** Root options that take a value, so the command finder does not mistake the value for a command. */
const ROOT_OPTIONS_WITH_VALUE = new Set(['--api'])

/** The first word of argv that is not a root option or its value: the command the user asked for. */
export function requestedCommand(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!
    if (ROOT_OPTIONS_WITH_VALUE.has(word)) i++
    else if (!word.startsWith('-')) return word
  }
  return undefined
}

/**
 * Builds the command tree: only the group the user asked for, or every group for help and for an
 * unknown command (so the error can list what exists).
 */
export async function buildProgram(context: CliContext, argv: readonly string[] = []): Promise<Command> {
  const style = styleFor(context.stdout, context.env)
  const program = new Command(PROGRAM_NAME)
    .description('NumerBay Desktop: unlock your NumerBay key with a Ledger or phone wallet, download and decrypt your purchases.')
    .version(APP_VERSION, '-V, --version', 'print the version and exit')
    .option('--api <url>', 'NumerBay API base URL (default: $NUMERBAY_API_URL or https://numerbay.ai/backend-api/v1)')
    .option('--verbose', 'write debug detail to the log file (default level: $NUMERBAY_LOG_LEVEL, else info); the terminal output does not change')
    .addHelpText('after', `${exitCodesHelp()}\n\nThe log is in the data folder's logs/ ($NUMERBAY_DATA_DIR); \`${PROGRAM_NAME} doctor\` checks this computer.\n`)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      // Commander would ask process.stdout; the streams are the context's (tests, embedding).
      getOutHasColors: () => colorEnabled(context.stdout, context.env),
      getErrHasColors: () => colorEnabled(context.stderr, context.env),
    })
    // Bold section titles on a terminal; plain text when NO_COLOR is set or output is piped.
    .configureHelp({ styleTitle: (title) => style.bold(title), showGlobalOptions: true })
    .exitOverride()

  const command = requestedCommand(argv)
  const wanted = commandGroups.find((group) => command !== undefined && group.names.includes(command))
  const registrars = await Promise.all((wanted ? [wanted] : commandGroups).map((group) => group.load()))
  for (const register of registrars) register(program, context)
  return program
}

/** A failure that is only the stop taking effect (a cancelled transfer, an aborted wait): not worth a message. */
function isCancellation(error: unknown): boolean {
  return (isAppError(error) && error.code === 'CANCELLED') || (error instanceof Error && error.name === 'AbortError') || error instanceof CliStop
}

/**
 * Runs the CLI and resolves to the process exit code. Never throws. A stopped run exits with the stop's code
 * (130, 143, 129; 141 for a closed output, after which nothing more is printed), whatever the command returned.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const environment = readEnvironmentOrNull(context.env)
  const fileLog = context.log || !environment ? null : createFileLogger({ dataDir: environment.dataDir, name: 'cli', level: resolveLogLevel(environment.logLevel) })
  if (fileLog) context.log = fileLog
  const log = context.log
  const started = Date.now()
  const code = await runCommand(argv, context, (program) =>
    program.hook('preAction', (_root, action) => {
      if (fileLog && action.optsWithGlobals<{ verbose?: boolean }>().verbose) fileLog.level = resolveLogLevel(environment?.logLevel, true)
      const path: string[] = []
      for (let command: Command | null = action; command && command !== program; command = command.parent) path.unshift(command.name())
      log?.info({ event: 'command', command: path.join(' '), options: Object.keys(action.opts()), version: APP_VERSION }, 'command started')
    }),
  )
  log?.info({ event: 'exit', exitCode: code, ms: Date.now() - started }, 'command finished')
  if (fileLog) {
    await fileLog.close()
    delete context.log
  }
  return code
}

/** A malformed NUMERBAY_* variable is reported by the command that reads it; the log then goes without a file. */
function readEnvironmentOrNull(env: NodeJS.ProcessEnv): Environment | null {
  try {
    return readEnvironment(env)
  } catch {
    return null
  }
}

/** Parses and runs one command; the exit code follows a stop (signal, closed output) when there was one. */
async function runCommand(argv: readonly string[], context: CliContext, prepare: (program: Command) => void): Promise<number> {
  let code: number
  let failed = false
  try {
    // `watch --exec PROGRAM ARGS...`: the program's arguments are its own, never parsed as ours.
    const split = splitRestOfLine(argv, requestedCommand(argv))
    if (split.rest) context.restOfLine = split.rest
    const program = await buildProgram(context, split.argv)
    prepare(program)
    await program.parseAsync(split.argv, { from: 'user' })
    code = context.exitCode ?? EXIT_OK
  } catch (error) {
    failed = true
    const stopped = stopReason(context.stop)
    if (stopped && (!stopped.bySignal || isCancellation(error))) return stopped.exitCode
    code = reportCliError(error, context)
  }
  const stopped = stopReason(context.stop)
  if (!stopped) return code
  if (stopped.bySignal && context.runsUntilStopped && !failed) return code
  return stopped.exitCode
}

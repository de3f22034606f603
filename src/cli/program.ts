import { Command } from 'commander'
import type { CliContext, CommandRegistrar } from './context'
import { EXIT_OK, reportCliError } from './errors'
import { CliStop, stopReason } from './stop'
import { isAppError } from '../shared/errors'

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
  { names: ['demo-server', 'sandbox'], load: async () => (await import('./commands/demo-server')).registerDemoServerCommands },
]

/** The exit codes every command shares (a command's own help adds what its 1 means). */
export const EXIT_STATUS_HELP = `
Exit status: 0 success, 1 failure, 2 usage error; a stopped run exits 128 + the signal, as a shell shows it:
  130  Ctrl-C (SIGINT)        143  SIGTERM        129  SIGHUP (the terminal closed)
  141  the output was closed (SIGPIPE: e.g. piped into head); nothing more is printed
A stopped command winds down first: sync keeps partial files and its record for the next run and releases the
folder lock; decrypt removes the file in progress. A second Ctrl-C ends at once. demo-server, which runs until
stopped, exits 0 on Ctrl-C or SIGTERM.`

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
  const program = new Command(PROGRAM_NAME)
    .description('NumerBay Desktop: unlock your NumerBay key with a Ledger or phone wallet, download and decrypt your purchases.')
    .option('--api <url>', 'NumerBay API base URL (default: $NUMERBAY_API_URL or https://numerbay.ai/backend-api/v1)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .exitOverride()
    .addHelpText('after', EXIT_STATUS_HELP)

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
  let code: number
  let failed = false
  try {
    const program = await buildProgram(context, argv)
    await program.parseAsync([...argv], { from: 'user' })
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

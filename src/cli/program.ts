import { Command } from 'commander'
import { appDataDir } from '../main/fs/data-dir'
import { createFileLogger, resolveLogLevel } from '../main/log'
import { APP_VERSION } from '../main/version'
import type { CliContext, CommandRegistrar } from './context'
import { EXIT_OK, exitCodesHelp, reportCliError } from './errors'
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

/**
 * Runs the CLI and resolves to the process exit code. Never throws. Each run is logged to
 * <data folder>/logs/cli.log (the command and its option names, never their values; errors with their code).
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const fileLog = context.log ? null : createFileLogger({ dataDir: appDataDir(context.env), name: 'cli', level: resolveLogLevel(context.env) })
  if (fileLog) context.log = fileLog
  const log = context.log!
  const started = Date.now()
  let code: number
  try {
    const program = await buildProgram(context, argv)
    program.hook('preAction', (_root, action) => {
      if (fileLog && action.optsWithGlobals<{ verbose?: boolean }>().verbose) fileLog.level = resolveLogLevel(context.env, true)
      const path: string[] = []
      for (let command: Command | null = action; command && command !== program; command = command.parent) path.unshift(command.name())
      log.info({ event: 'command', command: path.join(' '), options: Object.keys(action.opts()), version: APP_VERSION }, 'command started')
    })
    await program.parseAsync([...argv], { from: 'user' })
    code = context.exitCode ?? EXIT_OK
  } catch (error) {
    code = reportCliError(error, context)
  }
  log.info({ event: 'exit', exitCode: code, ms: Date.now() - started }, 'command finished')
  if (fileLog) {
    await fileLog.close()
    delete context.log
  }
  return code
}

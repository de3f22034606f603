import { Command } from 'commander'
import type { CliContext, CommandRegistrar } from './context'
import { EXIT_OK, reportCliError } from './errors'

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

  const command = requestedCommand(argv)
  const wanted = commandGroups.find((group) => command !== undefined && group.names.includes(command))
  const registrars = await Promise.all((wanted ? [wanted] : commandGroups).map((group) => group.load()))
  for (const register of registrars) register(program, context)
  return program
}

/** Runs the CLI and resolves to the process exit code. Never throws. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  try {
    const program = await buildProgram(context, argv)
    await program.parseAsync([...argv], { from: 'user' })
    return context.exitCode ?? EXIT_OK
  } catch (error) {
    return reportCliError(error, context)
  }
}

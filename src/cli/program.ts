import { Command } from 'commander'
import { registerAccountCommands } from './commands/account'
import { registerDecryptCommands } from './commands/decrypt'
import { registerKeyAccountCommands } from './commands/key-account'
import { registerKeyOfflineCommands } from './commands/key-offline'
import { registerLedgerCommands } from './commands/ledger'
import { registerSandboxCommands } from './commands/sandbox'
import { registerSyncCommands } from './commands/sync'
import { registerWalletconnectCommands } from './commands/walletconnect'
import type { CliContext } from './context'
import { EXIT_OK, reportCliError } from './errors'

export const PROGRAM_NAME = 'numerbay-desktop'

/** Builds the command tree. The `key` group is shared: offline (unlock, new) and account (export, replace, import). */
export function buildProgram(context: CliContext): Command {
  const program = new Command(PROGRAM_NAME)
    .description('NumerBay Desktop: unlock your NumerBay key with a Ledger or phone wallet, download and decrypt your purchases.')
    .option('--api <url>', 'NumerBay API base URL (default: $NUMERBAY_API_URL or https://numerbay.ai/backend-api/v1)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .exitOverride()

  registerDecryptCommands(program, context)
  const key = program.command('key').description('Create, unlock, export, import and replace your NumerBay key.')
  key.exitOverride()
  registerKeyOfflineCommands(key, context)
  registerKeyAccountCommands(key, context)
  registerLedgerCommands(program, context)
  registerWalletconnectCommands(program, context)
  registerAccountCommands(program, context)
  registerSyncCommands(program, context)
  registerSandboxCommands(program, context)
  return program
}

/** Runs the CLI and resolves to the process exit code. Never throws. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = buildProgram(context)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return context.exitCode ?? EXIT_OK
  } catch (error) {
    return reportCliError(error, context)
  }
}

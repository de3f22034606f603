import { resolve } from 'node:path'
import type { Command } from 'commander'
import { AppError } from '../../shared/errors'
import type { CliContext } from '../context'

/** The demo buyer's wallet: Hardhat account #0 (a public test key; never hold real funds with it). */
export const DEMO_WALLET_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
export const DEMO_MNEMONIC = 'test test test test test test test test test test test junk'

interface SandboxCliOptions {
  readonly seed?: string
  readonly port?: string
  readonly host?: string
}

/** Registers `sandbox`: a local NumerBay-compatible server with demo data, until Ctrl-C. */
export function registerSandboxCommands(program: Command, context: CliContext): void {
  program
    .command('sandbox')
    .description('Run a local NumerBay-compatible server with demo data (try the app without an account).')
    .option('--seed <file>', 'seed JSON (default: the bundled demo seed)')
    .option('--port <n>', 'port to listen on (default: any free port)', '0')
    .option('--host <address>', 'loopback address to bind', '127.0.0.1')
    .action(async (options: SandboxCliOptions) => {
      const port = Number(options.port ?? '0')
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('USAGE', { message: `--port must be 0-65535, not ${options.port}.` })
      const host = options.host ?? '127.0.0.1'
      if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new AppError('USAGE', { message: 'The sandbox only listens on loopback (127.0.0.1 or ::1).' })
      const { startSandbox, readSeedFile } = await import('../../sandbox')
      const seed = options.seed ? await readSeedFile(resolve(context.cwd, options.seed)) : ((await import('../../sandbox/seeds/demo.json')).default as unknown)
      const sandbox = await startSandbox({ seed: seed as Parameters<typeof startSandbox>[0]['seed'], port, host })
      context.stdout.write(
        [
          `NumerBay sandbox running.`,
          `  API URL:      ${sandbox.apiUrl}`,
          `  Admin token:  ${sandbox.adminToken}   (POST ${sandbox.origin}/__sandbox/<action>, Authorization: Bearer <token>)`,
          '',
          ...(options.seed
            ? []
            : [
                'Demo buyer (Hardhat account #0, a public test key):',
                `  export NUMERBAY_API_URL=${sandbox.apiUrl}`,
                `  export NUMERBAY_SANDBOX_KEY=${DEMO_WALLET_KEY}`,
                '  numerbay-desktop orders --signer env:NUMERBAY_SANDBOX_KEY',
                'Same account on the Ledger emulator:',
                `  export NUMERBAY_LEDGER_TRANSPORT="emulator:${DEMO_MNEMONIC}"`,
                '  numerbay-desktop orders --signer ledger',
                'Password user: --username password-buyer (NUMERBAY_PASSWORD=sandbox-password)',
                '',
              ]),
          'Press Ctrl-C to stop.',
        ].join('\n') + '\n',
      )
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          done()
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      await sandbox.close()
      context.stdout.write('Sandbox stopped.\n')
    })
}

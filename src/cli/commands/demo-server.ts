import { resolve } from 'node:path'
import { Option, type Command } from 'commander'
import { AppError } from '../../shared/errors'
import type { CliContext } from '../context'

/** The demo buyer's wallet: Hardhat account #0 (a public test key; never hold real funds with it). */
export const DEMO_WALLET_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
export const DEMO_MNEMONIC = 'test test test test test test test test test test test junk'

interface DemoServerCliOptions {
  readonly seed?: string
  readonly port?: string
  readonly host?: string
}

/**
 * Registers `demo-server`: a local NumerBay-compatible server with demo data, until Ctrl-C. `sandbox` is its old
 * name, kept as an alias for one release (0.2) so existing scripts keep working.
 */
export function registerDemoServerCommands(program: Command, context: CliContext): void {
  program
    .command('demo-server')
    .alias('sandbox')
    .description('Run a local NumerBay-compatible server with demo data (try the app without an account).')
    .option('--seed <file>', 'seed JSON (default: the bundled demo seed)')
    .addOption(new Option('--port <n>', 'port to listen on').default('0', 'any free port'))
    .option('--host <address>', 'loopback address to bind', '127.0.0.1')
    .action(async (options: DemoServerCliOptions) => {
      const port = Number(options.port ?? '0')
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('USAGE', { message: `--port must be 0-65535, not ${options.port}.` })
      const host = options.host ?? '127.0.0.1'
      if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new AppError('USAGE', { message: 'The demo server only listens on loopback (127.0.0.1 or ::1).' })
      const { startDemoServer, readSeedFile } = await import('../../demo-server')
      const seed = options.seed ? await readSeedFile(resolve(context.cwd, options.seed)) : ((await import('../../demo-server/seeds/demo.json')).default as unknown)
      const demo = await startDemoServer({ seed: seed as Parameters<typeof startDemoServer>[0]['seed'], port, host })
      context.stdout.write(
        [
          `NumerBay demo running.`,
          `  API URL:      ${demo.apiUrl}`,
          `  Admin token:  ${demo.adminToken}   (POST ${demo.origin}/__demo/<action>, Authorization: Bearer <token>)`,
          '',
          ...(options.seed
            ? []
            : [
                'Demo buyer (Hardhat account #0, a public test key):',
                `  export NUMERBAY_API_URL=${demo.apiUrl}`,
                `  export NUMERBAY_DEMO_KEY=${DEMO_WALLET_KEY}`,
                '  numerbay-desktop orders --signer env:NUMERBAY_DEMO_KEY',
                'Same account on the Ledger emulator:',
                `  export NUMERBAY_LEDGER_TRANSPORT="emulator:${DEMO_MNEMONIC}"`,
                '  numerbay-desktop orders --signer ledger',
                'Password user: --username password-buyer (NUMERBAY_PASSWORD=demo-password)',
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
      await demo.close()
      context.stdout.write('Demo stopped.\n')
    })
}

// `demo-server`: runs the local NumerBay-compatible server with demo data until stopped; its admin subcommands
// change a running one to stage what watch mode meets on the real NumerBay (new files, a rollover, a storm).

import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Option, type Command } from 'commander'
import { AppError } from '../../shared/errors'
import { isLoopbackHostname } from '../../shared/net'
import { parseDuration } from '../../main/watch/interval'
import { readEnvironment } from '../../main/config/environment'
import type { CliContext } from '../context'
import { listenForStop } from '../stop'

/** The demo buyer's wallet: Hardhat account #0 (a public test key; never hold real funds with it). */
export const DEMO_WALLET_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
export const DEMO_MNEMONIC = 'test test test test test test test test test test test junk'

interface DemoServerCliOptions {
  readonly seed?: string
  readonly port?: string
  readonly host?: string
}

/**
 * Registers `demo-server` and its admin subcommands (registerAdminCommands). `sandbox` is its old name, kept as
 * an alias for one release (0.2) so existing scripts keep working.
 */
export function registerDemoServerCommands(program: Command, context: CliContext): void {
  const demoServer = program
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
      // Ctrl-C or SIGTERM is how it normally ends (exit 0); a closed output ends it too (exit 141).
      context.runsUntilStopped = true
      await new Promise<void>((done) => listenForStop(context.stop, () => done()))
      await demo.close()
      context.stdout.write('Demo stopped.\n')
    })
  registerAdminCommands(demoServer, context)
}

interface AdminOptions {
  readonly url?: string
  readonly adminToken?: string
  readonly json?: boolean
}

/** The admin origin from --url (the origin or the API URL the server printed), loopback only. */
function adminOrigin(value: string | undefined): string {
  if (!value) throw new AppError('USAGE', { message: 'Give the running demo server with --url (or NUMERBAY_DEMO_URL): the API URL it printed.' })
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new AppError('USAGE', { message: `--url is not a URL: ${value}` })
  }
  // The admin token goes with the request: never off this machine (the demo server only listens on loopback).
  if (url.protocol !== 'http:' || !isLoopbackHostname(url.hostname)) {
    throw new AppError('USAGE', { message: `--url must be the local demo server (http://127.0.0.1:PORT/…), not ${url.origin}.` })
  }
  return url.origin
}

/** POSTs one admin action and returns its JSON answer; clear errors for no server, a wrong token, a refusal. */
async function adminCall(options: AdminOptions, context: CliContext, action: string, body: Record<string, unknown> = {}): Promise<unknown> {
  const environment = readEnvironment(context.env)
  const origin = adminOrigin(options.url ?? environment.demoUrl)
  const token = options.adminToken ?? environment.demoAdminToken
  if (!token) throw new AppError('USAGE', { message: 'Give the admin token the demo server printed with --admin-token (or NUMERBAY_DEMO_ADMIN_TOKEN).' })
  let response: Response
  try {
    response = await fetch(`${origin}/__demo/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
      redirect: 'error',
    })
  } catch (cause) {
    throw new AppError('API_UNREACHABLE', { message: `No demo server answers at ${origin}.`, cause })
  }
  const text = await response.text()
  let answer: unknown = text
  try {
    answer = JSON.parse(text)
  } catch {
    // not JSON: keep the text for the message
  }
  if (response.status === 401) throw new AppError('INVALID_ARGUMENT', { message: 'The demo server refused the admin token (use the one it printed at start).' })
  if (!response.ok) {
    const detail = typeof answer === 'object' && answer !== null && 'detail' in answer ? String((answer as { detail: unknown }).detail) : text.slice(0, 200)
    throw new AppError('INVALID_ARGUMENT', { message: `The demo server refused ${action}: ${detail}` })
  }
  return answer
}

function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new AppError('USAGE', { message: `${option} must be a whole number, not ${value}.` })
  return Number(value)
}

/**
 * `demo-server publish|rollover|storm|expire-tokens`: what watch mode meets on the real NumerBay, on demand,
 * against a running demo server (its admin routes under /__demo, loopback only, with the admin token).
 */
function registerAdminCommands(demoServer: Command, context: CliContext): void {
  const admin = (name: string, description: string): Command =>
    demoServer
      .command(name)
      .description(description)
      .option('--url <url>', 'the running demo server (the API URL it printed; default $NUMERBAY_DEMO_URL)')
      .option('--admin-token <token>', 'the admin token it printed (default $NUMERBAY_DEMO_ADMIN_TOKEN)')
      .option('--json', 'print the server’s JSON answer')
  const print = (options: AdminOptions, answer: unknown, line: string): void => {
    context.stdout.write(options.json ? `${JSON.stringify(answer)}\n` : `${line}\n`)
  }

  admin('publish', 'Upload a new file as the seller would: sealed to the order’s buyer key, or a plain product file.')
    .option('--order <id>', 'the order to upload for (sealed to its buyer_public_key; plain if the order has none)')
    .option('--product <id>', 'a plain product artifact instead')
    .option('--text <content>', 'the file’s content')
    .option('--file <path>', 'the file to upload (read whole: keep it small)')
    .option('--size <bytes>', 'generated pseudo-random content of this size')
    .option('--filename <name>', 'the uploader’s file name (only its extension is kept, as on NumerBay)', 'predictions.csv')
    .option('--object-name <name>', 'the storage object name (default: sku_round_random.ext)')
    .option('--round <n>', 'the artifact’s round (default: the selling round)')
    .action(async (options: AdminOptions & { order?: string; product?: string; text?: string; file?: string; size?: string; filename: string; objectName?: string; round?: string }) => {
      const order = positiveInteger(options.order, '--order')
      const product = positiveInteger(options.product, '--product')
      if ((order === undefined) === (product === undefined)) throw new AppError('USAGE', { message: 'Give exactly one of --order or --product.' })
      const sources = [options.text, options.file, options.size].filter((value) => value !== undefined).length
      if (sources > 1) throw new AppError('USAGE', { message: 'Give at most one of --text, --file and --size.' })
      const size = positiveInteger(options.size, '--size')
      const round = positiveInteger(options.round, '--round')
      let contentBase64: string | undefined
      if (options.file) {
        const path = resolve(context.cwd, options.file)
        contentBase64 = (await readFile(path).catch((cause: unknown) => {
          throw new AppError('FILE_NOT_FOUND', { message: `Cannot read ${path}.`, cause })
        })).toString('base64')
      }
      const answer = (await adminCall(options, context, 'publish', {
        ...(order !== undefined ? { order } : { product }),
        filename: options.filename,
        ...(options.objectName ? { objectName: options.objectName } : {}),
        ...(round !== undefined ? { round } : {}),
        ...(contentBase64 !== undefined ? { contentBase64 } : {}),
        ...(options.text !== undefined ? { content: options.text } : {}),
        ...(size !== undefined ? { generated: { size, seed: `published-${Date.now()}` } } : {}),
        ...(sources === 0 ? { content: `id,prediction\nexample,${Math.random().toFixed(6)}\n` } : {}),
      })) as { id: string | number; object_name: string; round_tournament: number; object_size: number | null }
      print(options, answer, `Published ${answer.object_name} (artifact ${answer.id}, round ${answer.round_tournament}, ${answer.object_size ?? '?'} bytes).`)
    })

  admin('rollover', 'Roll the round over: is_doing_round_rollover for a while, then the next selling round, older files pruned.')
    .option('--duration <duration>', 'how long is_doing_round_rollover stays true, e.g. 30s (default: none, at once)')
    .action(async (options: AdminOptions & { duration?: string }) => {
      const durationMs = options.duration === undefined ? 0 : parseDuration(options.duration, '--duration')
      const answer = (await adminCall(options, context, 'rollover', { durationMs })) as { selling_round: number; is_doing_round_rollover: boolean }
      print(
        options,
        answer,
        answer.is_doing_round_rollover
          ? `Rollover in progress for ${options.duration}; round ${answer.selling_round + 1} follows.`
          : `Selling round is now ${answer.selling_round}; older per-round files were pruned.`,
      )
    })

  admin('storm', 'Answer 503 (or 429) with Retry-After for a number of requests or a while.')
    .option('--target <which>', 'api, storage or both', 'both')
    .option('--status <code>', '503 or 429', '503')
    .option('--retry-after <value>', 'Retry-After: seconds, an HTTP date, or "none"', '2')
    .option('--count <n>', 'how many responses (per target; default 3 unless --for is given)')
    .option('--for <duration>', 'for how long, e.g. 30s')
    .action(async (options: AdminOptions & { target: string; status: string; retryAfter: string; count?: string; for?: string }) => {
      if (!['api', 'storage', 'both'].includes(options.target)) throw new AppError('USAGE', { message: '--target must be api, storage or both.' })
      if (options.status !== '503' && options.status !== '429') throw new AppError('USAGE', { message: '--status must be 503 or 429.' })
      const count = positiveInteger(options.count, '--count')
      const durationMs = options.for === undefined ? undefined : parseDuration(options.for, '--for')
      const retryAfter = options.retryAfter === 'none' ? null : /^\d+$/.test(options.retryAfter) ? Number(options.retryAfter) : options.retryAfter
      const answer = await adminCall(options, context, 'storm', {
        target: options.target,
        status: Number(options.status),
        retryAfter,
        ...(count !== undefined ? { count } : {}),
        ...(durationMs !== undefined ? { durationMs } : {}),
      })
      const span = durationMs !== undefined ? `for ${options.for}` : `for ${count ?? 3} responses`
      print(options, answer, `Storm on ${options.target}: ${options.status}${retryAfter === null ? '' : ` with Retry-After: ${retryAfter}`} ${span}.`)
    })

  admin('expire-tokens', 'Make every access token issued so far invalid (the next API call gets 403 "Could not validate credentials").')
    .action(async (options: AdminOptions) => {
      const answer = await adminCall(options, context, 'expire-tokens')
      print(options, answer, 'Every access token issued so far is now expired.')
    })
}

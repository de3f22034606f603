// `login`, `whoami` and `orders`, and the sign-in every command that talks to NumerBay shares (`withAccount`):
// a wallet, or a username with its password from $NUMERBAY_PASSWORD or a hidden prompt, once per command (no
// token is kept between commands).

import type { Command } from 'commander'
import type { Config } from '../../main/config/config'
import { createNumerBayClient, normalizeApiBaseUrl, toOrderRow, toUserSummary, type ApiUser, type NumerBayClient } from '../../main/numerbay'
import type { Signer } from '../../main/signers/types'
import { createVault, type Vault } from '../../main/vault'
import { signIn } from '../../main/workflows/sign-in'
import { AppError } from '../../shared/errors'
import type { OrderKeyStatus, OrderRow } from '../../shared/numerbay'
import { loadConfig } from '../config'
import type { CliContext } from '../context'
import { withCliSigner } from '../offline-signer'

export const SIGNER_HELP = 'who signs: env:NAME (hex private key in $NAME), ledger[:<derivation path>], or walletconnect'

/** How an account command signs in: a wallet, or a username with the password from $NUMERBAY_PASSWORD or a prompt. */
export interface SignInOptions {
  readonly signer?: string
  readonly username?: string
}

export interface AccountSession {
  readonly config: Config
  readonly client: NumerBayClient
  readonly user: ApiUser
  readonly vault: Vault
  /** Present when signed in with a wallet. */
  readonly signer: Signer | null
}

/** Reads a password from the terminal without echoing it. */
export async function promptHidden(question: string, context: CliContext): Promise<string> {
  const stdin = context.stdin as NodeJS.ReadStream
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    throw new AppError('USAGE', { message: 'No terminal to ask for the password: set NUMERBAY_PASSWORD or use --signer.' })
  }
  context.stderr.write(question)
  stdin.setRawMode(true)
  stdin.resume()
  let answer = ''
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData)
            resolve(answer)
            return
          }
          if (char === '\u0003') {
            stdin.off('data', onData)
            reject(new AppError('CANCELLED'))
            return
          }
          if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1)
          else answer += char
        }
      }
      stdin.on('data', onData)
    })
  } finally {
    stdin.setRawMode(false)
    stdin.pause()
    context.stderr.write('\n')
  }
}

/** Reads a yes/no answer (default no). Without a terminal the answer is no. */
export async function promptYesNo(question: string, context: CliContext): Promise<boolean> {
  const stdin = context.stdin as NodeJS.ReadStream
  if (!stdin.isTTY) return false
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: stdin, output: context.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim())
  } finally {
    rl.close()
  }
}

export function clientFor(config: Config, context: Pick<CliContext, 'log'>): NumerBayClient {
  return createNumerBayClient({ baseUrl: normalizeApiBaseUrl(config.settings.apiUrl), ...(context.log ? { logger: context.log } : {}) })
}

/**
 * Signs in for one command (no token is stored between commands), sets up the vault with the account and
 * the keyring of its wallet, runs `work`, and always releases the signer and wipes the vault.
 */
export async function withAccount<T>(command: Command, options: SignInOptions, context: CliContext, work: (session: AccountSession) => Promise<T>): Promise<T> {
  if (options.signer && options.username) throw new AppError('USAGE', { message: 'Use either --signer or --username, not both.' })
  if (!options.signer && !options.username) throw new AppError('USAGE', { message: 'Sign in with --signer SPEC (your wallet) or --username NAME.' })
  const config = await loadConfig(command, context)
  const client = clientFor(config, context)
  const vault = createVault({ dataDir: config.dataDir, autoLockMs: 0, ...(context.log ? { logger: context.log } : {}) })
  try {
    if (options.signer) {
      return await withCliSigner(options.signer, context, config, async (signer) => {
        context.stderr.write(`Signing in to ${client.baseUrl} with ${await signer.address()} (sign the one-time nonce)…\n`)
        const { user } = await signIn(client, { kind: 'wallet', signer }, vault)
        return work({ config, client, user, vault, signer })
      })
    }
    const password = config.password ?? (await promptHidden(`Password for ${options.username}: `, context))
    const { user } = await signIn(client, { kind: 'password', username: options.username!, password }, vault)
    return await work({ config, client, user, vault, signer: null })
  } finally {
    vault.lock()
    client.signOut()
  }
}

export function addSignInOptions(command: Command): Command {
  return command
    .option('--signer <spec>', `sign in with your wallet; ${SIGNER_HELP}`)
    .option('--username <name>', 'sign in with a username; the password comes from $NUMERBAY_PASSWORD or a prompt')
}

const KEY_STATUS_WORDS: Record<OrderKeyStatus, string> = {
  current: 'current key',
  keyring: 'keyring',
  missing: 'KEY MISSING',
  unencrypted: 'unencrypted',
}

function describeKeyKind(user: ApiUser): string {
  const summary = toUserSummary(user)
  if (summary.keyKind === 'v2') return `v2 (public key ${summary.publicKeyV2})`
  if (summary.keyKind === 'legacy') return `legacy v1 only (public key ${summary.publicKeyLegacy}): import an exported numerbay.json or run "key replace"`
  return 'none yet ("key replace" creates one)'
}

export function formatRounds(rounds: readonly number[]): string {
  if (rounds.length === 0) return '-'
  const sorted = [...rounds].sort((a, b) => a - b)
  const contiguous = sorted.every((round, i) => i === 0 || round === sorted[i - 1]! + 1)
  return contiguous && sorted.length > 2 ? `${sorted[0]}-${sorted.at(-1)}` : sorted.join(',')
}

export function formatOrdersTable(rows: readonly OrderRow[]): string {
  const header = ['ORDER', 'PRODUCT', 'ROUNDS', 'STATE', 'MODE', 'KEY']
  const lines = rows.map((row) => [
    String(row.id),
    row.productName,
    formatRounds(row.rounds),
    row.active ? `${row.state} (active)` : row.timing === 'future' && row.state === 'confirmed' ? `${row.state} (future)` : row.state,
    row.mode,
    KEY_STATUS_WORDS[row.keyStatus],
  ])
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)))
  return [header, ...lines].map((cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n'
}

/** Registers `login`, `whoami` and `orders`. */
export function registerAccountCommands(program: Command, context: CliContext): void {
  addSignInOptions(program.command('login').description('Check that you can sign in to NumerBay (no token is stored; every command signs in by itself).')).action(
    async (options: SignInOptions, command: Command) => {
      await withAccount(command, options, context, async ({ client, user }) => {
        context.stdout.write(`Signed in to ${client.baseUrl} as ${user.username} (id ${user.id}).\n`)
        context.stdout.write('No token was stored: each command signs in again with --signer or --username.\n')
      })
    },
  )

  addSignInOptions(program.command('whoami').description('Show the NumerBay account, its wallet and its encryption key.'))
    .option('--json', 'print JSON')
    .action(async (options: SignInOptions & { json?: boolean }, command: Command) => {
      await withAccount(command, options, context, async ({ client, user, vault }) => {
        const globals = await client.getGlobals()
        const status = vault.status()
        if (options.json) {
          context.stdout.write(`${JSON.stringify({ api: client.baseUrl, user: toUserSummary(user), vault: status, sellingRound: globals.selling_round }, null, 2)}\n`)
          return
        }
        context.stdout.write(
          [
            `API:            ${client.baseUrl}`,
            `Account:        ${user.username} (id ${user.id})`,
            `Wallet:         ${user.public_address ?? 'none linked'}`,
            `Encryption key: ${describeKeyKind(user)}`,
            `Local keyring:  ${status.keyringPublicKeys.length} older key(s)`,
            `Selling round:  ${globals.selling_round}`,
          ].join('\n') + '\n',
        )
      })
    })

  addSignInOptions(program.command('orders').description('List your purchases: product, rounds, state and whether you hold the key for their files.'))
    .option('--json', 'print JSON')
    .action(async (options: SignInOptions & { json?: boolean }, command: Command) => {
      await withAccount(command, options, context, async ({ client, vault }) => {
        const [globals, orders] = await Promise.all([client.getGlobals(), client.searchOrders({ role: 'buyer' })])
        const rows = orders.data.map((order) => toOrderRow(order, globals.selling_round, vault.knownKeys()))
        if (options.json) {
          context.stdout.write(`${JSON.stringify({ sellingRound: globals.selling_round, orders: rows }, null, 2)}\n`)
          return
        }
        context.stdout.write(`Selling round ${globals.selling_round}. ${rows.length} order(s).\n`)
        if (rows.length > 0) context.stdout.write(formatOrdersTable(rows))
        const missing = rows.filter((row) => row.keyStatus === 'missing')
        if (missing.length > 0) {
          context.stdout.write(`\n${missing.length} order(s) are sealed to a key you do not have here: import its numerbay.json with "key import FILE --signer SPEC".\n`)
        }
      })
    })
}

// `ledger status|accounts|sign`: the Ledger from the command line, for checking a device and its addresses. `sign`
// refuses a key-salt message unless told otherwise, because that signature is a storage key.

import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { createLedgerDeviceManager, DEFAULT_DISCOVERY_COUNT, ledgerBackendFor, type LedgerDeviceManager } from '../../main/signers/ledger'
import { SALT_MESSAGE_PREFIX } from '../../main/crypto/key-scheme'
import { signatureToHex } from '../../main/signers/signature'
import { KEYRING_SALT_PREFIX } from '../../main/vault/keyring'
import { AppError } from '../../shared/errors'
import { describeLedgerStatus, ledgerLivePath, type LedgerAccount } from '../../shared/ledger'
import { loadConfig } from '../config'
import type { CliContext } from '../context'

interface JsonOption {
  readonly json?: boolean
}

interface SignOptions {
  readonly path: string
  readonly message?: string
  readonly messageFile?: string
  readonly allowKeySalt?: boolean
}

/**
 * Messages whose signature IS a storage key: NumerBay's key salt (the key that decrypts the account's private
 * key) and this app's keyring salt. A signature of either, given to anyone, gives them that key.
 */
const KEY_SALT_PREFIXES = [SALT_MESSAGE_PREFIX, KEYRING_SALT_PREFIX].map((prefix) => new TextEncoder().encode(prefix))

export function isKeySaltMessage(message: Uint8Array): boolean {
  return KEY_SALT_PREFIXES.some((prefix) => message.length >= prefix.length && prefix.every((byte, index) => message[index] === byte))
}

async function withLedger<T>(command: Command, context: CliContext, run: (manager: LedgerDeviceManager) => Promise<T>): Promise<T> {
  const config = await loadConfig(command, context)
  // The CLI probes on demand: no hotplug listener or poll timer that would keep the process alive.
  const manager = createLedgerDeviceManager({ backend: await ledgerBackendFor(config.ledgerTransport), watch: false })
  try {
    return await run(manager)
  } finally {
    await manager.close()
  }
}

function parseCount(text: string): number {
  const count = Number(text)
  if (!/^\d{1,3}$/.test(text) || count < 1 || count > 100) throw new AppError('USAGE', { message: '--count must be a whole number from 1 to 100.' })
  return count
}

export function formatAccountsTable(accounts: readonly LedgerAccount[]): string {
  const rows = accounts.map((account) => [account.scheme === 'ledger-live' ? 'Ledger Live' : account.scheme === 'legacy' ? 'Legacy' : 'Custom', String(account.index ?? ''), account.path, account.address])
  const header = ['Scheme', 'Index', 'Path', 'Address']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}

async function readMessage(options: SignOptions, context: CliContext): Promise<Uint8Array> {
  if ((options.message === undefined) === (options.messageFile === undefined)) {
    throw new AppError('USAGE', { message: 'Give exactly one of --message TEXT or --message-file FILE.' })
  }
  if (options.message !== undefined) return new TextEncoder().encode(options.message)
  try {
    return new Uint8Array(await readFile(resolve(context.cwd, options.messageFile!)))
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    throw new AppError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : code === 'EISDIR' ? 'IS_A_DIRECTORY' : 'FILE_NOT_READABLE', { detail: options.messageFile!, cause })
  }
}

/** Registers the `ledger` group: results on stdout, device prompts on stderr. */
export function registerLedgerCommands(program: Command, context: CliContext): void {
  const group = program
    .command('ledger')
    .description('Use a Ledger over USB (Ethereum app): device status, account addresses, personal_sign.')
  group.exitOverride()

  group
    .command('status')
    .description('Show whether a Ledger is connected, unlocked, and running the Ethereum app.')
    .option('--json', 'print the status as JSON')
    .action(async (options: JsonOption, command: Command) => {
      await withLedger(command, context, async (manager) => {
        const status = await manager.refresh()
        if (options.json) {
          context.stdout.write(`${JSON.stringify(status)}\n`)
          return
        }
        const model = 'model' in status && status.model ? `${status.model}: ` : ''
        context.stdout.write(`${model}${describeLedgerStatus(status)}\n`)
      })
    })

  group
    .command('accounts')
    .description(`List the first accounts of both derivation schemes: Ledger Live (44'/60'/i'/0/0) and legacy (44'/60'/0'/i).`)
    .option('--count <n>', 'accounts per scheme', String(DEFAULT_DISCOVERY_COUNT))
    .option('--json', 'print the accounts as JSON')
    .action(async (options: JsonOption & { count: string }, command: Command) => {
      const count = parseCount(options.count)
      await withLedger(command, context, async (manager) => {
        const accounts = await manager.accounts(count)
        context.stdout.write(options.json ? `${JSON.stringify(accounts)}\n` : formatAccountsTable(accounts))
      })
    })

  group
    .command('sign')
    .description('Sign a message with personal_sign on the Ledger; prints the 0x signature (65 bytes, v = 27/28).')
    .option('--path <path>', 'derivation path', ledgerLivePath(0))
    .option('--message <text>', 'the message, signed as its UTF-8 bytes')
    .option('--message-file <file>', 'a file whose exact bytes are signed')
    .option('--allow-key-salt', "sign a NumerBay key-salt message although its signature is the storage key of your NumerBay key")
    .action(async (options: SignOptions, command: Command) => {
      const message = await readMessage(options, context)
      if (isKeySaltMessage(message) && !options.allowKeySalt) throw new AppError('KEY_SALT_SIGN_REFUSED')
      await withLedger(command, context, async (manager) => {
        const signer = manager.signerFor(options.path, { onPrompt: (prompt) => prompt.kind === 'text' && context.stderr.write(`${prompt.text}\n`) })
        const address = await signer.address()
        context.stderr.write(`Signing ${message.length} bytes with ${address} (${signer.path}).\n`)
        const signature = await signer.signPersonalMessage(message)
        context.stdout.write(`${signatureToHex(signature)}\n`)
        signature.fill(0)
      })
    })
}

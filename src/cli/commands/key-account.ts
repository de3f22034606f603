// The `key` commands that talk to NumerBay: `export` (unlock with the wallet, write numerbay.json), `replace` (the
// replace-key workflow, after the person confirms its report) and `import` (check a key file against the account,
// and keep it in the local keyring).

import { resolve } from 'node:path'
import type { Command } from 'commander'
import { defaultKeyFilePath } from '../../main/crypto/key-file'
import { replaceKey } from '../../main/workflows/replace-key'
import { unlockKey } from '../../main/workflows/unlock'
import { loadConfig } from '../config'
import { assertWritable } from '../offline-files'
import { AppError } from '../../shared/errors'
import type { RekeyOrderLine, ReplaceKeyReport } from '../../shared/numerbay'
import type { CliContext } from '../context'
import { SIGNER_HELP, addSignInOptions, formatRounds, promptYesNo, withAccount, type SignInOptions } from './account'

const REASON_WORDS: Record<RekeyOrderLine['reason'], string> = {
  rekeyed: 'follows the new key',
  pending: 'pending payment: keeps the old key',
  'future-round': 'future rounds only: keeps the old key',
  past: 'rounds over: keeps the old key',
  'not-confirmed': 'not confirmed: keeps the old key',
  unencrypted: 'unencrypted',
}

export function formatReplaceReport(report: ReplaceKeyReport): string {
  const line = (l: RekeyOrderLine): string =>
    `  #${l.orderId} ${l.productName} (rounds ${formatRounds(l.rounds)}, ${l.state})${l.uploadedArtifacts ? `, ${l.uploadedArtifacts} file(s) already uploaded` : ''}: ${REASON_WORDS[l.reason]}`
  const out = [`Replacing your NumerBay key pair (selling round ${report.sellingRound}).`]
  out.push(report.oldPublicKey ? `Current key: ${report.currentKeyKind} ${report.oldPublicKey}` : 'The account has no key yet.')
  out.push(`Orders NumerBay switches to the new key (${report.followNewKey.length}):`, ...(report.followNewKey.length ? report.followNewKey.map(line) : ['  none']))
  out.push(`Orders that stay on the old key (${report.keepOldKey.length}):`, ...(report.keepOldKey.length ? report.keepOldKey.map(line) : ['  none']))
  if (report.uploadedFilesOnOldKey > 0) out.push(`${report.uploadedFilesOnOldKey} file(s) already uploaded stay sealed to the key they were sealed to.`)
  if (report.oldPublicKey) {
    out.push(
      report.oldKeyArchivable
        ? 'Your current private key is kept in the local keyring first, so those files stay readable here.'
        : 'WARNING: the current (legacy) private key is not available here, so files sealed to it cannot be opened afterwards. Import its numerbay.json first if you have it.',
    )
  }
  return `${out.join('\n')}\n`
}

interface ExportOptions {
  readonly signer: string
  readonly out?: string
  readonly force?: boolean
}

interface ReplaceOptions {
  readonly signer: string
  readonly yes?: boolean
}

/** Registers `key export`, `key replace` and `key import` on the shared `key` group. */
export function registerKeyAccountCommands(key: Command, context: CliContext): void {
  key
    .command('export')
    .description('Sign in, unlock your NumerBay v2 key with your wallet and write numerbay.json (for the Python client and scripts).')
    .requiredOption('--signer <spec>', SIGNER_HELP)
    .option('--out <file>', 'key file to write (default: $NUMERBAY_KEY_PATH, else ./numerbay.json)')
    .option('-f, --force', 'replace an existing key file')
    .action(async (options: ExportOptions, command: Command) => {
      // Before any signature: a key file in the way is said now, not after the person signed twice.
      const config = await loadConfig(command, context)
      const out = await assertWritable(resolve(context.cwd, options.out ?? defaultKeyFilePath(config.keyPath, context.cwd)), options.force, '--out')
      await withAccount(command, { signer: options.signer }, context, async ({ vault, signer }) => {
        context.stderr.write('Sign the key salt to unlock your key…\n')
        await unlockKey(vault, signer!, { keyring: false })
        const publicKey = await vault.exportKeyFile(out, { overwrite: options.force ?? false })
        context.stdout.write(`Wrote ${out} (mode 0600, public key ${publicKey}). Keep it private: it opens every file sealed to this key.\n`)
      })
    })

  key
    .command('replace')
    .description('Make a new key pair and upload it, after showing which orders follow it; the old key is kept in the local keyring.')
    .requiredOption('--signer <spec>', SIGNER_HELP)
    .option('-y, --yes', 'do not ask for confirmation (for scripts)')
    .addHelpText(
      'after',
      `
NumerBay switches only confirmed orders that cover the current selling round to the new key. Pending and
future-round orders, and files already uploaded, stay sealed to the old key: this command keeps the old
private key in the local keyring (encrypted with a key only your wallet can re-create) before uploading.`,
    )
    .action(async (options: ReplaceOptions, command: Command) => {
      await withAccount(command, { signer: options.signer }, context, async ({ client, vault, signer }) => {
        const result = await replaceKey({
          client,
          vault,
          signer: signer!,
          confirm: async (report) => {
            context.stdout.write(formatReplaceReport(report))
            if (options.yes) return true
            const stdin = context.stdin as NodeJS.ReadStream
            if (!stdin.isTTY) throw new AppError('KEY_REPLACE_NOT_CONFIRMED', { message: 'Not replaced: there is no terminal to confirm. Re-run with --yes to confirm.' })
            return promptYesNo('Replace the key pair now? [y/N] ', context)
          },
        })
        context.stdout.write(
          `Uploaded the new key ${result.newPublicKey}.\n` +
            `NumerBay switched ${result.rekeyedOrderIds.length} order(s) to it${result.rekeyedOrderIds.length ? `: #${result.rekeyedOrderIds.join(', #')}` : ''}.\n` +
            (result.oldPublicKey ? (result.archivedOldKey ? 'The old private key is in the local keyring.\n' : 'The old private key was not available and is not kept.\n') : ''),
        )
      })
    })

  addSignInOptions(
    key
      .command('import')
      .description('Check a numerbay.json against your account; with --signer, keep it in the local keyring so its files can be decrypted.')
      .argument('<file>', 'the key file (numerbay.json)'),
  ).action(async (file: string, options: SignInOptions, command: Command) => {
    const path = resolve(context.cwd, file)
    await withAccount(command, options, context, async ({ client, vault, signer }) => {
      const orders = await client.searchOrders({ role: 'buyer' })
      const report = await vault.importKeyFile(path, { orders: orders.data, ...(signer ? { signer } : {}) })
      const which = { v2: "your account's current v2 key", legacy: "your account's legacy v1 key", none: 'not a key of this account' }[report.matches]
      context.stdout.write(`${path}: public key ${report.publicKey} is ${which}.\n`)
      context.stdout.write(report.orderIds.length ? `It opens the files of order(s) #${report.orderIds.join(', #')}.\n` : 'No order of yours is sealed to it.\n')
      if (report.addedToKeyring) context.stdout.write('Kept it in the local keyring (encrypted with your wallet).\n')
      else if (report.inKeyring) context.stdout.write('It is already in the local keyring.\n')
      else if (report.matches !== 'v2' && !signer) context.stdout.write('Not stored: run with --signer to keep it in the local keyring.\n')
    })
  })
}

// The `key` commands that need only the wallet, never NumerBay: `unlock` (an encrypted key blob into a key file)
// and `new` (a new key pair wrapped with the wallet, written for upload; nothing is uploaded).

import { resolve } from 'node:path'
import type { Command } from 'commander'
import { defaultKeyFilePath, writeKeyFile } from '../../main/crypto/key-file'
import { keyFromBase64, sameBytes, toBase64, wipe } from '../../main/crypto/key-pair'
import { createKeyBlob, unlockKeyBlob } from '../../main/crypto/key-scheme'
import { writeFileAtomic } from '../../main/fs/atomic-file'
import { AppError } from '../../shared/errors'
import type { Config } from '../../main/config/config'
import { loadConfig } from '../config'
import type { CliContext } from '../context'
import { assertWritable, readBlobFile, serializeUploadBlob } from '../offline-files'
import { withCliSigner } from '../offline-signer'

const SIGNER_HELP = 'who signs: env:NAME (hex private key in $NAME), ledger[:<derivation path>], or walletconnect'

interface UnlockOptions {
  readonly blob: string
  readonly signer: string
  readonly out?: string
  readonly force?: boolean
}

interface NewOptions {
  readonly signer: string
  readonly outBlob: string
  readonly out?: string
  readonly force?: boolean
}

async function runUnlock(options: UnlockOptions, config: Config, context: CliContext): Promise<void> {
  const out = await assertWritable(resolve(context.cwd, options.out ?? defaultKeyFilePath(config.keyPath, context.cwd)), options.force, '--out')
  const { blob, publicKey } = await readBlobFile(resolve(context.cwd, options.blob))
  await withCliSigner(options.signer, context, config, async (signer) => {
    const address = await signer.address()
    context.stderr.write(`Signing the key's salt with ${address}…\n`)
    const keyPair = await unlockKeyBlob(blob, signer)
    try {
      const stated = publicKey === undefined ? null : keyFromBase64(publicKey)
      if (stated && !sameBytes(stated, keyPair.publicKey)) {
        throw new AppError('KEY_BLOB_INVALID', { message: 'The unlocked private key does not belong to the public key stored with it.' })
      }
      await writeKeyFile(out, keyPair, { overwrite: options.force ?? false })
      context.stdout.write(`Unlocked. Wrote ${out} (public key ${toBase64(keyPair.publicKey)}).\n`)
    } finally {
      wipe(keyPair.privateKey)
    }
  })
}

async function runNew(options: NewOptions, config: Config, context: CliContext): Promise<void> {
  const out = await assertWritable(resolve(context.cwd, options.out ?? defaultKeyFilePath(config.keyPath, context.cwd)), options.force, '--out')
  const outBlob = await assertWritable(resolve(context.cwd, options.outBlob), options.force, '--out-blob')
  if (out === outBlob) throw new AppError('USAGE', { message: '--out and --out-blob must be different files.' })
  await withCliSigner(options.signer, context, config, async (signer) => {
    const address = await signer.address()
    context.stderr.write(`Creating a new key for ${address}: the wallet signs the new salt twice (the two signatures must match)…\n`)
    const { keyPair, blob } = await createKeyBlob(signer)
    try {
      await writeKeyFile(out, keyPair, { overwrite: options.force ?? false })
      await writeFileAtomic(outBlob, serializeUploadBlob(keyPair, blob), { overwrite: options.force ?? false })
      context.stdout.write(
        `Created a new key pair (public key ${toBase64(keyPair.publicKey)}).\n` +
          `Wrote the key file ${out} and the upload file ${outBlob}.\n` +
          'Nothing was uploaded: NumerBay still has your current key until the new one is uploaded.\n',
      )
    } finally {
      wipe(keyPair.privateKey)
    }
  })
}

/** Registers `key unlock` and `key new` on the shared `key` group. */
export function registerKeyOfflineCommands(key: Command, context: CliContext): void {
  key
    .command('unlock')
    .description('Unlock your NumerBay v2 key with your wallet and write the key file (numerbay.json).')
    .requiredOption('--blob <file>', 'file holding encrypted_private_key_v2 exactly as NumerBay stores it')
    .requiredOption('--signer <spec>', SIGNER_HELP)
    .option('--out <file>', 'key file to write (default: $NUMERBAY_KEY_PATH, else ./numerbay.json)')
    .option('-f, --force', 'replace an existing key file')
    .addHelpText(
      'after',
      `
The wallet signs the salt stored in the blob; keccak256 of the signature decrypts the private key. Keys made
by wallets that answer v = 0/1 are unlocked too. The key file is written atomically with mode 0600.

Example:
  numerbay-desktop key unlock --blob encrypted_key.json --signer ledger --out numerbay.json`,
    )
    .action(async (options: UnlockOptions, command: Command) => runUnlock(options, await loadConfig(command, context), context))

  key
    .command('new')
    .description('Make a new NumerBay v2 key pair offline, wrapped with your wallet: writes the upload file and the key file.')
    .requiredOption('--signer <spec>', SIGNER_HELP)
    .requiredOption('--out-blob <file>', 'where to write {"public_key","encrypted_private_key"}, ready for upload')
    .option('--out <file>', 'key file to write (default: $NUMERBAY_KEY_PATH, else ./numerbay.json)')
    .option('-f, --force', 'replace existing output files')
    .addHelpText(
      'after',
      `
The salt is signed twice and the command refuses when the signatures differ: a wallet that does not sign
deterministically could never unlock the key again. Nothing is uploaded; files sealed to your current key
still need your current key.

Example:
  numerbay-desktop key new --signer walletconnect --out-blob new-key.json --out numerbay.json`,
    )
    .action(async (options: NewOptions, command: Command) => runNew(options, await loadConfig(command, context), context))
}

// `decrypt`: offline decryption of sealed NumerBay files with a key file, no account or network needed. The
// decrypt-offline workflow does the work (on this thread: a CLI has no window to keep responsive); this file turns
// its outcomes into lines, a progress line and the exit code.

import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { Config } from '../../main/config/config'
import { readKeyFile } from '../../main/crypto/key-file'
import { wipe, type KeyPair } from '../../main/crypto/key-pair'
import { decryptSealedFile } from '../../main/crypto/sealed-file'
import { decryptOffline, type OfflineFileOutcome } from '../../main/workflows/decrypt-offline'
import { AppError } from '../../shared/errors'
import { loadConfig } from '../config'
import type { CliContext } from '../context'
import { EXIT_FAILED, EXIT_OK } from '../errors'
import { formatBytes, ProgressLine } from '../progress-line'
import { listenForStop } from '../stop'

interface DecryptOptions {
  readonly key?: string
  readonly out: string
  readonly recursive?: boolean
  readonly force?: boolean
}

async function runDecrypt(paths: string[], options: DecryptOptions, config: Config, context: CliContext): Promise<void> {
  const keyPath = options.key ?? config.keyPath
  if (!keyPath) throw new AppError('USAGE', { message: 'Give your key file with --key FILE (or set NUMERBAY_KEY_PATH).' })
  const keyPair: KeyPair = await readKeyFile(resolve(context.cwd, keyPath))
  const outDir = resolve(context.cwd, options.out)
  const { stdout, stderr } = context
  // Ctrl-C, SIGTERM or a closed output: the file in progress is removed, finished files are kept.
  const controller = new AbortController()
  const stopListening = listenForStop(context.stop, () => controller.abort())
  let progress: ProgressLine | null = null
  let total = 0
  let outcomesSoFar = 0
  let outcomes: OfflineFileOutcome[] = []
  try {
    outcomes = await decryptOffline(
      { inputs: paths, outputDir: outDir, recursive: options.recursive ?? false, existing: options.force ? 'replace' : 'skip', cwd: context.cwd, outputName: '--out' },
      [keyPair],
      // In-process: a CLI has no window to keep responsive, and reads and writes already run on libuv's
      // thread pool while this thread decrypts. (The app runs the same engine on the worker pool.)
      // Nothing here keeps the plaintext's hash, so it is skipped: a third of the work after the cipher.
      (job) => decryptSealedFile({ keyPair: job.keyPair, input: job.input, target: job.target, overwrite: job.overwrite, sha256: false, signal: job.signal, onProgress: ({ bytes }) => job.onProgress(bytes) }),
      controller.signal,
      {
        onPlanned: (files) => {
          if (files === 0 && outcomesSoFar === 0) stderr.write('nothing to decrypt: the folders given hold no files (use --recursive for subfolders)\n')
        },
        onFileStart: (_input, name, size) => {
          progress = new ProgressLine(stderr, { label: name })
          total = size
        },
        onProgress: (_input, bytes) => progress?.update(bytes, total),
        onFileDone: (outcome) => {
          outcomesSoFar++
          progress?.finish()
          progress = null
          if (outcome.status === 'decrypted') stdout.write(`decrypted ${outcome.name} -> ${outcome.output} (${formatBytes(outcome.bytes)})\n`)
          else if (outcome.status === 'skipped') stderr.write(`skipped ${outcome.name}: ${outcome.output} already exists (use --force to replace it)\n`)
          else if (outcome.status === 'failed') stderr.write(`failed ${outcome.name}: ${outcome.error?.message ?? 'unknown error'}\n`)
        },
      },
    )
  } finally {
    stopListening()
    wipe(keyPair.privateKey)
  }
  if (controller.signal.aborted) {
    // The exit code is the stop's (130 for Ctrl-C); after a closed output this line is dropped.
    stderr.write('interrupted: the file in progress was removed; finished files are kept\n')
    return
  }
  const count = (status: OfflineFileOutcome['status']): number => outcomes.filter((outcome) => outcome.status === status).length
  const [decrypted, skipped, failed] = [count('decrypted'), count('skipped'), count('failed')]
  if (decrypted + skipped + failed > 1) stderr.write(`${decrypted} decrypted, ${skipped} skipped, ${failed} failed\n`)
  context.exitCode = failed > 0 ? EXIT_FAILED : EXIT_OK
}

/** Registers `decrypt` on the program. */
export function registerDecryptCommands(program: Command, context: CliContext): void {
  program
    .command('decrypt')
    .description('Decrypt NumerBay files you already downloaded, offline, with your key file (numerbay.json).')
    .argument('<paths...>', 'sealed files, or folders of them')
    .option('--key <file>', 'your key file, numerbay.json (default: $NUMERBAY_KEY_PATH)')
    .requiredOption('--out <dir>', 'folder for the decrypted files (created if missing); each keeps its input file name')
    .option('-r, --recursive', 'also decrypt files in subfolders, keeping their relative paths under --out')
    .option('-f, --force', 'replace outputs that already exist (otherwise they are skipped with a notice)')
    .addHelpText(
      'after',
      `
Each file is decrypted as a stream and written to a hidden temp file in --out; it gets its final name only
after its authentication tag has verified, so a wrong key or a damaged file never leaves a partial output.
A file that fails is reported with the reason and the others continue. Hidden files in folders are ignored.

Exit status: 0 all decrypted (or skipped), 1 any file failed, 2 usage error, 130 interrupted.

Examples:
  numerbay-desktop decrypt --key numerbay.json --out ./plain downloads/*.csv
  NUMERBAY_KEY_PATH=~/numerbay.json numerbay-desktop decrypt --out ./plain --recursive downloads/`,
    )
    .action(async (paths: string[], options: DecryptOptions, command: Command) => runDecrypt(paths, options, await loadConfig(command, context), context))
}

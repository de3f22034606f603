import { constants } from 'node:fs'
import { access, lstat, mkdir, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { Command } from 'commander'
import { keyFilePathFromEnv, readKeyFile } from '../../main/crypto/key-file'
import { wipe, type KeyPair } from '../../main/crypto/key-pair'
import { decryptSealedFile } from '../../main/crypto/sealed-file'
import { fsError } from '../../main/fs/fs-errors'
import { AppError, toErrorInfo } from '../../shared/errors'
import type { CliContext } from '../context'
import { planDecryptJobs } from '../../main/crypto/decrypt-plan'
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from '../errors'
import { formatBytes, ProgressLine } from '../progress-line'

interface DecryptOptions {
  readonly key?: string
  readonly out: string
  readonly recursive?: boolean
  readonly force?: boolean
}

/** --out: created when missing; must be a folder we can write into. */
async function prepareOutDir(outDir: string): Promise<void> {
  const info = await lstat(outDir).catch(() => null)
  try {
    if (!info) await mkdir(outDir, { recursive: true })
    else if (!(await stat(outDir)).isDirectory()) throw new AppError('NOT_A_DIRECTORY', { message: `--out is a file, not a folder: ${outDir}` })
    await access(outDir, constants.W_OK | constants.X_OK)
  } catch (error) {
    throw fsError(error, outDir)
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  )
}

async function runDecrypt(paths: string[], options: DecryptOptions, context: CliContext): Promise<void> {
  const keyPath = options.key ?? keyFilePathFromEnv(context.env, context.cwd)
  if (!keyPath) throw new AppError('USAGE', { message: 'Give your key file with --key FILE (or set NUMERBAY_KEY_PATH).' })
  const keyPair: KeyPair = await readKeyFile(resolve(context.cwd, keyPath))
  const outDir = resolve(context.cwd, options.out)
  const { stdout, stderr } = context
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let decrypted = 0
  let skipped = 0
  let failed = 0
  try {
    await prepareOutDir(outDir)
    const jobs = await planDecryptJobs(paths, outDir, options.recursive ?? false, context.cwd)
    if (jobs.length === 0) stderr.write('nothing to decrypt: the folders given hold no files (use --recursive for subfolders)\n')
    for (const job of jobs) {
      if (controller.signal.aborted) break
      if (job.kind === 'error') {
        failed++
        stderr.write(`failed ${job.name}: ${job.error.message}\n`)
        continue
      }
      if (!options.force && (await exists(job.target))) {
        skipped++
        stderr.write(`skipped ${job.name}: ${job.target} already exists (use --force to replace it)\n`)
        continue
      }
      const progress = new ProgressLine(stderr, { label: job.name })
      try {
        await mkdir(dirname(job.target), { recursive: true }).catch((error: unknown) => {
          throw fsError(error, dirname(job.target))
        })
        // In-process: a CLI has no window to keep responsive, and reads and writes already run on libuv's
        // thread pool while this thread decrypts. (The app uses DecryptPool for the same engine on workers.)
        const result = await decryptSealedFile({
          keyPair,
          input: job.input,
          target: job.target,
          overwrite: options.force ?? false,
          // Nothing here keeps the plaintext's hash, so skip it: a third of the work after the cipher.
          sha256: false,
          signal: controller.signal,
          onProgress: ({ bytes, total }) => progress.update(bytes, total),
        })
        progress.finish()
        decrypted++
        stdout.write(`decrypted ${job.name} -> ${result.path} (${formatBytes(result.plaintextBytes)})\n`)
      } catch (error) {
        progress.finish()
        const info = toErrorInfo(error)
        if (info.code === 'CANCELLED') break
        failed++
        stderr.write(`failed ${job.name}: ${info.message}\n`)
      }
    }
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    wipe(keyPair.privateKey)
  }
  if (controller.signal.aborted) {
    stderr.write('interrupted: the file in progress was removed; finished files are kept\n')
    context.exitCode = EXIT_INTERRUPTED
    return
  }
  if (decrypted + skipped + failed > 1) stderr.write(`${decrypted} decrypted, ${skipped} skipped, ${failed} failed\n`)
  context.exitCode = failed > 0 ? EXIT_FAILED : EXIT_OK
}

/** Registers `decrypt`: offline decryption of sealed NumerBay files with a key file. */
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
    .action(async (paths: string[], options: DecryptOptions) => runDecrypt(paths, options, context))
}

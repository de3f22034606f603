// `sync`: downloads and decrypts every purchase into a folder, resumably. The sync-run workflow does the run; this
// file picks the keys (the vault unlocked with the wallet, or a key file), renders the events and turns the summary
// and a stop into the exit code.

import { resolve } from 'node:path'
import type { Command } from 'commander'
import { DecryptPool } from '../../main/workers/decrypt-pool'
import { readKeyFile } from '../../main/crypto/key-file'
import { sameBytes, wipe } from '../../main/crypto/key-pair'
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../../main/downloads/engine'
import { keyFileKeys, vaultKeys, type KeySource } from '../../main/workflows/keys'
import { openSyncRun, previewSync, type SyncRunDeps } from '../../main/workflows/sync-run'
import { unlockForDecryption } from '../../main/workflows/unlock'
import { AppError } from '../../shared/errors'
import type { CliContext } from '../context'
import { EXIT_FAILED, EXIT_OK } from '../errors'
import { SIGNER_HELP, withAccount, type AccountSession } from './account'
import { listenForStop } from '../stop'
import { barRenderer, describePlan, describeSummary, jsonRenderer, lineRenderer, type SyncRenderer } from '../sync-render'
import { logSyncEvents } from '../../main/downloads/log-events'

interface SyncOptions {
  readonly out: string
  readonly signer?: string
  readonly key?: string
  readonly username?: string
  readonly all?: boolean
  readonly concurrency?: number
  readonly dryRun?: boolean
  readonly json?: boolean
  readonly rehash?: boolean
}

/** `--concurrency`, for `sync` and `watch`. */
export function parseConcurrency(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new AppError('USAGE', { message: `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}.` })
  }
  return n
}

function rendererFor(options: SyncOptions, context: CliContext): SyncRenderer {
  if (options.json) return jsonRenderer(context.stdout)
  if (context.stderr.isTTY) return barRenderer(context.stderr)
  return lineRenderer(context.stdout)
}

async function dryRun(deps: Pick<SyncRunDeps, 'run' | 'keys'>, outDir: string, options: SyncOptions, context: CliContext): Promise<void> {
  const { plan, alreadyDone } = await previewSync(deps, { outDir, scope: options.all ? 'all' : 'active' })
  if (options.json) {
    context.stdout.write(`${JSON.stringify({ type: 'plan', outDir, plan, alreadyDone })}\n`)
    return
  }
  context.stdout.write(`Dry run for ${outDir} (nothing is downloaded or written).\n`)
  context.stdout.write(describePlan(plan))
  if (alreadyDone.length > 0) context.stdout.write(`${alreadyDone.length} of the files to fetch are already done and would be kept.\n`)
}

async function sync(session: AccountSession, keys: KeySource, options: SyncOptions, context: CliContext, pool: DecryptPool): Promise<number> {
  const outDir = resolve(context.cwd, options.out)
  const deps: SyncRunDeps = { run: (task) => task(session.client), keys, workers: pool }
  if (options.dryRun) {
    await dryRun(deps, outDir, options, context)
    return EXIT_OK
  }

  const run = await openSyncRun(deps, { outDir, scope: options.all ? 'all' : 'active', concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, rehash: options.rehash ?? false })
  const renderer: { current: SyncRenderer | null } = { current: null }
  let stopListening = (): void => undefined
  try {
    if (run.recordSetAside) context.stderr.write(`warning: the sync record was damaged and was moved to ${run.recordSetAside}; files will be checked again.\n`)
    renderer.current = rendererFor(options, context)
    if (!options.json && !context.stderr.isTTY) context.stdout.write(describePlan(run.plan))
    run.engine.subscribe(renderer.current.onEvent)
    run.engine.subscribe(logSyncEvents(context.log))

    // Ctrl-C, SIGTERM or a closed output (EPIPE) pauses: partial files and the record are kept, and the next run
    // resumes them. The exit code is the stop's (130, 143; 141 after a closed output, which also silences this line).
    stopListening = listenForStop(context.stop, () => {
      context.stderr.write('\nStopping: keeping partial files for the next run…\n')
      run.engine.pause()
    })

    const summary = await run.run()
    renderer.current.close()
    renderer.current = null
    if (!options.json) context.stdout.write(describeSummary(summary))
    if (run.recordProblem) context.stderr.write(`error: the sync record could not be saved: ${run.recordProblem.message}\n`)
    if (!summary.complete) {
      const text = new AppError('SYNC_INCOMPLETE')
      if (!options.json) context.stderr.write(`${text.message} ${text.action}\n`)
      return EXIT_FAILED
    }
    return EXIT_OK
  } finally {
    renderer.current?.close()
    await run.close()
    stopListening()
  }
}

/** Registers `sync` on the program. */
export function registerSyncCommands(program: Command, context: CliContext): void {
  program
    .command('sync')
    .description('Download and decrypt your purchases into a folder: <out>/<product>/<round>/<file>. Resumable; re-runs fetch only what is missing.')
    .requiredOption('--out <dir>', 'output folder (created if needed; a .numerbay-sync.json record is kept in it)')
    .option('--signer <spec>', `sign in and unlock your key with your wallet; ${SIGNER_HELP}`)
    .option('--key <file>', 'decrypt with this numerbay.json instead of unlocking with the wallet (sign in with --signer or --username)')
    .option('--username <name>', 'with --key: sign in with a username; the password comes from $NUMERBAY_PASSWORD or a prompt')
    .option('--all', 'every confirmed order, not only those covering the current selling round')
    .option('--concurrency <n>', `files downloaded at once (1-${MAX_CONCURRENCY})`, parseConcurrency, DEFAULT_CONCURRENCY)
    .option('--dry-run', 'print what would be fetched and skipped, and why; download nothing')
    .option('--json', 'machine-readable: one JSON event per line on stdout')
    .option('--rehash', 're-hash finished files before trusting them (default: size check)')
    .action(async (options: SyncOptions, command: Command) => {
      if (!options.signer && !options.key) throw new AppError('USAGE', { message: 'Give --signer SPEC (your wallet) or --key FILE (your numerbay.json).' })
      if (options.key && !options.signer && !options.username) {
        throw new AppError('USAGE', { message: '--key decrypts, but NumerBay still needs a sign-in: add --signer SPEC or --username NAME.' })
      }
      const keyFile = options.key ? await readKeyFile(resolve(context.cwd, options.key)) : null
      // Workers start with the first file to fetch: a run with nothing new (or a dry run) starts none.
      const pool = new DecryptPool({ size: Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, 2) })
      try {
        context.exitCode = await withAccount(command, { ...(options.signer ? { signer: options.signer } : {}), ...(options.username ? { username: options.username } : {}) }, context, async (session) => {
          if (keyFile) {
            if (session.user.public_key_v2 && !sameBytes(keyFile.publicKey, Buffer.from(session.user.public_key_v2, 'base64'))) {
              context.stderr.write('note: this key file is not the account\'s current key; only files sealed to it are decrypted.\n')
            }
            return sync(session, keyFileKeys(keyFile), options, context, pool)
          }
          if (session.signer) await unlockForDecryption(session.vault, session.signer, () => context.stderr.write('Sign the key salt to unlock your key…\n'))
          return sync(session, vaultKeys(session.vault), options, context, pool)
        })
      } finally {
        await pool.close()
        if (keyFile) wipe(keyFile.privateKey)
      }
    })
}

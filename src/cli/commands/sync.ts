import { resolve } from 'node:path'
import type { Command } from 'commander'
import { DecryptPool } from '../../main/workers/decrypt-pool'
import { readKeyFile } from '../../main/crypto/key-file'
import { sameBytes, toBase64, wipe, type KeyPair } from '../../main/crypto/key-pair'
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, SyncEngine } from '../../main/downloads/engine'
import { acquireSyncLock } from '../../main/downloads/lock'
import { isDoneAndIntact, loadManifest, ManifestStore } from '../../main/downloads/manifest'
import { downloadUrlSource, gatherPlan, type ClientRunner } from '../../main/downloads/plan-source'
import { AppError } from '../../shared/errors'
import type { SyncPlan } from '../../shared/downloads'
import type { CliContext } from '../context'
import { EXIT_FAILED, EXIT_OK } from '../errors'
import { SIGNER_HELP, withAccount, type AccountSession } from './account'
import { barRenderer, describePlan, describeSummary, jsonRenderer, lineRenderer, type SyncRenderer } from '../sync-render'
import { storageGetFor } from '../../main/downloads/storage-get'

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

function parseConcurrency(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new AppError('USAGE', { message: `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}.` })
  }
  return n
}

/** Where decryption keys come from: the key file, or the vault unlocked with the wallet (current key + keyring). */
interface KeySource {
  readonly keyPairFor: (publicKeyBase64: string) => KeyPair | null
  readonly hasKey: (publicKeyBase64: string) => boolean
  /** Every public key held, for files sealed to an older key than their order names. */
  readonly held: () => readonly string[]
  readonly dispose: () => void
}

function keyFileSource(pair: KeyPair): KeySource {
  const publicKey = toBase64(pair.publicKey)
  return {
    // A copy each time: the engine wipes what it is given.
    keyPairFor: (wanted) => (wanted === publicKey ? { publicKey: Uint8Array.from(pair.publicKey), privateKey: Uint8Array.from(pair.privateKey) } : null),
    hasKey: (wanted) => wanted === publicKey,
    held: () => [publicKey],
    dispose: () => wipe(pair.privateKey),
  }
}

async function vaultSource(session: AccountSession, context: CliContext): Promise<KeySource> {
  const { vault, signer } = session
  const status = vault.status()
  if (signer && (status.state === 'locked' || status.keyringPublicKeys.length > 0) && status.state !== 'none' && status.state !== 'legacy') {
    context.stderr.write('Sign the key salt to unlock your key…\n')
    await vault.unlock(signer)
  }
  const held = (): string[] => {
    const known = vault.knownKeys()
    return [...(known.currentPublicKey && vault.holds(known.currentPublicKey) ? [known.currentPublicKey] : []), ...known.keyringPublicKeys.filter((key) => vault.holds(key))]
  }
  return { keyPairFor: (key) => vault.keyPairFor(key), hasKey: (key) => vault.holds(key), held, dispose: () => vault.lock() }
}

async function dryRun(plan: SyncPlan, outDir: string, options: SyncOptions, context: CliContext): Promise<void> {
  const { manifest } = await loadManifest(outDir, undefined, true)
  const done: string[] = []
  for (const download of plan.downloads) {
    const entry = manifest.entries[download.key]
    if (entry && entry.relativePath === download.relativePath && (await isDoneAndIntact(outDir, entry))) done.push(download.key)
  }
  if (options.json) {
    context.stdout.write(`${JSON.stringify({ type: 'plan', outDir, plan, alreadyDone: done })}\n`)
    return
  }
  context.stdout.write(`Dry run for ${outDir} (nothing is downloaded or written).\n`)
  context.stdout.write(describePlan(plan))
  if (done.length > 0) context.stdout.write(`${done.length} of the files to fetch are already done and would be kept.\n`)
}

function rendererFor(options: SyncOptions, context: CliContext): SyncRenderer {
  if (options.json) return jsonRenderer(context.stdout)
  if (context.stderr.isTTY) return barRenderer(context.stderr)
  return lineRenderer(context.stdout)
}

async function sync(session: AccountSession, keys: KeySource, options: SyncOptions, context: CliContext, pool: DecryptPool): Promise<number> {
  const outDir = resolve(context.cwd, options.out)
  const run: ClientRunner = (task) => task(session.client)
  const scope = options.all ? 'all' : 'active'
  if (options.dryRun) {
    const { manifest } = await loadManifest(outDir, undefined, true)
    const previousPaths = new Map(Object.values(manifest.entries).map((entry) => [entry.key, entry.relativePath]))
    await dryRun(await gatherPlan(run, { scope, hasKey: keys.hasKey, previousPaths }), outDir, options, context)
    return EXIT_OK
  }

  const lock = await acquireSyncLock(outDir)
  const renderer: { current: SyncRenderer | null } = { current: null }
  const stopSignals: (() => void)[] = []
  try {
    const { store, setAside } = await ManifestStore.open(outDir)
    if (setAside) context.stderr.write(`warning: the sync record was damaged and was moved to ${setAside}; files will be checked again.\n`)
    const plan = await gatherPlan(run, { scope, hasKey: keys.hasKey, previousPaths: store.previousPaths() })
    const engine = new SyncEngine(
      plan,
      store,
      {
        storageGet: storageGetFor(pool),
        getDownloadUrl: downloadUrlSource(run),
        keyPairFor: keys.keyPairFor,
        heldPublicKeys: keys.held,
        openSealedSink: (request) => pool.openSink(request),
        openPlainSink: (request) => pool.openPlainSink(request),
      },
      { outDir, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, rehash: options.rehash ?? false },
    )
    renderer.current = rendererFor(options, context)
    if (!options.json && !context.stderr.isTTY) context.stdout.write(describePlan(plan))
    engine.subscribe(renderer.current.onEvent)

    // Ctrl-C pauses: partial files and the record are kept, and the next run resumes them.
    let interrupted = false
    const onSignal = (): void => {
      if (interrupted) return
      interrupted = true
      context.stderr.write('\nStopping: keeping partial files for the next run…\n')
      engine.pause()
    }
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, onSignal)
      stopSignals.push(() => process.off(signal, onSignal))
    }

    const summary = await engine.run()
    renderer.current.close()
    renderer.current = null
    if (!options.json) context.stdout.write(describeSummary(summary))
    if (engine.manifestProblem) context.stderr.write(`error: the sync record could not be saved: ${engine.manifestProblem.message}\n`)
    if (!summary.complete) {
      const text = new AppError('SYNC_INCOMPLETE')
      if (!options.json) context.stderr.write(`${text.message} ${text.action}\n`)
      return EXIT_FAILED
    }
    return EXIT_OK
  } finally {
    renderer.current?.close()
    for (const stop of stopSignals) stop()
    await lock.release()
  }
}

/** Registers `sync`: download and decrypt every purchase into a folder, resumably. */
export function registerSyncCommands(program: Command, context: CliContext): void {
  program
    .command('sync')
    .description('Download and decrypt your purchases into a folder: <out>/<product>/<round>/<file>. Resumable; re-runs fetch only what is missing.')
    .requiredOption('--out <dir>', 'output folder (created if needed; a .numerbay-sync.json record is kept in it)')
    .option('--signer <spec>', `sign in and unlock your key with your wallet; ${SIGNER_HELP}`)
    .option('--key <file>', 'decrypt with this numerbay.json instead of unlocking with the wallet (sign in with --signer or --username)')
    .option('--username <name>', 'with --key: sign in with a username; the password comes from $NUMERBAY_PASSWORD or a prompt')
    .option('--all', 'every confirmed order, not only those covering the current selling round')
    .option('--concurrency <n>', `files downloaded at once (default ${DEFAULT_CONCURRENCY})`, parseConcurrency)
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
          const keys = keyFile ? keyFileSource(keyFile) : await vaultSource(session, context)
          try {
            if (keyFile && session.user.public_key_v2 && !sameBytes(keyFile.publicKey, Buffer.from(session.user.public_key_v2, 'base64'))) {
              context.stderr.write('note: this key file is not the account\'s current key; only files sealed to it are decrypted.\n')
            }
            return await sync(session, keys, options, context, pool)
          } finally {
            keys.dispose()
          }
        })
      } finally {
        await pool.close()
        if (keyFile) wipe(keyFile.privateKey)
      }
    })
}

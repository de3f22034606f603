// `watch`: keeps a folder in sync, unattended, through the watch workflow (src/main/workflows/watch.ts). This file
// only turns options into the workflow's dependencies and its reports into lines or JSON: the sign-in means, the
// key source, a decrypt pool per cycle, the hook (`--exec PROGRAM ARGS...`, the rest of the line; see
// src/cli/rest-of-line.ts) and the stop signal. User guide: docs/user/watch.md.

import { resolve } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import type { Command } from 'commander'
import { readKeyFile } from '../../main/crypto/key-file'
import { sameBytes, wipe } from '../../main/crypto/key-pair'
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../../main/downloads/engine'
import { createNumerBayClient, normalizeApiBaseUrl } from '../../main/numerbay'
import type { Signer } from '../../main/signers/types'
import { createVault } from '../../main/vault'
import { DEFAULT_HOOK_TIMEOUT_MS, DEFAULT_WITHHELD_ENV } from '../../main/watch/hook'
import { DEFAULT_INTERVAL_MS, formatDuration, resolveInterval } from '../../main/watch/interval'
import { DecryptPool } from '../../main/workers/decrypt-pool'
import { keyFileKeys, vaultKeys } from '../../main/workflows/keys'
import { signedInSession, type SignInMeans } from '../../main/workflows/sign-in'
import { unlockForDecryption } from '../../main/workflows/unlock'
import { watchFolder, type WatchHook, type WatchReport } from '../../main/workflows/watch'
import { AppError } from '../../shared/errors'
import { loadConfig } from '../config'
import type { CliContext } from '../context'
import { EXIT_FAILED, EXIT_OK } from '../errors'
import { resolveCliSigner } from '../offline-signer'
import { listenForStop } from '../stop'
import { watchJsonRenderer, watchLineRenderer } from '../watch-render'
import { promptHidden, SIGNER_HELP } from './account'
import { parseConcurrency } from './sync'

interface WatchCliOptions {
  readonly out: string
  readonly key?: string
  readonly signer?: string
  readonly username?: string
  readonly interval: string
  readonly exec?: string
  readonly once?: boolean
  readonly all?: boolean
  readonly json?: boolean
  readonly concurrency: number
}

/** The default as `--interval` is written ('2m'): the watcher's own default, so the two cannot drift. */
const DEFAULT_INTERVAL = formatDuration(DEFAULT_INTERVAL_MS)

/** What the hook must not see: the password, and the variable an `env:NAME` signer reads its private key from. */
export function withheldFromHook(signerSpec: string | undefined): string[] {
  const envName = signerSpec?.startsWith('env:') ? signerSpec.slice(4) : ''
  return [...DEFAULT_WITHHELD_ENV, ...(envName ? [envName] : [])]
}

function checkOptions(options: WatchCliOptions): void {
  if (options.signer && options.username) throw new AppError('USAGE', { message: 'Use either --signer or --username, not both.' })
  if (!options.signer && !options.key) throw new AppError('USAGE', { message: 'Give --signer SPEC (your wallet) or --key FILE (your numerbay.json).' })
  if (options.key && !options.signer && !options.username) {
    throw new AppError('USAGE', { message: '--key decrypts, but NumerBay still needs a sign-in: add --signer SPEC or --username NAME.' })
  }
}

/**
 * A watcher spends its life waiting: V8's memory-saving mode keeps its heap from growing between collections
 * (npm run bench:watch: resident memory flat near 80 MiB instead of climbing past 120 MiB over a minute of 1 s
 * cycles), at a cost in speed an idle loop does not feel. Set once the command is known to be `watch`; isolates
 * created later (decrypt workers) get it too, whose work is native code.
 */
function preferMemoryOverSpeed(): void {
  setFlagsFromString('--optimize-for-size')
}

/** Keeps the folder in sync until stopped (or for one check with --once); resolves to the exit code. */
async function watch(command: Command, options: WatchCliOptions, context: CliContext): Promise<number> {
  checkOptions(options)
  if (!options.once) preferMemoryOverSpeed()
  const config = await loadConfig(command, context)
  const intervalMs = resolveInterval(options.interval, config.settings.apiUrl)
  const outDir = resolve(context.cwd, options.out)
  const hookArgs = context.restOfLine ?? []
  if (!options.exec && hookArgs.length > 0) throw new AppError('USAGE', { message: 'Arguments for a hook need --exec PROGRAM before them.' })

  const render = options.json ? watchJsonRenderer(context.stdout) : watchLineRenderer(context.stdout)
  const onReport = (report: WatchReport): void => {
    render(report)
    if (report.type !== 'transfer') context.log?.info({ event: 'watch', report: report.type, ...('cycle' in report ? { cycle: report.cycle } : {}) }, report.type)
  }

  // A Ctrl-C or SIGTERM from here on is the watcher's to wind down (partials kept, record written, exit 0).
  context.runsUntilStopped = true
  const stopListening = listenForStop(context.stop, (stop) => {
    if (stop.bySignal) context.stderr.write('\nStopping: keeping partial files for the next run…\n')
  })

  const keyFile = options.key ? await readKeyFile(resolve(context.cwd, options.key)) : null
  // Every request (and every wait between retries) ends at once when the watcher is stopped.
  const client = createNumerBayClient({ baseUrl: normalizeApiBaseUrl(config.settings.apiUrl), signal: context.stop, ...(context.log ? { logger: context.log } : {}) })
  const vault = createVault({ dataDir: config.dataDir, autoLockMs: 0, ...(context.log ? { logger: context.log } : {}) })
  let signer: Signer | null = null
  try {
    let means: SignInMeans
    if (options.signer) {
      signer = await resolveCliSigner(options.signer, context, config)
      means = { kind: 'wallet', signer }
    } else {
      // Asked once and kept in memory: each later sign-in (an expired token) uses it again.
      const password = config.password ?? (await promptHidden(`Password for ${options.username}: `, context))
      means = { kind: 'password', username: options.username!, password }
    }
    const session = signedInSession(client, means, vault)
    const keys = keyFile ? keyFileKeys(keyFile) : vaultKeys(vault)
    const hook: WatchHook | null = options.exec
      ? {
          command: { program: options.exec, args: hookArgs },
          options: { timeoutMs: DEFAULT_HOOK_TIMEOUT_MS, env: context.env, withhold: withheldFromHook(options.signer), forward: context.stderr },
        }
      : null

    const outcome = await watchFolder(
      {
        session,
        keys,
        hook,
        makeWorkers: () => new DecryptPool({ size: Math.min(options.concurrency, 2) }),
        prepare: async (api) => {
          // The first sign-in (the session signs in on its first call), then the key, once.
          await api(async () => undefined)
          const user = session.lastSignIn?.user
          if (keyFile && user?.public_key_v2 && !sameBytes(keyFile.publicKey, Buffer.from(user.public_key_v2, 'base64'))) {
            context.stderr.write("note: this key file is not the account's current key; only files sealed to it are decrypted.\n")
          }
          if (!keyFile && signer) await unlockForDecryption(vault, signer, () => context.stderr.write('Sign the key salt to unlock your key…\n'))
        },
      },
      { outDir, scope: options.all ? 'all' : 'active', intervalMs, once: options.once ?? false, concurrency: options.concurrency },
      { signal: context.stop, onReport },
    )
    if (outcome.stopped) return EXIT_OK
    return outcome.lastCycleOk ? EXIT_OK : EXIT_FAILED
  } finally {
    stopListening()
    vault.lock()
    client.signOut()
    await signer?.close?.().catch(() => undefined)
    if (keyFile) wipe(keyFile.privateKey)
  }
}

/** Registers `watch`. */
export function registerWatchCommands(program: Command, context: CliContext): void {
  program
    .command('watch')
    .description(
      'Keep a folder in sync: check NumerBay at once and then every interval, download and decrypt each new file, and run a program for it. Runs until Ctrl-C or SIGTERM (exit 0).',
    )
    .requiredOption('--out <dir>', 'folder to keep in sync (the same folder, layout and sync record as sync)')
    .option('--key <file>', 'decrypt with this numerbay.json (recommended unattended); sign in with --signer or --username')
    .option('--signer <spec>', `sign in, and unlock your key when there is no --key; ${SIGNER_HELP}`)
    .option('--username <name>', 'with --key: sign in with a username; the password comes from $NUMERBAY_PASSWORD or a prompt')
    .option('--interval <duration>', 'time between checks: 90s, 2m, 1h30m (spread by up to 10%; at least 10s against a server not on this computer)', DEFAULT_INTERVAL)
    .option(
      '--exec <program>',
      'run PROGRAM [ARGS...] for each new file, without a shell, the file path last (NUMERBAY_FILE etc. in its environment). Must come last: every word after it belongs to the program',
    )
    .option('--once', 'one check, then exit: 0 when nothing failed, 1 otherwise (for timers and cron)')
    .option('--all', 'every confirmed order, not only those covering the current selling round')
    .option('--json', 'one JSON event per line on stdout (hook output goes to stderr)')
    .option('--concurrency <n>', `files downloaded at once (1-${MAX_CONCURRENCY})`, parseConcurrency, DEFAULT_CONCURRENCY)
    .action(async (options: WatchCliOptions, command: Command) => {
      context.exitCode = await watch(command, options, context)
    })
}

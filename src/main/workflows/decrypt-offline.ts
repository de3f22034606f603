// Offline decryption of files already downloaded, for `decrypt` and the app's Offline decrypt screen: the
// inputs become jobs (a file keeps its name, a folder's files their relative paths), each file is opened
// with every key given until one authenticates, and each outcome is reported; one bad file never stops the
// others. How a file is decrypted (on this thread, on a worker) is the caller's choice.

import { lstat, mkdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AppError, isAppError } from '../../shared/errors'
import { planDecryptJobs } from '../crypto/decrypt-plan'
import type { KeyPair } from '../crypto/key-pair'
import { tryEachKey } from '../crypto/key-trial'
import { checkDestination } from '../downloads/destination'
import { withCounter } from '../downloads/sanitize'
import { fsError } from '../fs/fs-errors'

export interface OfflineDecryptRequest {
  readonly inputs: readonly string[]
  readonly outputDir: string
  /** Also decrypt the files of subfolders, keeping their relative paths. */
  readonly recursive: boolean
  /**
   * An output that exists already: `skip` it, `replace` it, `fail` that file (FILE_EXISTS), or write beside it
   * under a new name (`rename`: "name (2).ext", the first free one).
   */
  readonly existing: 'skip' | 'replace' | 'fail' | 'rename'
  /** Relative inputs are resolved against this folder. */
  readonly cwd?: string
  /** How messages name the output folder (the CLI: `--out`). */
  readonly outputName?: string
}

export interface DecryptFileJob {
  readonly input: string
  readonly target: string
  readonly keyPair: KeyPair
  readonly overwrite: boolean
  readonly signal: AbortSignal
  readonly onProgress: (bytes: number) => void
}

/** Decrypts one file to its target (atomically; nothing under the target name unless it authenticated). */
export type DecryptOneFile = (job: DecryptFileJob) => Promise<{ readonly path: string; readonly plaintextBytes: number }>

export interface OfflineFileOutcome {
  /** The input path (or the name given, when it could not be used). */
  readonly input: string
  /** The output's name under the output folder. */
  readonly name: string
  readonly status: 'decrypted' | 'skipped' | 'failed' | 'cancelled'
  readonly output: string | null
  readonly bytes: number
  /** Why it failed or was skipped. */
  readonly error: AppError | null
}

export interface OfflineDecryptEvents {
  /** The jobs are known: how many files and how many sealed bytes. */
  readonly onPlanned?: (files: number, bytes: number) => void
  readonly onFileStart?: (input: string, name: string, size: number) => void
  /** Sealed bytes read of the current file. */
  readonly onProgress?: (input: string, bytes: number) => void
  readonly onFileDone?: (outcome: OfflineFileOutcome) => void
}

/** The output folder is created when missing and must be a folder we can write into (the one destination check). */
export async function prepareOutputDir(outputDir: string, name = 'The output'): Promise<void> {
  await checkDestination(outputDir, { name })
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  )
}

/** `target`, or the first "name (n).ext" beside it that is free. */
async function freeNameFor(target: string): Promise<string> {
  if (!(await exists(target))) return target
  for (let counter = 2; ; counter++) {
    const candidate = join(dirname(target), withCounter(basename(target), counter))
    if (!(await exists(candidate))) return candidate
  }
}

/**
 * Decrypts every input with the first of `keys` that opens it (a sealed file does not say which key it was
 * sealed to: the current key is tried, then older ones). The caller owns and wipes `keys`.
 */
export async function decryptOffline(request: OfflineDecryptRequest, keys: readonly KeyPair[], decryptFile: DecryptOneFile, signal: AbortSignal, events: OfflineDecryptEvents = {}): Promise<OfflineFileOutcome[]> {
  if (keys.length === 0) throw new AppError('VAULT_LOCKED')
  await prepareOutputDir(request.outputDir, request.outputName)
  const outcomes: OfflineFileOutcome[] = []
  const report = (outcome: OfflineFileOutcome): void => {
    outcomes.push(outcome)
    events.onFileDone?.(outcome)
  }
  const jobs: Array<{ input: string; target: string; name: string; size: number }> = []
  for (const job of await planDecryptJobs(request.inputs, request.outputDir, request.recursive, request.cwd ?? request.outputDir)) {
    if (job.kind === 'error') {
      report({ input: job.name, name: job.name, status: 'failed', output: null, bytes: 0, error: job.error })
      continue
    }
    try {
      jobs.push({ input: job.input, target: job.target, name: job.name, size: (await stat(job.input)).size })
    } catch (error) {
      report({ input: job.input, name: job.name, status: 'failed', output: null, bytes: 0, error: fsError(error, job.input) })
    }
  }
  events.onPlanned?.(jobs.length, jobs.reduce((sum, job) => sum + job.size, 0))
  for (const job of jobs) {
    const base = { input: job.input, name: job.name }
    if (signal.aborted) {
      report({ ...base, status: 'cancelled', output: null, bytes: 0, error: new AppError('CANCELLED') })
      continue
    }
    if (request.existing === 'skip' && (await exists(job.target))) {
      report({ ...base, status: 'skipped', output: job.target, bytes: 0, error: new AppError('FILE_EXISTS', { detail: job.target }) })
      continue
    }
    events.onFileStart?.(job.input, job.name, job.size)
    try {
      await mkdir(dirname(job.target), { recursive: true }).catch((error: unknown) => {
        throw fsError(error, dirname(job.target))
      })
      const target = request.existing === 'rename' ? await freeNameFor(job.target) : job.target
      const done = await tryEachKey(keys, (keyPair) =>
        decryptFile({ input: job.input, target, keyPair, overwrite: request.existing === 'replace', signal, onProgress: (bytes) => events.onProgress?.(job.input, bytes) }),
      )
      report({ ...base, status: 'decrypted', output: done.path, bytes: done.plaintextBytes, error: null })
    } catch (error) {
      const problem = isAppError(error) ? error : new AppError('INTERNAL', { cause: error })
      report({ ...base, status: problem.code === 'CANCELLED' ? 'cancelled' : 'failed', output: null, bytes: 0, error: problem })
    }
  }
  return outcomes
}


import { mkdir, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { DecryptFileResult, DecryptProgress } from '../../../shared/ipc'
import { AppError, isAppError, toErrorInfo } from '../../../shared/errors'
import { planDecryptJobs } from '../../crypto/decrypt-plan'
import { heldPublicKeys } from '../../numerbay/mappers'
import type { DecryptPool } from '../../workers/decrypt-pool'
import { readKeyFile } from '../../crypto/key-file'
import { wipe, type KeyPair } from '../../crypto/key-pair'
import { fsError } from '../../fs/fs-errors'
import type { DecryptPort, VaultPort } from '../ports'

interface Job {
  readonly input: string
  readonly target: string
  readonly size: number
}

/** Inputs to jobs (a file keeps its name, a folder's files their relative paths); unusable inputs become failures. */
async function planJobs(inputs: readonly string[], outputDir: string, failed: DecryptFileResult[]): Promise<Job[]> {
  const jobs: Job[] = []
  for (const job of await planDecryptJobs(inputs, outputDir, true, outputDir)) {
    if (job.kind === 'error') {
      failed.push({ input: job.name, output: null, ok: false, bytes: 0, error: job.error.toInfo() })
      continue
    }
    try {
      jobs.push({ input: job.input, target: job.target, size: (await stat(job.input)).size })
    } catch (error) {
      failed.push({ input: job.input, output: null, ok: false, bytes: 0, error: toErrorInfo(fsError(error, job.input)) })
    }
  }
  return jobs
}

/**
 * Offline decryption on the worker pool: with a key file, or with the vault's keys (the current key, then the
 * keyring's older keys: a sealed file does not say which key it was sealed to, so each is tried in turn).
 */
export function createDecryptPort(vault: () => Promise<VaultPort | null>, pool: DecryptPool): DecryptPort {
  const candidateKeys = async (keyFile: string | undefined): Promise<KeyPair[]> => {
    if (keyFile) return [await readKeyFile(keyFile)]
    const keys = await vault()
    if (!keys) throw new AppError('VAULT_LOCKED')
    const pairs = heldPublicKeys(keys.knownKeys()).map((key) => keys.keyPairFor(key)).filter((pair): pair is KeyPair => pair !== null)
    if (pairs.length === 0) throw new AppError('VAULT_LOCKED')
    return pairs
  }

  return {
    async run(request, onProgress, signal) {
      const results: DecryptFileResult[] = []
      const jobs = await planJobs(request.inputs, request.outputDir, results)
      const pairs = await candidateKeys(request.keyFile)
      const bytesTotal = jobs.reduce((sum, job) => sum + job.size, 0)
      let bytesBefore = 0
      let filesDone = 0
      let lastSent = 0
      const progress = (current: string | null, bytesDone: number, lastResult: DecryptFileResult | null): DecryptProgress => ({
        runId: request.runId,
        filesDone,
        filesTotal: jobs.length,
        bytesDone,
        bytesTotal,
        current,
        lastResult,
      })
      try {
        for (const job of jobs) {
          if (signal.aborted) {
            results.push({ input: job.input, output: null, ok: false, bytes: 0, error: new AppError('CANCELLED').toInfo() })
            continue
          }
          onProgress(progress(job.input, bytesBefore, null))
          let result: DecryptFileResult | null = null
          for (const [index, pair] of pairs.entries()) {
            try {
              await mkdir(dirname(job.target), { recursive: true })
              const done = await pool.decryptFile({
                keyPair: pair,
                input: job.input,
                target: job.target,
                signal,
                onProgress: (step) => {
                  // At most ten updates a second for the window; the file-level ones below always go.
                  const now = Date.now()
                  if (now - lastSent < 100) return
                  lastSent = now
                  onProgress(progress(job.input, bytesBefore + step.bytes, null))
                },
              })
              result = { input: job.input, output: done.path, ok: true, bytes: done.plaintextBytes, error: null }
              break
            } catch (error) {
              const wrongKey = isAppError(error) && error.code === 'SEALED_AUTH_FAILED' && index < pairs.length - 1
              if (!wrongKey) result = { input: job.input, output: null, ok: false, bytes: 0, error: toErrorInfo(error) }
            }
          }
          bytesBefore += job.size
          filesDone += 1
          results.push(result!)
          onProgress(progress(null, bytesBefore, result))
        }
      } finally {
        for (const pair of pairs) wipe(pair.privateKey)
      }
      const succeeded = results.filter((result) => result.ok).length
      return { runId: request.runId, outputDir: request.outputDir, results, succeeded, failed: results.length - succeeded }
    },
    close: () => pool.close(),
  }
}

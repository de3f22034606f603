// The Offline decrypt screen: the offline-decryption workflow on the worker pool, with the vault's keys or a
// key file chosen in main's own dialog, progress a few times a second, and cancel.

import { randomUUID } from 'node:crypto'
import type { DecryptFileResult, DecryptProgress, DecryptResult } from '../../../shared/ipc'
import { AppError } from '../../../shared/errors'
import { readKeyFile } from '../../crypto/key-file'
import { wipe, type KeyPair } from '../../crypto/key-pair'
import { heldPairs, type KeySource } from '../../workflows/keys'
import { decryptOffline, type OfflineFileOutcome } from '../../workflows/decrypt-offline'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import type { DialogPort } from '../ports'
import type { Services } from '../services'
import { chooseKeyFile, type ChosenKeyFile } from './signers'

export type DecryptHandlers = Pick<Handlers, 'chooseDecryptKeyFile' | 'decryptFiles' | 'cancelDecrypt'>

export interface DecryptDeps {
  readonly services: Services
  readonly events: EventHub
  readonly dialogs: DialogPort
  /** The vault's keys; null when this build has no vault. */
  readonly keys: () => Promise<KeySource | null>
  /** The key file loaded on the Connect screen, if any. */
  readonly connectKeyFile: () => ChosenKeyFile | null
  readonly permitFolder: (path: string) => string
  readonly recordWritten: (path: string) => Promise<void>
}

/** At most ten progress reports a second for the window; file-level ones always go. */
const PROGRESS_INTERVAL_MS = 100

function toResult(outcome: OfflineFileOutcome): DecryptFileResult {
  return { input: outcome.input, output: outcome.status === 'decrypted' ? outcome.output : null, ok: outcome.status === 'decrypted', bytes: outcome.bytes, error: outcome.error?.toInfo() ?? null }
}

export class DecryptDomain {
  readonly #deps: DecryptDeps
  readonly #runs = new Map<string, AbortController>()
  #keyFile: ChosenKeyFile | null = null
  readonly handlers: DecryptHandlers

  constructor(deps: DecryptDeps) {
    this.#deps = deps
    this.handlers = {
      chooseDecryptKeyFile: async () => {
        this.#keyFile = await chooseKeyFile(deps.dialogs, 'Choose the numerbay.json to decrypt with')
        return { name: this.#keyFile.name, publicKey: this.#keyFile.publicKey }
      },
      decryptFiles: (args) => this.#run(args.inputs, args.outputDir, args.keySource, args.existing),
      cancelDecrypt: ({ runId }) => {
        this.#runs.get(runId)?.abort()
        return null
      },
    }
  }

  /** Stops every run (app quit): files in progress are removed, finished ones kept. */
  close(): void {
    for (const controller of this.#runs.values()) controller.abort()
  }

  async #keys(source: 'vault' | 'key-file'): Promise<KeyPair[]> {
    if (source === 'key-file') {
      const file = this.#keyFile ?? this.#deps.connectKeyFile()
      if (!file) throw new AppError('INVALID_ARGUMENT', { message: 'Choose your numerbay.json key file first.' })
      return [await readKeyFile(file.path)]
    }
    const keys = await this.#deps.keys()
    const pairs = keys ? heldPairs(keys) : []
    if (pairs.length === 0) throw new AppError('VAULT_LOCKED')
    return pairs
  }

  async #run(inputs: readonly string[], outputDirGiven: string, keySource: 'vault' | 'key-file', existing: 'fail' | 'replace' | 'rename'): Promise<DecryptResult> {
    const outputDir = this.#deps.permitFolder(outputDirGiven)
    const pairs = await this.#keys(keySource)
    const runId = randomUUID()
    const controller = new AbortController()
    this.#runs.set(runId, controller)
    try {
      const workers = await this.#deps.services.get('workers')
      const emit = (progress: DecryptProgress): void => this.#deps.events.emit('decryptProgress', progress)
      let filesTotal = 0
      let bytesTotal = 0
      let filesDone = 0
      let bytesBefore = 0
      let lastSent = 0
      const sizes = new Map<string, number>()
      const progress = (current: string | null, bytesDone: number, lastResult: DecryptFileResult | null): DecryptProgress => ({ runId, filesDone, filesTotal, bytesDone, bytesTotal, current, lastResult })
      const outcomes = await decryptOffline(
        { inputs, outputDir, recursive: true, existing },
        pairs,
        (job) => workers.decryptFile({ keyPair: job.keyPair, input: job.input, target: job.target, signal: job.signal, onProgress: (step) => job.onProgress(step.bytes) }),
        controller.signal,
        {
          onPlanned: (files, bytes) => {
            filesTotal = files
            bytesTotal = bytes
          },
          onFileStart: (input, _name, size) => {
            sizes.set(input, size)
            emit(progress(input, bytesBefore, null))
          },
          onProgress: (input, bytes) => {
            const now = Date.now()
            if (now - lastSent < PROGRESS_INTERVAL_MS) return
            lastSent = now
            emit(progress(input, bytesBefore + bytes, null))
          },
          onFileDone: (outcome) => {
            // Inputs that never started (unusable, or after a cancel) are in the result, not in the progress.
            if (!sizes.has(outcome.input)) return
            bytesBefore += sizes.get(outcome.input) ?? 0
            filesDone += 1
            emit(progress(null, bytesBefore, toResult(outcome)))
          },
        },
      )
      const results = outcomes.map(toResult)
      const succeeded = results.filter((result) => result.ok).length
      if (succeeded > 0) await this.#deps.recordWritten(outputDir)
      return { runId, outputDir, results, succeeded, failed: results.length - succeeded }
    } finally {
      this.#runs.delete(runId)
      for (const pair of pairs) wipe(pair.privateKey)
    }
  }
}

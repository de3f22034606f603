import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react'
import type { ErrorInfo } from '../../../../shared/errors'
import type { ChosenKeyFile, DecryptFileResult, DecryptProgress } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'

export type DecryptKeyChoice = 'unlocked' | 'file'

/** What to do with an output that exists already: replace it, or write beside it under a new name. */
export type ExistingChoice = 'replace' | 'rename'

/**
 * The Offline decrypt screen's work, kept above the screens: the chosen files, key and output folder, a running
 * decryption (its progress and results), and its last error all survive going to another screen and back.
 */
export interface OfflineDecrypt {
  readonly inputs: readonly string[]
  readonly keyChoice: DecryptKeyChoice | null
  readonly keyFile: ChosenKeyFile | null
  readonly outputDir: string | null
  readonly running: boolean
  readonly progress: DecryptProgress | null
  readonly results: readonly DecryptFileResult[]
  readonly error: ErrorInfo | null
  add(paths: readonly string[]): void
  remove(path: string): void
  setKeyChoice(choice: DecryptKeyChoice): void
  setKeyFile(file: ChosenKeyFile): void
  setOutputDir(path: string): void
  /** Decrypts every input (nothing is overwritten). */
  start(): void
  /** Decrypts one input again whose output existed: replacing it, or under a new name. */
  resolveExisting(input: string, choice: ExistingChoice): void
  stop(): void
  clearError(): void
}

const OfflineDecryptContext = createContext<OfflineDecrypt | null>(null)

export function OfflineDecryptProvider({ children }: { readonly children: React.ReactNode }): React.JSX.Element {
  const api = useApi()
  const [inputs, setInputs] = useState<readonly string[]>([])
  const [keyChoice, setKeyChoice] = useState<DecryptKeyChoice | null>(null)
  const [keyFile, setKeyFile] = useState<ChosenKeyFile | null>(null)
  const [outputDir, setOutputDir] = useState<string | null>(null)
  const [running, setRunning] = useState(false)
  const [progress, setProgress] = useState<DecryptProgress | null>(null)
  const [results, setResults] = useState<readonly DecryptFileResult[]>([])
  const [error, setError] = useState<ErrorInfo | null>(null)
  const runningRef = useRef(false)

  useEffect(
    () =>
      api.onDecryptProgress((event) => {
        if (!runningRef.current) return
        setProgress(event)
        const result = event.lastResult
        if (result) setResults((previous) => merge(previous, [result]))
      }),
    [api],
  )

  const run = useCallback(
    (runInputs: readonly string[], existing: 'fail' | ExistingChoice, fresh: boolean) => {
      if (!outputDir || runningRef.current) return
      runningRef.current = true
      setRunning(true)
      setProgress(null)
      setError(null)
      if (fresh) setResults([])
      void api
        .decryptFiles({ inputs: [...runInputs], outputDir, keySource: keyChoice === 'file' ? 'key-file' : 'vault', existing })
        .then(
          (result) => {
            if (result.ok) setResults((previous) => merge(fresh ? [] : previous, result.value.results))
            else setError(result.error)
          },
          () => setError({ code: 'INTERNAL', message: 'The app could not reach its background service.', action: 'Restart NumerBay Desktop. If it keeps happening, report it.' }),
        )
        .finally(() => {
          runningRef.current = false
          setRunning(false)
        })
    },
    [api, outputDir, keyChoice],
  )

  const value = useMemo<OfflineDecrypt>(
    () => ({
      inputs,
      keyChoice,
      keyFile,
      outputDir,
      running,
      progress,
      results,
      error,
      add: (paths) => setInputs((previous) => [...previous, ...paths.filter((path) => !previous.includes(path))]),
      remove: (path) => setInputs((previous) => previous.filter((p) => p !== path)),
      setKeyChoice,
      setKeyFile,
      setOutputDir,
      start: () => run(inputs, 'fail', true),
      resolveExisting: (input, choice) => run([input], choice, false),
      stop: () => {
        if (progress) void api.cancelDecrypt({ runId: progress.runId })
      },
      clearError: () => setError(null),
    }),
    [inputs, keyChoice, keyFile, outputDir, running, progress, results, error, run, api],
  )
  return <OfflineDecryptContext.Provider value={value}>{children}</OfflineDecryptContext.Provider>
}

/** Results by input: a later result for the same input (a retry) takes its place. */
function merge(previous: readonly DecryptFileResult[], next: readonly DecryptFileResult[]): DecryptFileResult[] {
  const out = [...previous]
  for (const result of next) {
    const at = out.findIndex((existing) => existing.input === result.input)
    if (at === -1) out.push(result)
    else out[at] = result
  }
  return out
}

export function useOfflineDecrypt(): OfflineDecrypt {
  const state = useContext(OfflineDecryptContext)
  if (!state) throw new Error('useOfflineDecrypt outside OfflineDecryptProvider')
  return state
}

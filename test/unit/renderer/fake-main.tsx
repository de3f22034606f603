// The main process as the renderer sees it, for React Testing Library tests: a current value and listeners per
// stream, and the invoke channels a test answers (any other call fails the test loudly), each call recorded.
import { MantineProvider } from '@mantine/core'
import { act, render } from '@testing-library/react'
import type { Result } from '../../../src/shared/errors'
import type { DownloadsSnapshot, EventName, EventPayload, FileProgressView, InvokeName, NumerBayApi } from '../../../src/shared/ipc'
import { defaultSettings, watchOff } from '../../../src/shared/ipc'
import { ApiProvider } from '../../../src/renderer/src/app/ApiContext'
import { DownloadsProvider } from '../../../src/renderer/src/app/DownloadsState'
import { LiveStateProvider } from '../../../src/renderer/src/app/LiveState'
import { contrastVariables, theme } from '../../../src/renderer/src/app/theme'

type Stream = Exclude<EventName, 'decryptProgress' | 'watchNotice'>

export const account = { id: 7, username: 'alice', publicAddress: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', keyKind: 'v2' as const, publicKeyV2: 'cHVi', publicKeyLegacy: null }

export function file(overrides: Partial<FileProgressView> & Pick<FileProgressView, 'name'>): FileProgressView {
  return {
    key: `order:${overrides.name}`,
    orderId: 1,
    productName: 'Signals',
    round: 600,
    relativePath: `Signals/600/${overrides.name}`,
    state: 'done',
    bytesDone: 1000,
    bytesTotal: 1000,
    speed: 0,
    etaSeconds: null,
    reason: null,
    error: null,
    alreadyDownloaded: false,
    retry: null,
    ...overrides,
  }
}

const count = (files: readonly FileProgressView[], state: FileProgressView['state']): number => files.filter((f) => f.state === state).length

/** A snapshot whose counts follow its files, as the engine's do. */
export function snapshot(files: readonly FileProgressView[], overrides: Partial<DownloadsSnapshot> = {}): DownloadsSnapshot {
  const active = count(files, 'downloading') + count(files, 'decrypting')
  return {
    running: active + count(files, 'queued') > 0,
    destination: '/home/alice/NumerBay',
    files: [...files],
    overall: {
      total: files.length,
      done: count(files, 'done'),
      failed: count(files, 'failed'),
      skipped: count(files, 'skipped'),
      cancelled: count(files, 'cancelled'),
      active,
      queued: count(files, 'queued'),
      paused: count(files, 'paused'),
      waitingForKey: files.filter((f) => f.state === 'paused' && f.error?.code === 'VAULT_LOCKED').length,
      retrying: files.filter((f) => f.retry !== null).length,
      bytesDone: files.reduce((sum, f) => sum + f.bytesDone, 0),
      bytesTotal: files.reduce((sum, f) => sum + (f.bytesTotal ?? 0), 0),
      speed: 0,
      etaSeconds: null,
    },
    paused: null,
    summary: null,
    recordSetAside: null,
    recordProblem: null,
    keyWait: null,
    canSyncAgain: false,
    updatedAt: Date.now(),
    ...overrides,
  }
}

export type Answers = Partial<Record<InvokeName, (args: unknown) => Result<unknown> | Promise<Result<unknown>>>>

export interface FakeMain {
  readonly api: NumerBayApi
  readonly calls: Array<{ readonly name: string; readonly args: unknown }>
  emit<K extends Stream>(name: K, payload: EventPayload<K>): void
}

export function fakeMain(initial: Partial<{ [K in Stream]: EventPayload<K> }> = {}, answers: Answers = {}): FakeMain {
  const current: { [K in Stream]: EventPayload<K> } = {
    settings: defaultSettings,
    session: { account: null, apiUrl: 'http://127.0.0.1:1', method: null },
    signer: null,
    ledgerStatus: { state: 'no-device' },
    walletConnectStatus: { state: 'idle' },
    keyState: { state: 'signed-out', publicKey: null, autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false },
    downloads: snapshot([]),
    signingMessage: null,
    watchState: watchOff(),
    ...initial,
  }
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: Array<{ name: string; args: unknown }> = []
  const api: Record<string, unknown> = { pathForFile: () => null }
  const subscribe = (name: string) => (listener: (payload: unknown) => void) => {
    const set = listeners.get(name) ?? new Set()
    set.add(listener)
    listeners.set(name, set)
    return () => set.delete(listener)
  }
  for (const name of Object.keys(current) as Stream[]) {
    const suffix = name.charAt(0).toUpperCase() + name.slice(1)
    api[`get${suffix}`] = async () => ({ ok: true, value: current[name] })
    api[`on${suffix}`] = subscribe(name)
  }
  api.onDecryptProgress = subscribe('decryptProgress')
  api.onWatchNotice = subscribe('watchNotice')
  for (const [name, answer] of Object.entries(answers)) {
    api[name] = async (args: unknown) => {
      calls.push({ name, args })
      return answer(args)
    }
  }
  const emit = <K extends Stream>(name: K, payload: EventPayload<K>): void => {
    Object.assign(current, { [name]: payload })
    act(() => {
      for (const listener of listeners.get(name) ?? []) listener(payload)
    })
  }
  const strict = new Proxy(api, {
    get: (target, property) => {
      if (typeof property === 'string' && !(property in target)) throw new Error(`unexpected API use: ${property}`)
      return target[property as string]
    },
  })
  return { api: strict as unknown as NumerBayApi, calls, emit }
}

/** Renders `ui` inside the app's providers (and its theme), over `main`. */
export function renderWithApp(main: FakeMain, ui: React.ReactNode, wrap: (children: React.ReactNode) => React.ReactNode = (children) => children) {
  return render(
    <ApiProvider api={main.api}>
      <LiveStateProvider>
        <DownloadsProvider>
          <MantineProvider theme={theme} cssVariablesResolver={contrastVariables}>
            {wrap(ui)}
          </MantineProvider>
        </DownloadsProvider>
      </LiveStateProvider>
    </ApiProvider>,
  )
}

export const ok = <T,>(value: T): Result<T> => ({ ok: true, value })

// @vitest-environment happy-dom
// A sync pushes a downloads snapshot a few times a second: only what shows the downloads may re-render for it.
import { MantineProvider } from '@mantine/core'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { DownloadsSnapshot, EventName, EventPayload, NumerBayApi } from '../../../src/shared/ipc'
import { defaultSettings, watchOff } from '../../../src/shared/ipc'
import { ApiProvider } from '../../../src/renderer/src/app/ApiContext'
import { DownloadsProvider, useDownloads } from '../../../src/renderer/src/app/DownloadsState'
import { LiveStateProvider, useLiveState } from '../../../src/renderer/src/app/LiveState'
import { DownloadsScreen } from '../../../src/renderer/src/screens/Downloads/DownloadsScreen'

type Stream = Exclude<EventName, 'decryptProgress' | 'watchNotice'>

const account = { id: 7, username: 'alice', publicAddress: null, keyKind: 'v2' as const, publicKeyV2: 'cHVi', publicKeyLegacy: null }

function downloadsAt(bytesDone: number): DownloadsSnapshot {
  const file = {
    key: 'order:abc',
    orderId: 1,
    productName: 'Signals',
    round: 600,
    name: 'predictions.csv',
    relativePath: 'Signals/600/predictions.csv',
    state: 'downloading' as const,
    bytesDone,
    bytesTotal: 1000,
    speed: 250,
    etaSeconds: 3,
    reason: null,
    error: null,
    alreadyDownloaded: false,
    retry: null,
  }
  return {
    running: true,
    destination: '/tmp/out',
    files: [file],
    overall: { total: 1, done: 0, failed: 0, skipped: 0, cancelled: 0, active: 1, queued: 0, paused: 0, waitingForKey: 0, retrying: 0, bytesDone, bytesTotal: 1000, speed: 250, etaSeconds: 3 },
    paused: null,
    summary: null,
    recordSetAside: null,
    recordProblem: null,
    keyWait: null,
    canSyncAgain: false,
    updatedAt: 1_700_000_000_000 + bytesDone,
  }
}

/** The main process as the renderer sees it: a current value and a listener list per stream. */
function fakeMain() {
  const current: { [K in Stream]: EventPayload<K> } = {
    settings: defaultSettings,
    session: { account: null, apiUrl: 'http://127.0.0.1:1', method: null },
    signer: null,
    ledgerStatus: { state: 'no-device' },
    walletConnectStatus: { state: 'idle' },
    keyState: { state: 'signed-out', publicKey: null, autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: false },
    downloads: downloadsAt(0),
    signingMessage: null,
    watchState: watchOff(),
  }
  const listeners = new Map<Stream, Set<(payload: unknown) => void>>()
  const api: Record<string, unknown> = {}
  for (const name of Object.keys(current) as Stream[]) {
    const suffix = name.charAt(0).toUpperCase() + name.slice(1)
    api[`get${suffix}`] = async () => ({ ok: true, value: current[name] })
    api[`on${suffix}`] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set()
      set.add(listener)
      listeners.set(name, set)
      return () => set.delete(listener)
    }
  }
  const emit = <K extends Stream>(name: K, payload: EventPayload<K>): void => {
    Object.assign(current, { [name]: payload })
    act(() => {
      for (const listener of listeners.get(name) ?? []) listener(payload)
    })
  }
  // Only the streams are implemented; calling anything else fails the test loudly.
  const strict = new Proxy(api, {
    get: (target, property) => {
      if (typeof property === 'string' && !(property in target)) throw new Error(`unexpected API use: ${property}`)
      return target[property as string]
    },
  })
  return { api: strict as unknown as NumerBayApi, emit }
}

/** Counts its renders and shows the signed-in name: what every screen that reads the session does. */
function SessionConsumer({ counted }: { readonly counted: () => void }): React.JSX.Element {
  counted()
  const { session } = useLiveState()
  return <p data-testid="who">{session.value?.account?.username ?? 'signed out'}</p>
}

/** Counts its renders and shows the bytes received: what the downloads screen and the navigation badge do. */
function DownloadsConsumer({ counted }: { readonly counted: () => void }): React.JSX.Element {
  counted()
  const bytes = useDownloads().value?.overall.bytesDone
  return <p data-testid="bytes">{bytes ?? 'none yet'}</p>
}

function renderWindow(api: NumerBayApi) {
  const renders = { session: 0, downloads: 0 }
  render(
    <ApiProvider api={api}>
      <LiveStateProvider>
        <DownloadsProvider>
          <SessionConsumer counted={() => renders.session++} />
          <DownloadsConsumer counted={() => renders.downloads++} />
          <MantineProvider>
            <DownloadsScreen onNavigate={() => undefined} />
          </MantineProvider>
        </DownloadsProvider>
      </LiveStateProvider>
    </ApiProvider>,
  )
  return renders
}

afterEach(cleanup)

describe('the downloads stream in its own context', () => {
  it('re-renders what shows the downloads on each snapshot, and not what shows the session', async () => {
    const main = fakeMain()
    const renders = renderWindow(main.api)
    await waitFor(() => expect(screen.getByTestId('bytes').textContent).toBe('0'))
    await waitFor(() => expect(screen.getByTestId('download-file').getAttribute('data-name')).toBe('predictions.csv'))
    const before = { ...renders }

    for (let step = 1; step <= 8; step++) main.emit('downloads', downloadsAt(step * 100))

    expect(screen.getByTestId('bytes').textContent).toBe('800')
    expect(screen.getByTestId('downloads-done-count').textContent).toContain('0 / 1')
    expect(renders.downloads - before.downloads).toBe(8)
    expect(renders.session - before.session).toBe(0)
  })

  it('re-renders what shows the session when the session changes, and not what shows the downloads', async () => {
    const main = fakeMain()
    const renders = renderWindow(main.api)
    await waitFor(() => expect(screen.getByTestId('bytes').textContent).toBe('0'))
    const before = { ...renders }

    main.emit('session', { account, apiUrl: 'http://127.0.0.1:1', method: 'password' })

    expect(screen.getByTestId('who').textContent).toBe('alice')
    expect(renders.session - before.session).toBe(1)
    expect(renders.downloads - before.downloads).toBe(0)
  })
})

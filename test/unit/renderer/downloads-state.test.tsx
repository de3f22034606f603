// @vitest-environment happy-dom
// A sync pushes a downloads snapshot a few times a second: only what shows the downloads may re-render for it.
import { cleanup, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { DownloadsSnapshot } from '../../../src/shared/ipc'
import { useDownloads } from '../../../src/renderer/src/app/DownloadsState'
import { useLiveState } from '../../../src/renderer/src/app/LiveState'
import { DownloadsScreen } from '../../../src/renderer/src/screens/Downloads/DownloadsScreen'
import { account, fakeMain, file, renderWithApp, snapshot, type FakeMain } from './fake-main'

/** A sync at `bytesDone` of one 1000-byte file, with a fresh time stamp so each push is a new snapshot. */
function downloadsAt(bytesDone: number): DownloadsSnapshot {
  const downloading = file({ name: 'predictions.csv', state: 'downloading', bytesDone, speed: 250, etaSeconds: 3 })
  const at = snapshot([downloading], { destination: '/tmp/out', updatedAt: 1_700_000_000_000 + bytesDone })
  return { ...at, overall: { ...at.overall, speed: 250, etaSeconds: 3 } }
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

function renderWindow(main: FakeMain) {
  const renders = { session: 0, downloads: 0 }
  renderWithApp(main, <DownloadsScreen onNavigate={() => undefined} />, (screenUi) => (
    <>
      <SessionConsumer counted={() => renders.session++} />
      <DownloadsConsumer counted={() => renders.downloads++} />
      {screenUi}
    </>
  ))
  return renders
}

afterEach(cleanup)

describe('the downloads stream in its own context', () => {
  it('re-renders what shows the downloads on each snapshot, and not what shows the session', async () => {
    const main = fakeMain({ downloads: downloadsAt(0) })
    const renders = renderWindow(main)
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
    const main = fakeMain({ downloads: downloadsAt(0) })
    const renders = renderWindow(main)
    await waitFor(() => expect(screen.getByTestId('bytes').textContent).toBe('0'))
    const before = { ...renders }

    main.emit('session', { account, apiUrl: 'http://127.0.0.1:1', method: 'password' })

    expect(screen.getByTestId('who').textContent).toBe('alice')
    expect(renders.session - before.session).toBe(1)
    expect(renders.downloads - before.downloads).toBe(0)
  })
})

// @vitest-environment happy-dom
// Behaviours of the other screens, through React Testing Library: Offline decrypt keeps its work across
// navigation and offers replace or keep-both for an existing output; Settings refuse out-of-range values with a
// message; Purchases lock the sync buttons and the folder during a sync, saying why; the Sign in card offers the
// next step; notifications close on their own in a strip of their own.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { notifications } from '@mantine/notifications'
import { defaultSettings } from '../../../src/shared/ipc'
import { NotificationStrip } from '../../../src/renderer/src/app/NotificationStrip'
import { OfflineDecryptProvider } from '../../../src/renderer/src/screens/OfflineDecrypt/OfflineDecryptState'
import { OfflineDecryptScreen } from '../../../src/renderer/src/screens/OfflineDecrypt/OfflineDecryptScreen'
import { PurchasesScreen } from '../../../src/renderer/src/screens/Purchases/PurchasesScreen'
import { SecuritySettings } from '../../../src/renderer/src/screens/Settings/SecuritySettings'
import { ServerSettings } from '../../../src/renderer/src/screens/Settings/ServerSettings'
import { AccountCard } from '../../../src/renderer/src/screens/SignIn/AccountCard'
import { account, fakeMain, file, ok, renderWithApp, snapshot } from './fake-main'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const unlockedKey = { state: 'unlocked' as const, publicKey: 'cHVi', autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: true }

/** Offline decrypt and another screen, switched by a button: what the navigation does to screens. */
function Switcher(): React.JSX.Element {
  const [offline, setOffline] = useState(true)
  return (
    <>
      <button type="button" onClick={() => setOffline(!offline)}>
        switch
      </button>
      {offline ? <OfflineDecryptScreen onNavigate={() => undefined} /> : <p>elsewhere</p>}
    </>
  )
}

describe('Offline decrypt', () => {
  it('keeps its files, output folder and results when the person leaves the screen and comes back', async () => {
    const exists = { input: '/in/a.csv', output: null, ok: false, bytes: 0, error: { code: 'FILE_EXISTS' as const, message: 'Already exists: /out/a.csv', action: 'Choose another name.' } }
    const main = fakeMain(
      { keyState: unlockedKey },
      {
        chooseFiles: () => ok({ paths: ['/in/a.csv'] }),
        chooseFolder: () => ok({ path: '/out' }),
        decryptFiles: (args) => {
          const existing = (args as { existing?: string }).existing
          if (existing === 'rename') return ok({ runId: 'r2', outputDir: '/out', results: [{ ...exists, ok: true, error: null, output: '/out/a (2).csv', bytes: 10 }], succeeded: 1, failed: 0 })
          return ok({ runId: 'r1', outputDir: '/out', results: [exists], succeeded: 0, failed: 1 })
        },
      },
    )
    renderWithApp(main, <Switcher />, (children) => <OfflineDecryptProvider>{children}</OfflineDecryptProvider>)
    fireEvent.click(await screen.findByTestId('choose-files'))
    await screen.findByText('/in/a.csv', { exact: false })
    fireEvent.click(screen.getByRole('button', { name: 'Choose… output folder' }))
    await waitFor(() => expect((screen.getByTestId('decrypt-start') as HTMLButtonElement).disabled).toBe(false))
    fireEvent.click(screen.getByTestId('decrypt-start'))
    await screen.findByTestId('decrypt-existing')

    fireEvent.click(screen.getByText('switch'))
    expect(screen.getByText('elsewhere')).toBeTruthy()
    fireEvent.click(screen.getByText('switch'))
    // Everything is still there: the input, the folder, the result with its choices.
    expect(screen.getByTestId('decrypt-inputs').textContent).toContain('/in/a.csv')
    expect(screen.getByTestId('decrypt-output-path').getAttribute('data-path')).toBe('/out')
    fireEvent.click(screen.getByRole('button', { name: 'Keep both: save a.csv under a new name' }))
    await waitFor(() => expect(screen.getByTestId('decrypt-result').getAttribute('data-ok')).toBe('true'))
    expect(main.calls.filter((call) => call.name === 'decryptFiles').map((call) => call.args)).toEqual([
      { inputs: ['/in/a.csv'], outputDir: '/out', keySource: 'vault', existing: 'fail' },
      { inputs: ['/in/a.csv'], outputDir: '/out', keySource: 'vault', existing: 'rename' },
    ])
  })
})

describe('Settings', () => {
  it('refuse an auto-lock outside 0–1440 with its range, instead of saving something else', async () => {
    const main = fakeMain({}, { updateSettings: () => ok(defaultSettings) })
    renderWithApp(main, <SecuritySettings settings={defaultSettings} />)
    const input = screen.getByLabelText('Auto-lock minutes')
    for (const value of ['-5', '100000']) {
      fireEvent.change(input, { target: { value } })
      fireEvent.blur(input)
      expect(await screen.findByText('Auto-lock takes 0 (never) to 1440 minutes (24 hours).')).toBeTruthy()
      expect((screen.getByRole('button', { name: 'Save auto-lock' }) as HTMLButtonElement).disabled).toBe(true)
    }
    expect(main.calls).toEqual([])
  })

  it('say the API address must be a web address', async () => {
    renderWithApp(fakeMain(), <ServerSettings settings={defaultSettings} />)
    fireEvent.change(screen.getByLabelText('NumerBay API address'), { target: { value: 'numerbay' } })
    expect(await screen.findByText('Enter a full web address, such as https://numerbay.ai/backend-api/v1.')).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Save API address' }) as HTMLButtonElement).disabled).toBe(true)
  })
})

describe('Purchases during a sync', () => {
  it('disables the sync buttons and the folder, and says why', async () => {
    const running = snapshot([file({ name: 'a.csv', state: 'downloading', bytesDone: 10 })])
    const main = fakeMain(
      { session: { account, apiUrl: 'http://127.0.0.1:1', method: 'wallet' }, keyState: unlockedKey, downloads: running, settings: { ...defaultSettings, downloadDir: '/home/alice/NumerBay' } },
      { listOrders: () => ok({ sellingRound: 600, orders: [] }) },
    )
    renderWithApp(main, <PurchasesScreen onNavigate={() => undefined} />)
    await screen.findByTestId('sync-running-note')
    expect((screen.getByTestId('sync-all') as HTMLButtonElement).disabled).toBe(true)
    const change = screen.getByRole('button', { name: /Change… Destination folder \(A sync is running/ }) as HTMLButtonElement
    expect(change.disabled).toBe(true)
    expect(screen.getByTestId('destination-locked').textContent).toContain('A sync is running')
  })
})

describe('the Sign in card', () => {
  it('offers the key while it is locked and the purchases once it is unlocked', async () => {
    const session = { account, apiUrl: 'http://127.0.0.1:1', method: 'wallet' as const }
    const locked = fakeMain({ session, keyState: { ...unlockedKey, state: 'locked' } })
    const view = renderWithApp(locked, <AccountCard session={session} onSignOut={() => undefined} signingOut={false} onNavigate={() => undefined} />)
    await waitFor(() => expect(screen.getByTestId('account-next-step').textContent).toBe('Unlock your key'))
    view.unmount()
    const unlocked = fakeMain({ session, keyState: unlockedKey })
    renderWithApp(unlocked, <AccountCard session={session} onSignOut={() => undefined} signingOut={false} onNavigate={() => undefined} />)
    await waitFor(() => expect(screen.getByTestId('account-next-step').textContent).toBe('Download your purchases'))
  })
})

describe('notifications', () => {
  it('close on their own, newest shown, in the strip', async () => {
    vi.useFakeTimers()
    renderWithApp(fakeMain(), <NotificationStrip />)
    act(() => {
      notifications.show({ id: 'one', title: 'First', message: 'a', autoClose: 4000 })
      notifications.show({ id: 'two', title: 'Second', message: 'b', autoClose: 8000 })
    })
    expect(screen.getByTestId('notification').textContent).toContain('Second')
    expect(screen.getByText('+1 more')).toBeTruthy()
    act(() => void vi.advanceTimersByTime(4100))
    expect(screen.queryByText('+1 more')).toBeNull()
    act(() => void vi.advanceTimersByTime(4000))
    expect(screen.queryByTestId('notification-strip')).toBeNull()
  })
})

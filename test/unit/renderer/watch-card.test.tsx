// @vitest-environment happy-dom
// "Keep this folder in sync" as the window shows it, through React Testing Library over the fake main process:
// disabled with the reason and the way out (Key screen, choose a folder); the key choice sent as chosen; the
// watch's state, problem and reports; the manual sync buttons waiting while it runs, saying why; the header's
// "unlocked while syncing"; the tray and login switches in Settings.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultSettings, watchOff, type KeyState, type WatchStateView } from '../../../src/shared/ipc'
import { HeaderStatus } from '../../../src/renderer/src/app/HeaderStatus'
import { DownloadsScreen } from '../../../src/renderer/src/screens/Downloads/DownloadsScreen'
import { WATCHING_REASON } from '../../../src/renderer/src/screens/Downloads/watchView'
import { PurchasesScreen } from '../../../src/renderer/src/screens/Purchases/PurchasesScreen'
import { BackgroundSettings } from '../../../src/renderer/src/screens/Settings/BackgroundSettings'
import { account, fakeMain, file, ok, renderWithApp, snapshot } from './fake-main'

afterEach(cleanup)

const session = { account, apiUrl: 'http://127.0.0.1:1', method: 'wallet' as const }
const key = (state: KeyState['state'], extra: Partial<KeyState> = {}): KeyState => ({ state, publicKey: 'cHVi', autoLockAt: null, keyringPublicKeys: [], keyringUnlocked: state === 'unlocked', ...extra })
const folder = '/home/alice/NumerBay'
const settings = { ...defaultSettings, downloadDir: folder }

function watching(overrides: Partial<WatchStateView> = {}): WatchStateView {
  return { ...watchOff(), state: 'watching', destination: folder, keepUnlocked: true, intervalMs: 120_000, ...overrides }
}

function downloads(main: ReturnType<typeof fakeMain>, navigated: string[] = []) {
  return renderWithApp(main, <DownloadsScreen onNavigate={(id) => navigated.push(id)} />)
}

const toggle = (): HTMLButtonElement => screen.getByTestId('watch-toggle') as HTMLButtonElement

describe('Keep this folder in sync', () => {
  it('with the key locked it cannot start, says why, and leads to the Key screen', async () => {
    const navigated: string[] = []
    downloads(fakeMain({ session, settings, keyState: key('locked') }), navigated)
    // The live state arrives a moment after the first render (signed out until then): wait for this reason.
    const blocked = await waitFor(() => {
      const shown = screen.getByTestId('watch-blocked')
      expect(shown.textContent).toContain('Unlock your key first: watching decrypts each new file as it arrives.')
      return shown
    })
    expect(toggle().disabled).toBe(true)
    expect(toggle().getAttribute('aria-label')).toContain('(Unlock your key first')
    fireEvent.click(within(blocked).getByRole('button', { name: 'Go to the Key screen' }))
    expect(navigated).toEqual(['key'])
  })

  it('with no download folder it offers to choose one, through main\'s dialog, and saves it', async () => {
    const main = fakeMain(
      { session, settings: defaultSettings, keyState: key('unlocked') },
      { chooseFolder: () => ok({ path: '/picked' }), updateSettings: () => ok({ ...defaultSettings, downloadDir: '/picked' }) },
    )
    downloads(main)
    // The live state arrives a moment after the first render (signed out until then): wait for this reason.
    const blocked = await waitFor(() => {
      const shown = screen.getByTestId('watch-blocked')
      expect(shown.textContent).toContain('Choose a download folder first')
      return shown
    })
    expect(toggle().disabled).toBe(true)
    fireEvent.click(within(blocked).getByRole('button', { name: 'Choose a folder' }))
    await waitFor(() => expect(main.calls.map((call) => call.name)).toEqual(['chooseFolder', 'updateSettings']))
    expect(main.calls[1]!.args).toEqual({ downloadDir: '/picked' })
  })

  it('while a sync by hand writes into the folder it waits, with nothing to press, and can start once that sync ends', async () => {
    const main = fakeMain({ session, settings, keyState: key('unlocked'), downloads: snapshot([file({ name: 'a.csv', state: 'downloading' })], { running: true, destination: folder }) })
    downloads(main)
    // The live state arrives a moment after the first render (signed out until then): wait for this reason.
    const blocked = await waitFor(() => {
      const shown = screen.getByTestId('watch-blocked')
      expect(shown.textContent).toContain('A sync is writing into the folder now')
      return shown
    })
    expect(within(blocked).queryByRole('button')).toBeNull()
    expect(toggle().disabled).toBe(true)
    main.emit('downloads', snapshot([file({ name: 'a.csv', state: 'done' })], { running: false, destination: folder }))
    await waitFor(() => expect(screen.queryByTestId('watch-blocked')).toBeNull())
    expect(toggle().disabled).toBe(false)
  })

  it('starts with the key choice as ticked (off unless chosen), and names no folder or program', async () => {
    const main = fakeMain({ session, settings, keyState: key('unlocked') }, { startWatch: () => ok(watching()) })
    downloads(main)
    await waitFor(() => expect(toggle().disabled).toBe(false))
    const box = screen.getByRole('checkbox', { name: 'Keep my key unlocked while syncing' }) as HTMLInputElement
    expect(box.checked).toBe(false)
    expect(screen.getByTestId('watch-card').textContent).toContain('Auto-lock pauses while the folder is kept in sync and resumes when syncing stops')
    expect(screen.getByTestId('watch-card').textContent).toContain('files sealed to your key wait')
    fireEvent.click(box)
    fireEvent.click(toggle())
    await waitFor(() => expect(main.calls).toEqual([{ name: 'startWatch', args: { keepUnlocked: true } }]))
  })

  it('a refused start is shown in the card with its action', async () => {
    const refused = { code: 'VAULT_LOCKED' as const, message: 'Unlock your key first: watching decrypts each new file as it arrives.', action: 'Unlock it by signing with your wallet.' }
    const main = fakeMain({ session, settings, keyState: key('unlocked') }, { startWatch: () => ({ ok: false, error: refused }) })
    downloads(main)
    await waitFor(() => expect(toggle().disabled).toBe(false))
    fireEvent.click(toggle())
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Unlock it by signing with your wallet.')
  })

  it('while watching: next and last check, the round, waiting and missed orders, the reports newest last; stop', async () => {
    const now = Date.now()
    const state = watching({
      lastCheckAt: now - 30_000,
      nextCheckAt: now + 90_000,
      round: 520,
      filesThisRound: 3,
      waiting: [{ orderId: 105, productName: 'gamma', sinceMs: 600_000 }],
      missed: [{ orderId: 99, productName: 'delta', round: 519 }],
      recent: [
        { at: now - 60_000, kind: 'info', text: `Keeping ${folder} in sync: checking now, then every 120 s.` },
        { at: now - 30_000, kind: 'new-file', text: 'new file  alpha/520/a.csv (1.00 KiB, sha256 ab12)' },
      ],
    })
    const main = fakeMain({ session, settings, keyState: key('unlocked', { keptUnlockedForSync: true }), watchState: state }, { stopWatch: () => ok(watchOff()) })
    downloads(main)
    expect((await screen.findByTestId('watch-next-check')).textContent).toMatch(/^In 1 min$|^In [0-9]+ s$/)
    expect(screen.getByTestId('watch-last-check').textContent).toBe('30 s ago')
    expect(screen.getByTestId('watch-round').textContent).toBe('Round 520: 3 files received')
    expect(screen.getByTestId('watch-waiting').textContent).toContain('gamma (order 105): no file from the seller yet, for 10 min')
    expect(screen.getByTestId('watch-missed').textContent).toContain('delta (order 99): no file arrived in round 519')
    const log = screen.getByRole('log', { name: 'Reports' })
    expect(log.getAttribute('aria-live')).toBe('polite')
    const lines = within(log).getAllByTestId('watch-line').map((line) => line.textContent)
    expect(lines.at(-1)).toContain('new file  alpha/520/a.csv (1.00 KiB, sha256 ab12)')
    // The choice it was started with is shown, and cannot change while it runs.
    const box = screen.getByRole('checkbox', { name: 'Keep my key unlocked while syncing' }) as HTMLInputElement
    expect(box.checked).toBe(true)
    expect(box.disabled).toBe(true)
    expect(screen.getByTestId('watch-hooks-note').textContent).toContain('--exec')

    // A new report arrives: it is the last line.
    main.emit('watchState', { ...state, recent: [...state.recent, { at: now, kind: 'new-file', text: 'new file  alpha/520/late.csv (22 B, sha256 cd34)' }] })
    expect(within(log).getAllByTestId('watch-line').at(-1)!.textContent).toContain('new file  alpha/520/late.csv (22 B, sha256 cd34)')

    // Its reports say what arrived: no "No downloads yet" beside them.
    expect(screen.queryByTestId('downloads-empty')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'Stop syncing' }))
    await waitFor(() => expect(main.calls.map((call) => call.name)).toEqual(['stopWatch']))
  })

  it('shows the last problem with its action and the step that fixes it', async () => {
    const navigated: string[] = []
    const problem = { code: 'API_SESSION_EXPIRED', message: 'Your NumerBay sign-in has expired.', action: 'Sign in again.' }
    downloads(fakeMain({ session, settings, keyState: key('unlocked'), watchState: watching({ lastProblem: problem, nextCheckAt: Date.now() + 30_000 }) }), navigated)
    const notice = await screen.findByTestId('watch-problem')
    expect(notice.textContent).toContain('Your NumerBay sign-in has expired.')
    expect(notice.textContent).toContain('Sign in again.')
    expect(notice.textContent).toContain('tried again at the next check')
    fireEvent.click(within(notice).getByRole('button', { name: 'Sign in again' }))
    expect(navigated).toEqual(['sign-in'])
  })

  it('while watching, "Sync again" and "Retry all failed" are disabled and say why', async () => {
    const files = [file({ name: 'a.csv' }), file({ name: 'b.csv', state: 'failed', error: { code: 'DOWNLOAD_NETWORK', message: 'Lost.', action: 'Retry.' } })]
    const main = fakeMain({ session, settings, keyState: key('unlocked'), downloads: snapshot(files, { canSyncAgain: true }), watchState: watching() })
    downloads(main)
    const again = (await screen.findByTestId('sync-again')) as HTMLButtonElement
    expect(again.disabled).toBe(true)
    expect(again.title).toBe(WATCHING_REASON)
    expect((screen.getByTestId('retry-all-failed') as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByTestId('sync-blocked-note').textContent).toBe(WATCHING_REASON)
    // Once watching stops they are back.
    main.emit('watchState', watchOff())
    await waitFor(() => expect((screen.getByTestId('sync-again') as HTMLButtonElement).disabled).toBe(false))
    expect(screen.queryByTestId('sync-blocked-note')).toBeNull()
  })

  it('on Purchases, the sync buttons and the folder wait while watching, saying why', async () => {
    const main = fakeMain({ session, settings, keyState: key('unlocked'), watchState: watching() }, { listOrders: () => ok({ sellingRound: 520, orders: [] }) })
    renderWithApp(main, <PurchasesScreen onNavigate={() => undefined} />)
    await screen.findByTestId('sync-running-note')
    expect((screen.getByTestId('sync-all') as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByTestId('sync-all').title).toBe(WATCHING_REASON)
    expect(screen.getByTestId('destination-locked').textContent).toBe(WATCHING_REASON)
  })
})

describe('the header', () => {
  it('says "unlocked while syncing" instead of the countdown while the key is kept unlocked, and the countdown after', async () => {
    const main = fakeMain({ session, keyState: key('unlocked', { keptUnlockedForSync: true }) })
    renderWithApp(main, <HeaderStatus onNavigate={() => undefined} />)
    expect((await screen.findByTestId('header-kept-unlocked')).textContent).toBe('unlocked while syncing')
    expect(screen.queryByTestId('auto-lock-countdown')).toBeNull()
    main.emit('keyState', key('unlocked', { autoLockAt: Date.now() + 15 * 60_000 }))
    expect((await screen.findByTestId('auto-lock-countdown')).textContent).toMatch(/^locks in 1[45]:[0-9]{2}$/)
    expect(screen.queryByTestId('header-kept-unlocked')).toBeNull()
  })
})

describe('Settings: syncing in the background', () => {
  it('saves the tray and start-at-login switches, and says the browser preview has no tray', async () => {
    const main = fakeMain(
      { settings: defaultSettings },
      {
        getAppInfo: () => ok({ name: 'NumerBay Desktop', version: '0', platform: 'linux', shell: 'preview' }),
        updateSettings: (patch) => ok({ ...defaultSettings, ...(patch as object) }),
      },
    )
    renderWithApp(main, <BackgroundSettings settings={defaultSettings} />)
    const tray = screen.getByRole('switch', { name: 'Keep running in the tray while syncing' }) as HTMLInputElement
    const login = screen.getByRole('switch', { name: 'Start at login, hidden in the tray' }) as HTMLInputElement
    expect(tray.checked).toBe(true)
    expect(login.checked).toBe(false)
    fireEvent.click(login)
    await waitFor(() => expect(main.calls.filter((call) => call.name === 'updateSettings').map((call) => call.args)).toEqual([{ openAtLogin: true }]))
    // The switches wait while a change is saved; the next click counts once that save has answered.
    await waitFor(() => expect(tray.disabled).toBe(false))
    fireEvent.click(tray)
    await waitFor(() => expect(main.calls.filter((call) => call.name === 'updateSettings').map((call) => call.args)).toEqual([{ openAtLogin: true }, { keepInTray: false }]))
    expect((await screen.findByTestId('settings-background-preview')).textContent).toContain('no tray')
  })
})

// The app tells the truth under stress, through the real UI against a demo server this test controls: bad
// destination folders are refused within 2 s, each with its own words; a sync with a locked key asks to unlock
// through the Ledger, and when that is declined the sealed files wait (paused, never skipped) until "Unlock and
// continue"; a server killed mid-sync shows the retrying state within 10 s while the speed falls to zero.
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DemoServerHandle } from '../../src/demo-server'
import { startTestDemoServer } from '../helpers/demo-server'
import { blocking, describeViolations, runAxe } from './support/axe'
import { launchBrowser, openApp, waitFor, type App, type BrowserHandle } from './support/app'
import { expectedDemoSyncHashes, hashTree } from './support/files'

/** Mounting needs root on Linux (CI runs the suite as root in its container). */
const canMount = process.platform === 'linux' && process.getuid?.() === 0

describe('under stress', () => {
  let browser: BrowserHandle
  let demo: DemoServerHandle
  let demoClosed = false
  let app: App
  const mounts: string[] = []

  beforeAll(async () => {
    demo = await startTestDemoServer()
    browser = await launchBrowser()
    app = await openApp(browser.browser, { demo })
    // Signed in, the key left locked.
    const { page } = app
    await app.go('connect')
    await waitFor(() => page.getByTestId('current-signer').getAttribute('data-kind'), (kind) => kind === 'ledger')
    await app.go('sign-in')
    await page.getByTestId('sign-in-wallet').click()
    await page.getByTestId('account-username').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('account-next-step').textContent()).toBe('Unlock your key')
  }, 120_000)

  afterAll(async () => {
    // Unmounted first: the app's scratch folder, which holds them, is removed when it closes.
    for (const dir of mounts) {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' })
      } catch {
        // already gone
      }
    }
    await app?.close()
    await browser?.close()
    if (!demoClosed) await demo?.close()
  })

  /** Picks `folder` as the destination on Purchases and presses "Sync all active". */
  async function syncInto(folder: string): Promise<void> {
    const { page, preview } = app
    await app.go('purchases')
    await page.getByTestId('orders-table').waitFor({ timeout: 20_000 })
    preview.dialogs.answer('folder', folder)
    await page.getByTestId('destination').getByRole('button', { name: /Choose|Change/ }).click()
    await waitFor(() => page.getByTestId('destination-path').getAttribute('data-path'), (path) => path === folder)
    await page.getByTestId('sync-all').click()
  }

  /** The inline error under the destination, within 2 s of pressing Sync: its code and its words. */
  async function refusal(folder: string): Promise<{ code: string | null; text: string | null; ms: number }> {
    const { page } = app
    await syncInto(folder)
    const started = Date.now()
    const notice = page.getByTestId('destination').locator('..').locator('[data-error-code]')
    await notice.waitFor({ timeout: 2_000 })
    const ms = Date.now() - started
    return { code: await notice.getAttribute('data-error-code'), text: await notice.textContent(), ms }
  }

  function mountTmpfs(dir: string, options: string): void {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' })
    mounts.push(dir)
  }

  it('refuses a folder that cannot be created (/proc/nope) at once, instead of spinning', async () => {
    const result = await refusal('/proc/nope')
    expect(result).toMatchObject({ code: 'FOLDER_NOT_CREATABLE' })
    expect(result.text).toContain('A folder cannot be created in /proc.')
    expect(result.ms).toBeLessThan(2_000)
    expect(await app.page.getByTestId('sync-all').getAttribute('data-loading')).toBeNull()
  })

  it('says a file chosen as the folder is a file, not that it "already exists"', async () => {
    const path = join(app.workDir, 'notes.txt')
    await writeFile(path, 'not a folder')
    const result = await refusal(path)
    expect(result.code).toBe('NOT_A_DIRECTORY')
    expect(result.text).toContain(`${path} is a file, not a folder.`)
    expect(result.text).not.toContain('Already exists')
    await app.shot('purchases-bad-destination')
  })

  it.runIf(canMount)('says a read-only disk is read-only, not "Not found"', async () => {
    const dir = join(app.workDir, 'cdrom')
    await mkdir(dir)
    mountTmpfs(dir, 'ro,size=64k')
    const result = await refusal(join(dir, 'purchases'))
    expect(result.code).toBe('FOLDER_READ_ONLY')
    expect(result.text).toContain('is on a read-only disk')
    expect(result.text).not.toContain('Not found')
  })

  it.runIf(canMount)('refuses a disk without room for the planned files before anything is written', async () => {
    const dir = join(app.workDir, 'tiny')
    await mkdir(dir)
    mountTmpfs(dir, 'size=256k')
    const result = await refusal(dir)
    expect(result.code).toBe('FOLDER_NO_ROOM')
    expect(result.text).toMatch(/Not enough free space in .*: the files to fetch need about [\d.]+ MiB, and [\d.]+ KiB is free\./)
    expect(await hashTree(dir)).toEqual(new Map())
  })

  it('a sync with a locked key asks to unlock on the Ledger; declined, the sealed files wait, never skipped', async () => {
    const { page, ledger } = app
    const out = join(app.workDir, 'locked')
    await mkdir(out)
    // The person takes their time on the device…
    ledger.confirmDelayMs = 6_000
    ledger.setMode('slow')
    await syncInto(out)
    await page.locator('[data-screen-view="downloads"]').waitFor()
    // The unlock is asked for through the current signer, on the Downloads screen.
    const prompt = page.getByTestId('confirm-on-device')
    await waitFor(() => prompt.textContent(), (text) => text?.includes('Confirm on your Ledger') ?? false)
    // …and declines (the emulator answers when its delay ends, by the mode it is in then).
    ledger.setMode('reject')
    expect(await page.getByTestId('downloads-headline').textContent()).toBe('Waiting for your signature to unlock your key…')
    await app.shot('downloads-unlock-prompt', { fullPage: true })
    const notice = page.getByTestId('key-wait-notice')
    await notice.waitFor({ timeout: 20_000 })
    expect(await notice.getAttribute('data-error-code')).toBe('SIGNER_REJECTED')
    expect(await notice.textContent()).toContain('They are paused, not skipped')
    await waitFor(() => page.getByTestId('downloads-headline').textContent(), (text) => text === '4 files wait for your key')
    const waiting = page.locator('[data-testid="download-file"][data-state="paused"]')
    expect(await waiting.count()).toBe(4)
    expect(await page.locator('[data-testid="download-file"][data-state="skipped"] [data-testid="file-skip-reason"]', { hasText: 'not sealed to your key' }).count()).toBe(0)
    // The unencrypted product's file needs no key: it is done.
    expect(await page.locator('[data-testid="download-file"][data-state="done"]').count()).toBe(1)
    expect(await page.getByTestId('downloads-overall').getAttribute('data-complete')).toBe('false')
    expect(blocking(await runAxe(page)), describeViolations(blocking(await runAxe(page)))).toEqual([])
    await app.shot('downloads-key-waiting', { fullPage: true })

    // Unlock and continue: approved this time, every file arrives.
    ledger.confirmDelayMs = undefined
    ledger.setMode('ready')
    await waitFor(() => page.getByTestId('header-signer').textContent(), (text) => text?.includes('Ready') ?? false)
    await page.getByTestId('unlock-and-continue').click()
    await waitFor(() => page.getByTestId('downloads-overall').getAttribute('data-complete'), (complete) => complete === 'true', 60_000)
    expect(await page.getByTestId('downloads-headline').textContent()).toBe('All files are ready')
    const expected = await expectedDemoSyncHashes()
    expect([...(await hashTree(out)).values()].sort()).toEqual([...expected.values()].sort())
  })

  it('a server killed mid-sync: retrying within 10 s, speed falls to zero, no time left claimed', async () => {
    const { page } = app
    const out = join(app.workDir, 'killed')
    await mkdir(out)
    // About 2.3 MB at 150 kB/s: long enough to be killed mid-way.
    demo.faults.throttle(150_000)
    await syncInto(out)
    await page.locator('[data-screen-view="downloads"]').waitFor()
    const speed = page.getByTestId('downloads-speed')
    await waitFor(() => speed.textContent(), (text) => text !== null && /[1-9]/.test(text) && text.endsWith('/s'), 20_000)
    const killedAt = Date.now()
    demoClosed = true
    await demo.close()

    const notice = page.getByTestId('connection-notice')
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.textContent()).toMatch(/Connection lost, retrying (in \d+ s|now) \(attempt \d+\)/)
    expect(await notice.textContent()).toMatch(/Marked failed if no data arrives within \d/)
    expect(Date.now() - killedAt).toBeLessThan(10_000)
    expect(await page.locator('[data-testid="download-file"][data-retrying="true"]').count()).toBeGreaterThan(0)
    await waitFor(() => speed.textContent(), (text) => text === '0 B/s', Math.max(1, 10_000 - (Date.now() - killedAt)))
    expect(await page.getByTestId('downloads-eta').textContent()).toBe('—')
    expect(Date.now() - killedAt).toBeLessThan(10_000)
    expect(await page.getByRole('button', { name: 'Retry now' }).isVisible()).toBe(true)
    expect(blocking(await runAxe(page)), describeViolations(blocking(await runAxe(page)))).toEqual([])
    await app.shot('downloads-connection-lost', { fullPage: true })
  })
})

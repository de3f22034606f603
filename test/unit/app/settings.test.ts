import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src/shared/ipc/settings'
import { SettingsStore } from '../../../src/main/settings/store'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settings-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('settings store', () => {
  it('starts from the defaults and persists updates atomically, owner-only', async () => {
    const store = new SettingsStore({ dataDir: dir })
    expect(await store.load()).toEqual(defaultSettings)
    const seen: unknown[] = []
    store.onChange((settings) => seen.push(settings.concurrency))
    await store.update({ concurrency: 8, theme: 'dark' })
    const again = new SettingsStore({ dataDir: dir })
    expect(await again.load()).toEqual({ ...defaultSettings, concurrency: 8, theme: 'dark' })
    expect(seen).toEqual([8])
    expect((await stat(store.file)).mode & 0o777).toBe(0o600)
  })

  it('uses a session-only value (the in-app demo server URL) without writing it, until the person chooses', async () => {
    const store = new SettingsStore({ dataDir: dir })
    await store.load()
    await store.update({ theme: 'dark' })
    const demoUrl = 'http://127.0.0.1:45678/backend-api/v1'
    expect(store.useForThisSession({ apiUrl: demoUrl }).apiUrl).toBe(demoUrl)
    await store.update({ concurrency: 2 })
    expect(store.get()).toMatchObject({ apiUrl: demoUrl, concurrency: 2 })
    // A restart is back on the saved server, with the other changes kept.
    const restarted = new SettingsStore({ dataDir: dir })
    expect(await restarted.load()).toEqual({ ...defaultSettings, theme: 'dark', concurrency: 2 })
    // Choosing a server explicitly replaces the session value and is saved.
    await store.update({ apiUrl: 'https://example.org/backend-api/v1' })
    expect(store.get().apiUrl).toBe('https://example.org/backend-api/v1')
    expect(JSON.parse(await readFile(store.file, 'utf8')).apiUrl).toBe('https://example.org/backend-api/v1')
  })

  it('keeps valid fields of a damaged file and says what was wrong', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ concurrency: 999, theme: 'dark', apiUrl: 'ftp://x', unknown: 1 }))
    const store = new SettingsStore({ dataDir: dir })
    expect(await store.load()).toEqual({ ...defaultSettings, theme: 'dark' })
    expect(store.loadProblem).toMatch(/invalid/)
    await writeFile(join(dir, 'settings.json'), '{not json')
    const broken = new SettingsStore({ dataDir: dir })
    expect(await broken.load()).toEqual(defaultSettings)
    expect(broken.loadProblem).toBe('not JSON')
  })

  it('refuses invalid updates and leaves the file alone', async () => {
    const store = new SettingsStore({ dataDir: dir, environment: { apiUrl: 'http://127.0.0.1:9/backend-api/v1' } })
    await store.load()
    expect(store.get().apiUrl).toBe('http://127.0.0.1:9/backend-api/v1')
    await expect(store.update({ autoLockMinutes: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(store.update({ bogus: true } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(readFile(store.file)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

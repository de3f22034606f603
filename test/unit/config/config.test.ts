// One precedence for every setting, for the app and the CLI: flag > environment > settings file > default.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../../src/main/config/config'
import { ENVIRONMENT_VARIABLES, readEnvironment } from '../../../src/main/config/environment'
import { createBackend } from '../../../src/main/desktop/backend'
import { ScriptedDialogs } from '../../../src/main/preview/dialogs'
import { SettingsStore } from '../../../src/main/settings/store'
import { defaultSettings } from '../../../src/shared/ipc/settings'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const FLAG = 'https://flag.example/backend-api/v1'
const ENV = 'https://env.example/backend-api/v1'
const FILE = 'https://file.example/backend-api/v1'

describe('configuration', () => {
  it('takes each setting from the flag, else the environment, else the settings file, else the default', () => {
    const environment = readEnvironment({ NUMERBAY_API_URL: ENV, NUMERBAY_WC_PROJECT_ID: 'env-id', NUMERBAY_DATA_DIR: dir })
    const file = { apiUrl: FILE, walletConnectProjectId: 'file-id', concurrency: 8 }
    expect(resolveConfig({ environment, file, flags: { apiUrl: FLAG } }).settings).toMatchObject({ apiUrl: FLAG, walletConnectProjectId: 'env-id', concurrency: 8 })
    expect(resolveConfig({ environment, file }).settings.apiUrl).toBe(ENV)
    const bare = readEnvironment({ NUMERBAY_DATA_DIR: dir })
    expect(resolveConfig({ environment: bare, file }).settings).toMatchObject({ apiUrl: FILE, walletConnectProjectId: 'file-id' })
    expect(resolveConfig({ environment: bare }).settings).toEqual(defaultSettings)
    expect(resolveConfig({ environment, file }).fromEnvironment).toEqual({ apiUrl: 'NUMERBAY_API_URL', walletConnectProjectId: 'NUMERBAY_WC_PROJECT_ID' })
    expect(resolveConfig({ environment, file, flags: { apiUrl: FLAG } }).fromEnvironment).toEqual({ walletConnectProjectId: 'NUMERBAY_WC_PROJECT_ID' })
  })

  it('reads every NUMERBAY_* variable in one place, and names a malformed one', () => {
    const environment = readEnvironment({
      NUMERBAY_API_URL: ` ${ENV} `,
      NUMERBAY_DATA_DIR: dir,
      NUMERBAY_KEY_PATH: 'k.json',
      NUMERBAY_PASSWORD: ' spaced ',
      NUMERBAY_WC_RELAY_URL: 'ws://127.0.0.1:9',
      NUMERBAY_WC_RELAY_TIMEOUT_MS: '1500',
      NUMERBAY_LEDGER_TRANSPORT: 'hid',
      NUMERBAY_DEBUG: '1',
      UNRELATED: 'x',
    })
    expect(environment).toEqual({
      apiUrl: ENV,
      dataDir: dir,
      keyPath: 'k.json',
      password: ' spaced ',
      walletConnectRelayUrl: 'ws://127.0.0.1:9',
      walletConnectRelayTimeoutMs: 1500,
      ledgerTransport: 'hid',
      debug: true,
    })
    expect(Object.keys(ENVIRONMENT_VARIABLES)).toContain('NUMERBAY_WC_RELAY_TIMEOUT_MS')
    expect(() => readEnvironment({ NUMERBAY_WC_RELAY_TIMEOUT_MS: 'soon' })).toThrow(/NUMERBAY_WC_RELAY_TIMEOUT_MS/)
    expect(() => resolveConfig({ environment: readEnvironment({ NUMERBAY_API_URL: 'ftp://x' }) })).toThrow(/NUMERBAY_API_URL/)
  })

  it('the app keeps environment values over its file and refuses to change them, but a choice for this run wins', async () => {
    const store = new SettingsStore({ dataDir: dir, environment: { apiUrl: ENV } })
    await store.load()
    expect(store.get().apiUrl).toBe(ENV)
    expect(store.fromEnvironment()).toEqual({ apiUrl: 'NUMERBAY_API_URL' })
    await expect(store.update({ apiUrl: FILE })).rejects.toMatchObject({ code: 'SETTING_FROM_ENVIRONMENT', detail: 'NUMERBAY_API_URL' })
    await store.update({ concurrency: 2 })
    expect(store.useForThisSession({ apiUrl: FLAG }).apiUrl).toBe(FLAG)
  })

  it('the desktop app honours NUMERBAY_API_URL, as documented', async () => {
    const backend = await createBackend({
      dataDir: dir,
      dialogs: new ScriptedDialogs(),
      shell: { openExternal: async () => undefined, openPath: async () => undefined },
      info: { name: 't', version: '0', platform: 'linux', shell: 'preview' },
      services: {},
      environment: readEnvironment({ NUMERBAY_API_URL: ENV, NUMERBAY_DATA_DIR: dir }),
    })
    try {
      expect(await backend.dispatch('getSession', undefined)).toMatchObject({ ok: true, value: { apiUrl: ENV } })
      expect(await backend.dispatch('updateSettings', { apiUrl: FILE })).toMatchObject({ ok: false, error: { code: 'SETTING_FROM_ENVIRONMENT' } })
    } finally {
      await backend.close()
    }
  })
})

// The app's settings file (settings.json in the data folder): read by the app and the CLI, written by the app only.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { defaultSettings, settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../shared/ipc/settings'
import { AppError } from '../../shared/errors'
import { removeStaleTemps, writeFileAtomic } from '../fs/atomic-file'
import { resolveSettings, type ResolvedSettings, type SettingsLayers } from '../config/config'

export const SETTINGS_FILE_NAME = 'settings.json'

export interface SettingsStoreOptions {
  /** The app's data folder (created by the caller, owner-only). */
  readonly dataDir: string
  /** What the environment sets (NUMERBAY_API_URL, NUMERBAY_WC_PROJECT_ID): it wins over the file. */
  readonly environment?: Partial<SettingsLayers['environment']>
}

type Listener = (settings: Settings) => void

/**
 * Settings as JSON in the data folder. A missing or damaged file (or field) falls back to the defaults,
 * field by field, so one bad value never loses the rest. Writes are atomic. What the app uses follows the
 * one precedence of src/main/config: a value chosen for this run, then the environment, then the file.
 */
export class SettingsStore {
  readonly file: string
  /** What the file holds (and what update() writes). */
  #current: Settings
  /** Values for this run only, never written: the in-app demo server's URL dies with the app, so it must not persist. */
  #session: Partial<Settings> = {}
  #loadProblem: string | null = null
  readonly #listeners = new Set<Listener>()
  readonly #environment: SettingsLayers['environment']
  #writing: Promise<void> = Promise.resolve()

  constructor(options: SettingsStoreOptions) {
    this.file = join(options.dataDir, SETTINGS_FILE_NAME)
    this.#environment = { dataDir: options.dataDir, debug: false, ...options.environment }
    this.#current = { ...defaultSettings }
  }

  /** Why the file could not be used as is (null when it was fine or absent). */
  get loadProblem(): string | null {
    return this.#loadProblem
  }

  async load(): Promise<Settings> {
    await removeStaleTemps([this.file])
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#loadProblem = 'unreadable'
      return this.get()
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      this.#loadProblem = 'not JSON'
      return this.get()
    }
    this.#current = mergeValidFields({ ...defaultSettings }, raw, (field) => {
      this.#loadProblem = `invalid ${field}`
    })
    return this.get()
  }

  #resolved(): ResolvedSettings {
    return resolveSettings({ flags: this.#session, environment: this.#environment, file: this.#current })
  }

  get(): Settings {
    return this.#resolved().settings
  }

  /** The settings the environment decides now (the app shows them, and cannot change them). */
  fromEnvironment(): ResolvedSettings['fromEnvironment'] {
    return this.#resolved().fromEnvironment
  }

  /** Uses `values` until the app quits without writing them; a later update() of the same field replaces them. */
  useForThisSession(values: Partial<Settings>): Settings {
    this.#session = { ...this.#session, ...settingsPatchSchema.parse(values) }
    const merged = this.get()
    for (const listener of this.#listeners) listener(merged)
    return merged
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const parsed = settingsPatchSchema.safeParse(patch)
    if (!parsed.success) {
      throw new AppError('INVALID_ARGUMENT', { detail: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') })
    }
    const pinned = this.fromEnvironment()
    for (const field of Object.keys(parsed.data) as (keyof Settings)[]) {
      const variable = pinned[field]
      if (variable && parsed.data[field] !== this.get()[field]) throw new AppError('SETTING_FROM_ENVIRONMENT', { message: `${variable} sets this for the running app.`, detail: variable })
    }
    const next = settingsSchema.parse({ ...this.#current, ...parsed.data })
    this.#current = next
    // What the person chose now wins over a session-only value, and is kept.
    for (const field of Object.keys(parsed.data) as (keyof Settings)[]) delete this.#session[field]
    // Serialise writes so two quick updates cannot land out of order.
    const write = this.#writing.then(() => writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`, { overwrite: true }))
    this.#writing = write.catch(() => undefined)
    await write
    const merged = this.get()
    for (const listener of this.#listeners) listener(merged)
    return merged
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

function mergeValidFields(base: Settings, raw: unknown, onInvalid: (field: string) => void): Settings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    onInvalid('file')
    return base
  }
  const merged: Record<string, unknown> = { ...base }
  const shape = settingsSchema.shape
  for (const [field, value] of Object.entries(raw)) {
    if (!(field in shape)) continue
    const result = shape[field as keyof typeof shape].safeParse(value)
    if (result.success) merged[field] = result.data
    else onInvalid(field)
  }
  return settingsSchema.parse(merged)
}

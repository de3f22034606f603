import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { defaultSettings, settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../shared/ipc/settings'
import { AppError } from '../../shared/errors'
import { writeFileAtomic } from '../fs/atomic-file'

export const SETTINGS_FILE_NAME = 'settings.json'

export interface SettingsStoreOptions {
  /** The app's data folder (created by the caller, owner-only). */
  readonly dataDir: string
  /** Values that win over the defaults when the file does not set them (e.g. NUMERBAY_API_URL in development). */
  readonly overrides?: Partial<Settings>
}

type Listener = (settings: Settings) => void

/**
 * Settings as JSON in the data folder. A missing or damaged file (or field) falls back to the defaults,
 * field by field, so one bad value never loses the rest. Writes are atomic.
 */
export class SettingsStore {
  readonly file: string
  /** What the file holds (and what update() writes). */
  #current: Settings
  /** Values for this run only, never written: the in-app demo server's URL dies with the app, so it must not persist. */
  #session: Partial<Settings> = {}
  #loadProblem: string | null = null
  readonly #listeners = new Set<Listener>()
  readonly #overrides: Partial<Settings>
  #writing: Promise<void> = Promise.resolve()

  constructor(options: SettingsStoreOptions) {
    this.file = join(options.dataDir, SETTINGS_FILE_NAME)
    this.#overrides = options.overrides ?? {}
    this.#current = { ...defaultSettings, ...this.#overrides }
  }

  /** Why the file could not be used as is (null when it was fine or absent). */
  get loadProblem(): string | null {
    return this.#loadProblem
  }

  async load(): Promise<Settings> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#loadProblem = 'unreadable'
      return this.#current
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      this.#loadProblem = 'not JSON'
      return this.#current
    }
    this.#current = mergeValidFields({ ...defaultSettings, ...this.#overrides }, raw, (field) => {
      this.#loadProblem = `invalid ${field}`
    })
    return this.#current
  }

  get(): Settings {
    return { ...this.#current, ...this.#session }
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

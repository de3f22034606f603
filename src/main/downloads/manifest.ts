// The sync's record in the output folder (<out>/.numerbay-sync.json): each artifact's state, size and plaintext
// SHA-256, so that a re-run skips finished files and an interrupted run resumes. It holds no secrets.

import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { MANIFEST_FILE_NAME, MANIFEST_VERSION, manifestSchema, type HookRecord, type Manifest, type ManifestEntry } from '../../shared/downloads'
import { writeFileAtomic } from '../fs/atomic-file'
import { fsError } from '../fs/fs-errors'
import { isSafeRelativePath } from './planner'
import { targetPathFor } from './paths'

// A record naming a path this app would not write is damaged as a whole (set aside, never trusted).
const storedManifestSchema = manifestSchema.refine(
  (manifest) => Object.values(manifest.entries).every((entry) => isSafeRelativePath(entry.relativePath)),
  'not a path this app writes',
)

export function manifestPath(outDir: string): string {
  return join(outDir, MANIFEST_FILE_NAME)
}

export interface ManifestLoad {
  readonly manifest: Manifest
  /** Set when a damaged manifest was moved aside (its new name). */
  readonly setAside?: string
}

/**
 * Reads the manifest; a missing one is empty, a damaged one is renamed aside (never silently overwritten) or,
 * `readOnly` (a dry run), just ignored.
 */
export async function loadManifest(outDir: string, now: () => Date = () => new Date(), readOnly = false): Promise<ManifestLoad> {
  const path = manifestPath(outDir)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { manifest: emptyManifest(now) }
    throw fsError(error, path)
  }
  let parsed: ReturnType<typeof storedManifestSchema.safeParse>
  try {
    parsed = storedManifestSchema.safeParse(JSON.parse(text))
  } catch {
    parsed = storedManifestSchema.safeParse(undefined)
  }
  if (parsed.success) {
    // Entries are keyed by their own key; a hand-edited mismatch is dropped rather than trusted.
    const entries = Object.fromEntries(Object.entries(parsed.data.entries).filter(([key, entry]) => key === entry.key))
    return { manifest: { ...parsed.data, entries } }
  }
  if (readOnly) return { manifest: emptyManifest(now) }
  const setAside = `${path}.damaged-${now().getTime()}`
  await rename(path, setAside).catch((error) => {
    throw fsError(error, path)
  })
  return { manifest: emptyManifest(now), setAside }
}

function emptyManifest(now: () => Date): Manifest {
  return { version: MANIFEST_VERSION, updatedAt: now().toISOString(), entries: {} }
}

/** The same JSON value, whatever the order of object keys (`updatedAt` aside). */
function sameContent(a: Omit<ManifestEntry, 'updatedAt'>, b: ManifestEntry): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).filter(([key, v]) => key !== 'updatedAt' && v !== undefined).sort(([x], [y]) => x.localeCompare(y)).map(([key, v]) => [key, canonical(v)]))
        : value
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

/** Each artifact's path in the record (key → relative path): the planner keeps an artifact where it was. */
export function previousPathsOf(entries: Iterable<ManifestEntry>): Map<string, string> {
  return new Map([...entries].map((entry) => [entry.key, entry.relativePath]))
}

/**
 * The manifest in memory plus a serialised writer: updates are cheap, and at most one write is in flight with at
 * most one more queued behind it (every write carries the latest state), each atomic (temp file + rename).
 */
export class ManifestStore {
  private entries: Map<string, ManifestEntry>
  private writing: Promise<void> | null = null
  private dirty = false
  private lastError: unknown = null

  constructor(
    readonly outDir: string,
    initial: Manifest,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.entries = new Map(Object.entries(initial.entries))
  }

  static async open(outDir: string, now?: () => Date): Promise<{ store: ManifestStore; setAside?: string }> {
    const loaded = await loadManifest(outDir, now)
    return { store: new ManifestStore(outDir, loaded.manifest, now), ...(loaded.setAside ? { setAside: loaded.setAside } : {}) }
  }

  get(key: string): ManifestEntry | undefined {
    return this.entries.get(key)
  }

  all(): ManifestEntry[] {
    return [...this.entries.values()]
  }

  /** Paths given in earlier runs, so the planner keeps every artifact at the same place. */
  previousPaths(): Map<string, string> {
    return previousPathsOf(this.all())
  }

  /**
   * Records an entry (its `updatedAt` is set here) and schedules a write; with `write: false` it waits for the
   * next write (a passing state that a crash may lose: the run after one looks at the files anyway). The hook
   * record is not the sync's to drop: an entry given without one keeps the one it had. An entry that says what
   * the record says already is left alone, so a run that changes nothing (watch mode's idle cycle) writes nothing.
   */
  put(entry: Omit<ManifestEntry, 'updatedAt'>, options: { write?: boolean } = {}): ManifestEntry {
    const previous = this.entries.get(entry.key)
    const hook = entry.hook ?? previous?.hook
    if (previous && sameContent({ ...entry, ...(hook ? { hook } : {}) }, previous)) return previous
    const stamped: ManifestEntry = { ...entry, ...(hook ? { hook } : {}), updatedAt: this.now().toISOString() }
    this.entries.set(entry.key, stamped)
    if (options.write ?? true) this.schedule()
    else this.dirty = true
    return stamped
  }

  /** Sets (or, with null, clears) the hook record of an existing entry and schedules a write; false when there is no entry. */
  setHook(key: string, hook: HookRecord | null): boolean {
    const entry = this.entries.get(key)
    if (!entry) return false
    const { hook: _previous, ...rest } = entry
    this.entries.set(key, { ...rest, ...(hook ? { hook } : {}), updatedAt: this.now().toISOString() })
    this.schedule()
    return true
  }

  snapshot(): Manifest {
    const entries = Object.fromEntries([...this.entries.entries()].sort(([a], [b]) => a.localeCompare(b)))
    return { version: MANIFEST_VERSION, updatedAt: this.now().toISOString(), entries }
  }

  /** Waits until everything recorded so far is on disk. Rejects with the last write error, if any. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing
    if (this.dirty) {
      this.schedule()
      while (this.writing) await this.writing
    }
    if (this.lastError) {
      const error = this.lastError
      this.lastError = null
      throw error
    }
  }

  private schedule(): void {
    this.dirty = true
    if (this.writing) return
    this.writing = (async () => {
      while (this.dirty) {
        this.dirty = false
        try {
          await writeFileAtomic(manifestPath(this.outDir), `${JSON.stringify(this.snapshot(), null, 1)}\n`, { overwrite: true, mode: 0o644 })
          this.lastError = null
        } catch (error) {
          // A full disk must not lose the record: keep it dirty for the next flush, report it there.
          this.lastError = error
          break
        }
      }
    })().finally(() => {
      this.writing = null
    })
  }
}

export interface DoneCheck {
  /** Also re-hash the file and compare with the recorded SHA-256 (slower; default: size only). */
  readonly rehash?: boolean
}

/** A `done` entry still holds: the file is there with the recorded size (and hash, when asked). */
export async function isDoneAndIntact(outDir: string, entry: ManifestEntry, check: DoneCheck = {}): Promise<boolean> {
  if (entry.state !== 'done' || entry.size === undefined || entry.sha256 === undefined) return false
  const path = targetPathFor(outDir, entry.relativePath)
  try {
    const info = await stat(path)
    if (!info.isFile() || info.size !== entry.size) return false
  } catch {
    return false
  }
  if (!check.rehash) return true
  return (await sha256OfFile(path)) === entry.sha256
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

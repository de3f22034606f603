// Writing a file so that a crash leaves the old one or the new one, never half of either, and removing the temp
// files a killed write left. The settings, keyring, sync record, WalletConnect store and key file are written
// through here.

import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { chmod, link, lstat, open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../../shared/errors'
import { fsError } from './fs-errors'

export interface AtomicWriteOptions {
  /** File mode of the result. Secrets use the default, 0600. */
  readonly mode?: number
  /** Replace an existing file. Without it an existing file is never touched (FILE_EXISTS). */
  readonly overwrite?: boolean
}

const TEMP_RANDOM_BYTES = 6

/** A hidden temp name beside `target`, so the final rename stays on one filesystem. */
export function tempPathFor(target: string, tag = 'tmp'): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(TEMP_RANDOM_BYTES).toString('hex')}.${tag}`)
}

/**
 * Age after which a temp file of writeFileAtomic counts as abandoned: a write keeps its temp file for
 * milliseconds (seconds on a slow disk), so one untouched for this long belongs to a process that was killed,
 * crashed or lost power. A younger one may be another process's write in progress and is left alone.
 */
export const STALE_TEMP_AGE_MS = 15 * 60 * 1000

const TEMP_RANDOM_PART = new RegExp(`^[0-9a-f]{${TEMP_RANDOM_BYTES * 2}}$`)

/** Whether `name` is exactly what tempPathFor(<folder>/<targetName>) gives. */
function isTempNameOf(name: string, targetName: string): boolean {
  const prefix = `.${targetName}.`
  const suffix = '.tmp'
  return name.length === prefix.length + TEMP_RANDOM_BYTES * 2 + suffix.length && name.startsWith(prefix) && name.endsWith(suffix) && TEMP_RANDOM_PART.test(name.slice(prefix.length, -suffix.length))
}

export interface StaleTempSweep {
  /** Default STALE_TEMP_AGE_MS. */
  readonly olderThanMs?: number
  /** Injected clock (tests), in ms like Date.now. */
  readonly now?: () => number
}

/**
 * Removes the temp files that writeFileAtomic left beside `targets` when a crash, a kill or a power loss came
 * between creating a temp file and renaming it: only names of exactly its pattern for those targets
 * (`.<target name>.<12 hex>.tmp`), only regular files (never a symlink or folder), only older than
 * STALE_TEMP_AGE_MS. Anything else, such as a user's file with a similar name, is never touched. Never throws:
 * it is housekeeping, and a folder that cannot be listed just keeps its leftovers. Returns the paths removed.
 *
 * Called where a file's owner opens it: the sync lock for the sync record, the settings, keyring and
 * WalletConnect stores on load, and the key file writer.
 */
export async function removeStaleTemps(targets: readonly string[], options: StaleTempSweep = {}): Promise<string[]> {
  const olderThan = options.olderThanMs ?? STALE_TEMP_AGE_MS
  const now = options.now ?? Date.now
  const byFolder = new Map<string, string[]>()
  for (const target of targets) byFolder.set(dirname(target), [...(byFolder.get(dirname(target)) ?? []), basename(target)])
  const removed: string[] = []
  for (const [folder, targetNames] of byFolder) {
    let names: string[]
    try {
      names = await readdir(folder)
    } catch {
      continue
    }
    for (const name of names) {
      if (!targetNames.some((targetName) => isTempNameOf(name, targetName))) continue
      const path = join(folder, name)
      try {
        const info = await lstat(path)
        if (!info.isFile() || now() - info.mtimeMs < olderThan) continue
        await unlink(path)
        removed.push(path)
      } catch {
        // Gone meanwhile, or not ours to remove: leave it.
      }
    }
  }
  return removed
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined)
}

/**
 * Moves a finished temp file to its final name. Without `overwrite`, link(2) claims the name atomically,
 * so a file that appeared meanwhile is never replaced; filesystems without hard links fall back to a
 * check then rename.
 */
export async function commitTempFile(temp: string, target: string, overwrite: boolean): Promise<void> {
  try {
    if (overwrite) {
      await rename(temp, target)
      return
    }
    try {
      await link(temp, target)
      await removeQuietly(temp)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error
      const exists = await open(target, constants.O_RDONLY).then(
        async (fh) => {
          await fh.close()
          return true
        },
        () => false,
      )
      if (exists) throw new AppError('FILE_EXISTS', { message: `Already exists: ${target}` })
      await rename(temp, target)
    }
  } catch (error) {
    await removeQuietly(temp)
    throw fsError(error, target)
  }
}

/**
 * Writes `data` to `target` atomically: a temp file beside it (created 0600 or `mode`, fsynced), then a rename
 * or link into place. A crash leaves either the old file or the new one, never a half-written one.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600
  const temp = tempPathFor(target)
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    // The umask may have narrowed the mode; never widen beyond what was asked, but make it exact.
    await chmod(temp, mode)
  } catch (error) {
    await removeQuietly(temp)
    // The temp file goes beside the target: ENOENT here means its folder is missing, not the file.
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new AppError('FILE_NOT_FOUND', { message: `The folder ${dirname(target)} does not exist.`, action: 'Choose a folder that exists, or create it first.', detail: `ENOENT: ${dirname(target)}`, cause: error })
    }
    throw fsError(error, target)
  }
  await commitTempFile(temp, target, options.overwrite ?? false)
}

// The one check of a destination folder before anything is written to it, for the app's Downloads and Offline
// decrypt and for `sync` and `decrypt`: it exists or can be created, it is a folder, files can be written in
// it, and (once the plan is known) its disk has room for what will be fetched. Each failure has its own words:
// a read-only disk is not "Not found", and a file chosen as the folder is not "Already exists".
//
//   await checkDestination(outDir)                 // creates it if missing; throws a typed AppError
//   await createFolder(outDir)                     // only creates it (the sync lock's folder)
//   await checkRoomFor(outDir, plannedBytes)       // FOLDER_NO_ROOM when the disk is too full
//
// Folders are created one level at a time: Node's recursive mkdir never returns for some paths under /proc
// (ENOENT from a parent that exists), which left the window's Sync button spinning. Every check also has a
// time limit, so a hung network drive ends in an error too.

import { randomBytes } from 'node:crypto'
import { mkdir, open, stat, statfs, unlink } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { AppError, isAppError } from '../../shared/errors'
import { formatBytes } from '../../shared/format-bytes'
import { backgroundTimers, withTimeout } from '../../shared/time-limit'
import { fsError } from '../fs/fs-errors'

/** How long a check may take before the folder is reported as not answering. */
export const DESTINATION_CHECK_TIMEOUT_MS = 10_000

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

/** What a failed mkdir, write or stat in `folder` means for the person choosing it. */
export function destinationError(error: unknown, folder: string, parent: string = folder): AppError {
  if (isAppError(error)) return error
  const detail = `${codeOf(error) ?? 'error'}: ${folder}`
  switch (codeOf(error)) {
    case 'EROFS':
      return new AppError('FOLDER_READ_ONLY', { message: `${folder} is on a read-only disk: nothing can be saved there.`, detail, cause: error })
    case 'EACCES':
    case 'EPERM':
      return new AppError('FILE_NOT_WRITABLE', { message: `You do not have permission to write in ${parent}.`, detail, cause: error })
    case 'ENOENT':
      // The parent exists (it was found first), yet the folder cannot be made in it: a system folder such as /proc.
      return new AppError('FOLDER_NOT_CREATABLE', { message: `A folder cannot be created in ${parent}.`, detail, cause: error })
    case 'ENOTDIR':
      return new AppError('NOT_A_DIRECTORY', { message: `Part of ${folder} is a file, not a folder.`, detail, cause: error })
    default:
      // ENOSPC and EDQUOT (DISK_FULL) among them.
      return fsError(error, folder)
  }
}

/** The work, or TIMEOUT naming the folder once `timeoutMs` has passed (a hung network drive). */
function withinLimit<T>(work: Promise<T>, folder: string, timeoutMs: number): Promise<T> {
  return withTimeout(work, timeoutMs, () => new AppError('TIMEOUT', { message: `${folder} did not answer within ${Math.round(timeoutMs / 1000)} s.`, detail: folder }), backgroundTimers)
}

/** The nearest part of `path` that exists (itself, or an ancestor), and the missing parts below it. */
async function nearestExisting(path: string): Promise<{ existing: string; missing: string[] }> {
  const missing: string[] = []
  let at = path
  for (;;) {
    try {
      await stat(at)
      return { existing: at, missing }
    } catch (error) {
      // ENOTDIR: a part above is a file; the walk up finds it, and says so.
      if (codeOf(error) !== 'ENOENT' && codeOf(error) !== 'ENOTDIR') throw destinationError(error, path, at)
      const up = dirname(at)
      if (up === at) throw destinationError(error, path, at)
      missing.unshift(at)
      at = up
    }
  }
}

async function ensureFolder(folder: string, name: string | undefined): Promise<void> {
  const { existing, missing } = await nearestExisting(folder)
  if (!(await stat(existing)).isDirectory()) {
    if (missing.length === 0) {
      const message = name ? `${name} is a file, not a folder: ${folder}` : `${folder} is a file, not a folder.`
      throw new AppError('NOT_A_DIRECTORY', { message, action: 'Choose a folder, or the name of a new folder to create.', detail: folder })
    }
    throw new AppError('NOT_A_DIRECTORY', { message: `${existing} is a file, so ${folder} cannot be a folder.`, action: 'Choose a folder, or the name of a new folder to create.', detail: folder })
  }
  let parent = existing
  for (const part of missing) {
    try {
      await mkdir(part)
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw destinationError(error, folder, parent)
      if (!(await stat(part)).isDirectory()) throw new AppError('NOT_A_DIRECTORY', { message: `${part} is a file, not a folder.`, detail: part })
    }
    parent = part
  }
}

/**
 * Creates `folder` and any missing parents, one level at a time and within the time limit: the sync lock makes its
 * folder with this too, so no caller meets the recursive mkdir that never returns under /proc.
 */
export async function createFolder(folder: string, options: { readonly timeoutMs?: number } = {}): Promise<void> {
  const dir = resolve(folder)
  await withinLimit(ensureFolder(dir, undefined), dir, options.timeoutMs ?? DESTINATION_CHECK_TIMEOUT_MS)
}

/** Creates and removes a small file: the only sure test that this user can write here (ACLs, read-only mounts). */
async function probeWritable(folder: string): Promise<void> {
  const probe = join(folder, `.numerbay-write-check-${randomBytes(6).toString('hex')}`)
  try {
    const handle = await open(probe, 'wx', 0o600)
    await handle.close()
  } catch (error) {
    throw destinationError(error, folder)
  }
  await unlink(probe).catch(() => undefined)
}

/** The destination exists (created if missing) as a folder this user can write in; throws a typed AppError. */
export async function checkDestination(folder: string, options: { readonly timeoutMs?: number; readonly name?: string } = {}): Promise<void> {
  const dir = resolve(folder)
  await withinLimit(
    (async () => {
      await ensureFolder(dir, options.name)
      await probeWritable(dir)
    })(),
    dir,
    options.timeoutMs ?? DESTINATION_CHECK_TIMEOUT_MS,
  )
}

/** Free bytes for this user on the disk of `folder`, or null where the system cannot say. */
export async function freeBytes(folder: string): Promise<number | null> {
  try {
    const info = await statfs(folder)
    return Number(info.bavail) * Number(info.bsize)
  } catch {
    return null
  }
}

/** FOLDER_NO_ROOM when the disk of `folder` has less free space than `bytes`. */
export async function checkRoomFor(folder: string, bytes: number, options: { readonly timeoutMs?: number; readonly free?: (folder: string) => Promise<number | null> } = {}): Promise<void> {
  if (bytes <= 0) return
  const dir = resolve(folder)
  const free = await withinLimit((options.free ?? freeBytes)(dir), dir, options.timeoutMs ?? DESTINATION_CHECK_TIMEOUT_MS)
  if (free === null || free >= bytes) return
  throw new AppError('FOLDER_NO_ROOM', {
    message: `Not enough free space in ${dir}: the files to fetch need about ${formatBytes(bytes)}, and ${formatBytes(free)} is free.`,
    detail: `${bytes} needed, ${free} free`,
  })
}

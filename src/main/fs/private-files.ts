// Files and folders the app keeps for itself inside a folder other people may be able to write to (the
// download folder): partial downloads and their side files. A planted symbolic link must never make the app
// truncate, append to or chmod something else, and nobody else may read a half-downloaded purchase.
//
// - ensurePrivateFolder: the folder is created 0700; an existing one must be a real folder owned by this
//   user (not a link, not someone else's), and is narrowed to 0700.
// - openNoFollow / openNoFollowSync: O_NOFOLLOW where the platform has it. Where it does not (Windows), the
//   path is checked with lstat before opening, the opened file is compared with the path after (same file,
//   not a link), and O_TRUNC is applied only after that check.

import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, type Stats } from 'node:fs'
import { chmod, lstat, mkdir, open, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AppError } from '../../shared/errors'
import { fsError } from './fs-errors'

/** The platform's O_NOFOLLOW, or 0 where it has none (Windows). */
export const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0

export interface NoFollowOptions {
  /** Tests pass 0 to exercise the check used where the platform has no O_NOFOLLOW. */
  readonly noFollowFlag?: number
}

function unsafe(path: string, why: string): AppError {
  return new AppError('UNSAFE_PATH', { message: `${path} ${why}, so it was not used.`, detail: path })
}

function isLinkError(error: unknown): boolean {
  // Linux and macOS answer ELOOP for O_NOFOLLOW on a link; FreeBSD answers EMLINK.
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ELOOP' || code === 'EMLINK'
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

function ownedByAnother(info: Stats): boolean {
  return typeof process.getuid === 'function' && process.platform !== 'win32' && info.uid !== process.getuid()
}

function checkOpened(path: string, opened: Stats, atPath: Stats): void {
  if (atPath.isSymbolicLink() || opened.dev !== atPath.dev || opened.ino !== atPath.ino) throw unsafe(path, 'was replaced while it was opened')
  if (!opened.isFile()) throw unsafe(path, 'is not a regular file')
}

/** Opens a file without following a link at `path` (UNSAFE_PATH if one is there). `mode` applies when it is created. */
export async function openNoFollow(path: string, flags: number, mode = 0o600, options: NoFollowOptions = {}): Promise<FileHandle> {
  const noFollow = options.noFollowFlag ?? O_NOFOLLOW
  if (noFollow !== 0) {
    let handle: FileHandle
    try {
      handle = await open(path, flags | noFollow, mode)
    } catch (error) {
      if (isLinkError(error)) throw unsafe(path, 'is a symbolic link')
      throw fsError(error, path)
    }
    return handle
  }
  const before = await lstat(path).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(fsError(error, path))))
  if (before?.isSymbolicLink()) throw unsafe(path, 'is a symbolic link')
  let handle: FileHandle
  try {
    handle = await open(path, flags & ~constants.O_TRUNC, mode)
  } catch (error) {
    throw fsError(error, path)
  }
  try {
    checkOpened(path, await handle.stat(), await lstat(path))
    if (flags & constants.O_TRUNC) await handle.truncate(0)
  } catch (error) {
    await handle.close().catch(() => undefined)
    throw fsError(error, path)
  }
  return handle
}

/** openNoFollow for synchronous writers (the sealed sink's header sidecar); returns a file descriptor. */
export function openNoFollowSync(path: string, flags: number, mode = 0o600, options: NoFollowOptions = {}): number {
  const noFollow = options.noFollowFlag ?? O_NOFOLLOW
  if (noFollow !== 0) {
    try {
      return openSync(path, flags | noFollow, mode)
    } catch (error) {
      if (isLinkError(error)) throw unsafe(path, 'is a symbolic link')
      throw error
    }
  }
  let before: Stats | null = null
  try {
    before = lstatSync(path)
  } catch (error) {
    if (!isMissing(error)) throw error
  }
  if (before?.isSymbolicLink()) throw unsafe(path, 'is a symbolic link')
  const fd = openSync(path, flags & ~constants.O_TRUNC, mode)
  try {
    checkOpened(path, fstatSync(fd), lstatSync(path))
    if (flags & constants.O_TRUNC) ftruncateSync(fd, 0)
  } catch (error) {
    closeSync(fd)
    throw error
  }
  return fd
}

/**
 * Creates `dir` (and its parent, with default permissions) as a folder only this user can enter (0700). An
 * existing one must be a real folder owned by this user; it is narrowed to 0700. UNSAFE_PATH otherwise.
 */
export async function ensurePrivateFolder(dir: string, options: NoFollowOptions = {}): Promise<string> {
  try {
    await mkdir(dirname(dir), { recursive: true })
    await mkdir(dir, { mode: 0o700 }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    })
  } catch (error) {
    throw fsError(error, dir)
  }
  const noFollow = options.noFollowFlag ?? O_NOFOLLOW
  const directory = constants.O_DIRECTORY ?? 0
  if (noFollow !== 0 && directory !== 0) {
    // Checked and narrowed through one descriptor: nothing can swap the folder between the check and the chmod.
    let handle: FileHandle
    try {
      handle = await open(dir, constants.O_RDONLY | directory | noFollow)
    } catch (error) {
      // Linux answers ENOTDIR rather than ELOOP for a link opened with O_DIRECTORY | O_NOFOLLOW.
      const code = (error as NodeJS.ErrnoException).code
      if (isLinkError(error) || code === 'ENOTDIR') {
        const info = await lstat(dir).catch(() => null)
        throw unsafe(dir, info?.isSymbolicLink() ? 'is a symbolic link' : 'is not a folder')
      }
      throw fsError(error, dir)
    }
    try {
      const info = await handle.stat()
      if (ownedByAnother(info)) throw unsafe(dir, 'belongs to another user')
      if ((info.mode & 0o777) !== 0o700) await handle.chmod(0o700)
    } catch (error) {
      throw fsError(error, dir)
    } finally {
      await handle.close().catch(() => undefined)
    }
    return dir
  }
  const info = await lstat(dir).catch((error: unknown) => Promise.reject(fsError(error, dir)))
  if (info.isSymbolicLink()) throw unsafe(dir, 'is a symbolic link')
  if (!info.isDirectory()) throw unsafe(dir, 'is not a folder')
  if (ownedByAnother(info)) throw unsafe(dir, 'belongs to another user')
  if ((info.mode & 0o777) !== 0o700) await chmod(dir, 0o700).catch((error: unknown) => Promise.reject(fsError(error, dir)))
  return dir
}

/** The mode a finished file gets: what any new file of this user gets (0666 less the umask), like a browser download. */
export function finishedFileMode(): number {
  return 0o666 & ~process.umask()
}

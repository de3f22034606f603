import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { chmod, link, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../../shared/errors'
import { fsError } from './fs-errors'

export interface AtomicWriteOptions {
  /** File mode of the result. Secrets use the default, 0600. */
  readonly mode?: number
  /** Replace an existing file. Without it an existing file is never touched (FILE_EXISTS). */
  readonly overwrite?: boolean
}

/** A hidden temp name beside `target`, so the final rename stays on one filesystem. */
export function tempPathFor(target: string, tag = 'tmp'): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.${tag}`)
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
    throw fsError(error, target)
  }
  await commitTempFile(temp, target, options.overwrite ?? false)
}

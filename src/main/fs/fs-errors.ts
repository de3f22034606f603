// One mapping from Node's fs error codes to the catalog's file errors, so every caller reports a file problem in
// the same words.

import { AppError, isAppError } from '../../shared/errors'

/** Maps a Node fs error to a typed AppError naming the path (never its contents). */
export function fsError(error: unknown, path: string): AppError {
  if (isAppError(error)) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const detail = `${code ?? 'error'}: ${path}`
  switch (code) {
    case 'ENOENT':
      return new AppError('FILE_NOT_FOUND', { message: `Not found: ${path}`, detail, cause: error })
    case 'EEXIST':
      return new AppError('FILE_EXISTS', { message: `Already exists: ${path}`, detail, cause: error })
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AppError('FILE_NOT_WRITABLE', { message: `No permission for ${path}`, detail, cause: error })
    case 'EISDIR':
      return new AppError('IS_A_DIRECTORY', { message: `Is a folder, not a file: ${path}`, detail, cause: error })
    case 'ENOTDIR':
      return new AppError('NOT_A_DIRECTORY', { message: `Not a folder: ${path}`, detail, cause: error })
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('DISK_FULL', { detail, cause: error })
    default:
      return new AppError('FILE_NOT_READABLE', { message: `Could not access ${path}`, detail, cause: error })
  }
}

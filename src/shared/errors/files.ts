// File and folder errors, for every module that reads or writes (src/main/fs/fs-errors.ts maps Node's error codes
// to them): the words and the action for each code.

import type { ErrorCatalog } from './catalog'

export const fileErrors = {
  FILE_NOT_FOUND: {
    message: 'The file or folder does not exist.',
    action: 'Check the path and try again.',
  },
  FILE_EXISTS: {
    message: 'A file with that name already exists and was left untouched.',
    action: 'Choose another name, move the existing file away, or confirm that it may be replaced.',
  },
  FILE_NOT_READABLE: {
    message: 'The file could not be read.',
    action: 'Check that the file exists and that you have permission to read it.',
  },
  FILE_NOT_WRITABLE: {
    message: 'The file could not be written.',
    action: 'Choose a folder you have permission to write to.',
  },
  IS_A_DIRECTORY: {
    message: 'A folder was given where a file was expected.',
    action: 'Choose a file instead of a folder.',
  },
  NOT_A_DIRECTORY: {
    message: 'A file was given where a folder was expected.',
    action: 'Choose a folder instead of a file.',
  },
  UNSAFE_PATH: {
    message: 'A file or folder NumerBay Desktop keeps for itself is a link, or belongs to another user, so it was not used.',
    action: 'Remove it (it is named in the details) and try again. Prefer a download folder other people cannot write to.',
  },
  FOLDER_READ_ONLY: {
    message: 'The folder is on a read-only disk: nothing can be saved there.',
    action: 'Choose a folder on a disk you can write to.',
  },
  FOLDER_NOT_CREATABLE: {
    message: 'The folder cannot be created there.',
    action: 'Choose an existing folder, or a new folder inside your home folder.',
  },
  FOLDER_NO_ROOM: {
    message: 'There is not enough free space on the disk of this folder.',
    action: 'Free some space on that disk, or choose a folder on another disk, then start again.',
  },
  DISK_FULL: {
    message: 'The disk is full.',
    action: 'Free some space on the destination disk, then resume.',
  },
} as const satisfies ErrorCatalog

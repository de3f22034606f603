// One sync per output folder: two runs writing the same partial files would corrupt each other. The lock file
// names its owner's pid and host; a lock left by a process that is gone (killed, crashed) is taken over.

import { constants } from 'node:fs'
import { open, readFile, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { MANIFEST_FILE_NAME } from '../../shared/downloads'
import { AppError } from '../../shared/errors'
import { removeStaleTemps } from '../fs/atomic-file'
import { fsError } from '../fs/fs-errors'
import { createFolder } from './destination'
import { LOCK_FILE_NAME } from './paths'

export interface SyncLock {
  readonly path: string
  release(): Promise<void>
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readOwner(path: string): Promise<{ pid: number; host: string } | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown; host?: unknown }
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host } : null
  } catch {
    return null
  }
}

export async function acquireSyncLock(outDir: string): Promise<SyncLock> {
  const dir = resolve(outDir)
  const path = join(dir, LOCK_FILE_NAME)
  await createFolder(dir)
  const body = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644)
      try {
        await handle.writeFile(body)
      } finally {
        await handle.close()
      }
      // The lock holder is the record's only writer: leftovers of a killed run's record writes go now.
      await removeStaleTemps([join(dir, MANIFEST_FILE_NAME)])
      let released = false
      return {
        path,
        async release() {
          if (released) return
          released = true
          await unlink(path).catch(() => undefined)
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(error, path)
      const owner = await readOwner(path)
      // Another host may share the folder (a network drive): its pid means nothing here, so respect its lock.
      if (owner && (owner.host !== hostname() || isAlive(owner.pid))) {
        throw new AppError('SYNC_FOLDER_BUSY', { detail: `${path} (pid ${owner.pid} on ${owner.host})` })
      }
      await unlink(path).catch(() => undefined)
    }
  }
  throw new AppError('SYNC_FOLDER_BUSY', { detail: path })
}

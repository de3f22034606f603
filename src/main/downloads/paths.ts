// Where a sync keeps things inside the output folder. Partial files live in one hidden folder, named by a hash
// of the artifact key: stable across runs (so a later run resumes them) and never under a final name.

import { createHash } from 'node:crypto'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { AppError } from '../../shared/errors'

export const PARTIAL_DIR_NAME = '.numerbay-partial'
export const LOCK_FILE_NAME = '.numerbay-sync.lock'

/** The final path of an artifact; refuses anything that would land outside `outDir` (defence in depth). */
export function targetPathFor(outDir: string, relativePath: string): string {
  const root = resolve(outDir)
  const target = resolve(root, ...relativePath.split('/'))
  const inside = relative(root, target)
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw new AppError('INVALID_ARGUMENT', { message: 'A download path would leave the output folder.', detail: relativePath })
  }
  return target
}

export function partialDirFor(outDir: string): string {
  return join(resolve(outDir), PARTIAL_DIR_NAME)
}

/** The resumable partial file of one artifact (the crypto sink may keep small side files next to it). */
export function partialPathFor(outDir: string, key: string): string {
  const name = createHash('sha256').update(key).digest('hex').slice(0, 40)
  return join(partialDirFor(outDir), `${name}.part`)
}

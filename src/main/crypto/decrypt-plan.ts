// The plan of an offline decryption: which sealed file goes to which output, settled before any file is opened.

import { readdir, stat } from 'node:fs/promises'
import { basename, join, relative, resolve, sep } from 'node:path'
import { fsError } from '../fs/fs-errors'
import { AppError } from '../../shared/errors'

/** One file to decrypt, or a PATH that could not be used. */
export type DecryptJob =
  | { readonly kind: 'file'; readonly input: string; readonly target: string; readonly name: string }
  | { readonly kind: 'error'; readonly name: string; readonly error: AppError }

/** Regular files of a folder, sorted; hidden files (.DS_Store, our own partials) are left out. */
async function listFolder(folder: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true })
  const files: string[] = []
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue
    const path = join(folder, entry.name)
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isDirectory())) {
      if (recursive) files.push(...(await listFolder(path, true)))
    } else {
      files.push(path)
    }
  }
  return files
}

/**
 * Turns the inputs of an offline decryption (the CLI's PATHs, the window's chosen files) into jobs. Each output keeps its input's file name under `outDir`; with
 * --recursive, files from subfolders keep their path relative to the folder given. Two inputs that would
 * write the same output, or an output that is its own input, are refused rather than silently clobbered.
 */
export async function planDecryptJobs(paths: readonly string[], outDir: string, recursive: boolean, cwd: string): Promise<DecryptJob[]> {
  const jobs: DecryptJob[] = []
  const claimed = new Map<string, string>()
  const add = (input: string, relativeName: string): void => {
    const target = join(outDir, relativeName)
    const previous = claimed.get(target)
    if (previous !== undefined) {
      jobs.push({ kind: 'error', name: input, error: new AppError('INVALID_ARGUMENT', { message: `${input}: same output name as ${previous}; decrypt it separately.` }) })
    } else if (resolve(input) === resolve(target)) {
      jobs.push({ kind: 'error', name: input, error: new AppError('INVALID_ARGUMENT', { message: `${input}: the output would replace its input; choose another output folder.` }) })
    } else {
      claimed.set(target, input)
      jobs.push({ kind: 'file', input, target, name: relativeName })
    }
  }
  for (const given of paths) {
    const path = resolve(cwd, given)
    let info
    try {
      info = await stat(path)
    } catch (error) {
      jobs.push({ kind: 'error', name: given, error: fsError(error, given) })
      continue
    }
    if (!info.isDirectory()) {
      add(path, basename(path))
      continue
    }
    try {
      for (const file of await listFolder(path, recursive)) add(file, relative(path, file).split(sep).join('/'))
    } catch (error) {
      jobs.push({ kind: 'error', name: given, error: fsError(error, given) })
    }
  }
  return jobs
}

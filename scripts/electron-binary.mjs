// Where the Electron binary is, without downloading it: `require('electron')` fetches a missing binary as a
// side effect, which must not happen in a check. Same rules as node_modules/electron/index.js (path.txt, dist/,
// ELECTRON_OVERRIDE_DIST_PATH). As a script: exits 0 when the binary is installed, 1 (with the reason) when not.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** { path } when the binary is installed, else { missing: why }. */
export function electronBinary(env = process.env) {
  let packageDir
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return { missing: 'the electron package is not installed (run npm run setup)' }
  }
  const pathFile = join(packageDir, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron')
    return existsSync(path) ? { path } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary (${path})` }
  }
  if (!executable) return { missing: 'the Electron binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, or no network); get it with: node node_modules/electron/install.js' }
  const path = join(packageDir, 'dist', executable)
  return existsSync(path) ? { path } : { missing: `the Electron binary is missing (${path}); get it with: node node_modules/electron/install.js` }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const found = electronBinary()
  if ('path' in found) {
    process.stdout.write(`${found.path}\n`)
  } else {
    process.stdout.write(`${found.missing}\n`)
    process.exitCode = 1
  }
}

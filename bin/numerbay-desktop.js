#!/usr/bin/env node
// Launcher: runs the bundled CLI, building it first if `npm ci` did not (e.g. scripts were disabled).
import { existsSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const entry = fileURLToPath(new URL('../out/cli/index.js', import.meta.url))
if (!existsSync(entry)) {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build-cli.mjs', import.meta.url))], { cwd: root, stdio: 'inherit' })
}
await import(pathToFileURL(entry).href)

// `npm run test:electron`: the Electron test tier (test/electron, Playwright's _electron against the real app).
// It runs only when the Electron binary is installed and a display is available; otherwise it prints one line
// saying why it did not run and exits 0. It is never part of `npm test`, so a skipped tier is never counted
// as passed tests.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { electronBinary } from './electron-binary.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const found = electronBinary()
if (!('path' in found)) {
  process.stdout.write(`Electron test tier not run: ${found.missing}.\n`)
  process.exit(0)
}

const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.electron.config.ts', ...process.argv.slice(2)]
let command = [process.execPath, ...vitest]
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  // No display: run under a virtual one when xvfb-run exists, else say so.
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) {
    process.stdout.write('Electron test tier not run: no display (DISPLAY is unset) and xvfb-run is not installed (apt-get install xvfb).\n')
    process.exit(0)
  }
  command = ['xvfb-run', '--auto-servernum', ...command]
}
const result = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, NUMERBAY_ELECTRON_BINARY: found.path } })
process.exit(result.status ?? 1)

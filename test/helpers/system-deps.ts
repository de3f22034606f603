/**
 * What the system test tier needs from the machine (scripts/setup.sh installs it) and where it is found:
 * a Chromium for the end-to-end tests, node-hid's native library (libusb-1.0 on Linux) for the real USB
 * backend, and a Python 3 with PyNaCl for the cross-checks against the NumerBay Python client's crypto.
 *
 * Overrides: NUMERBAY_CHROMIUM_PATH and NUMERBAY_PYTHON name the executables. Test-only switch:
 * NUMERBAY_TEST_HIDE=chromium,usb,pynacl makes this module report those as missing (to see the tier's
 * one-line failure without uninstalling anything).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

export type SystemDependencyId = 'chromium' | 'usb' | 'pynacl'

export interface MissingDependency {
  readonly id: SystemDependencyId
  /** Short, for the one line: "Chromium (/usr/bin/chromium not found)". */
  readonly text: string
}

/** The command that installs all of them (README, docs/contributing/testing.md). */
export const SETUP_COMMAND = 'npm run setup'

const root = join(import.meta.dirname, '..', '..')

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

/** The Chromium the e2e tests drive: $NUMERBAY_CHROMIUM_PATH, else the first installed of the usual places. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NUMERBAY_CHROMIUM_PATH) return env.NUMERBAY_CHROMIUM_PATH
  return CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate)) ?? CHROMIUM_CANDIDATES[0]!
}

/**
 * The Python with PyNaCl: $NUMERBAY_PYTHON, else the venv scripts/setup.sh makes on macOS, else Debian's
 * /usr/bin/python3 (python3-nacl is installed for that interpreter only, not for a pyenv or venv python3).
 */
export function pythonPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NUMERBAY_PYTHON) return env.NUMERBAY_PYTHON
  const venv = join(root, '.cache', 'pynacl', 'bin', 'python3')
  return existsSync(venv) ? venv : '/usr/bin/python3'
}

function hidden(env: NodeJS.ProcessEnv): Set<string> {
  return new Set((env.NUMERBAY_TEST_HIDE ?? '').split(',').map((word) => word.trim()).filter(Boolean))
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 160) ?? ''
}

/** Every system dependency that is missing, each with why. Costs about 50 ms (one Python start). */
export function missingSystemDependencies(env: NodeJS.ProcessEnv = process.env): MissingDependency[] {
  const hide = hidden(env)
  const missing: MissingDependency[] = []

  const chromium = chromiumPath(env)
  if (hide.has('chromium')) missing.push({ id: 'chromium', text: 'Chromium (hidden by NUMERBAY_TEST_HIDE)' })
  else if (!existsSync(chromium)) missing.push({ id: 'chromium', text: `Chromium (${chromium} not found)` })

  if (hide.has('usb')) missing.push({ id: 'usb', text: 'the USB HID library (hidden by NUMERBAY_TEST_HIDE)' })
  else {
    try {
      // The native binding loads on the first call, not on require: list (no Ledger needed) to load it.
      const nodeHid = createRequire(import.meta.url)('node-hid') as { devices: (vendorId: number, productId: number) => unknown[] }
      nodeHid.devices(0x2c97, 0)
    } catch (error) {
      missing.push({ id: 'usb', text: `the USB HID library (node-hid: ${firstLine(String((error as Error)?.message ?? error))})` })
    }
  }

  const python = pythonPath(env)
  if (hide.has('pynacl')) missing.push({ id: 'pynacl', text: 'PyNaCl (hidden by NUMERBAY_TEST_HIDE)' })
  else if (!existsSync(python)) missing.push({ id: 'pynacl', text: `Python 3 with PyNaCl (${python} not found)` })
  else {
    const probe = spawnSync(python, ['-c', 'import nacl.public'], { encoding: 'utf8', timeout: 10_000 })
    if (probe.status !== 0) missing.push({ id: 'pynacl', text: `PyNaCl (${python}: ${firstLine(probe.stderr || 'import nacl failed').replace(/^.*Error: /, '')})` })
  }
  return missing
}

/** The one line the system tier fails with. */
export function missingDependenciesLine(missing: readonly MissingDependency[]): string {
  return `system tests cannot run: missing ${missing.map((entry) => entry.text).join('; ')}. Run \`${SETUP_COMMAND}\` (scripts/setup.sh) to install them.`
}

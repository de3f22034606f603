// Which USB backend a NUMERBAY_LEDGER_TRANSPORT value asks for: node-hid, or the Ledger emulator
// (`emulator:<words>`), which only a development checkout has.

import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { AppError } from '../../../shared/errors'
import { createNodeHidBackend, type LedgerHidBackend } from './hid'

/** The emulator's modes (described in test/fixtures/ledger-emulator and docs/contributing/development.md). */
export const EMULATOR_MODES = ['ready', 'locked', 'frozen', 'dashboard', 'other-app', 'reject', 'slow', 'unplug', 'busy'] as const
export type EmulatorModeName = (typeof EMULATOR_MODES)[number]

export interface EmulatorSpec {
  readonly mnemonic: string
  readonly mode: EmulatorModeName
  readonly confirmDelayMs?: number
  readonly otherAppName?: string
}

/**
 * Parses `emulator:<mnemonic words>[;mode=locked][;delay=1500][;app=Bitcoin]`. Returns null for `hid` or an
 * empty value (the real USB backend); throws LEDGER_EMULATOR_INVALID for anything else.
 */
export function parseLedgerTransportEnv(value: string | undefined): EmulatorSpec | null {
  const text = value?.trim() ?? ''
  if (text === '' || text === 'hid') return null
  if (!text.startsWith('emulator:')) throw new AppError('LEDGER_EMULATOR_INVALID')
  const [words = '', ...settings] = text.slice('emulator:'.length).split(';')
  const mnemonic = words.trim().split(/\s+/).join(' ')
  const count = mnemonic === '' ? 0 : mnemonic.split(' ').length
  if (![12, 15, 18, 21, 24].includes(count)) throw new AppError('LEDGER_EMULATOR_INVALID', { message: 'The emulator needs a 12 to 24 word BIP-39 mnemonic.' })
  let mode: EmulatorModeName = 'ready'
  let confirmDelayMs: number | undefined
  let otherAppName: string | undefined
  for (const setting of settings) {
    const [key = '', raw = ''] = setting.split('=', 2).map((part) => part.trim())
    if (key === '') continue
    if (key === 'mode' && (EMULATOR_MODES as readonly string[]).includes(raw)) mode = raw as EmulatorModeName
    else if (key === 'delay' && /^\d{1,7}$/.test(raw)) confirmDelayMs = Number(raw)
    else if (key === 'app' && raw !== '') otherAppName = raw
    else throw new AppError('LEDGER_EMULATOR_INVALID', { detail: `setting "${key}"` })
  }
  return { mnemonic, mode, ...(confirmDelayMs === undefined ? {} : { confirmDelayMs }), ...(otherAppName ? { otherAppName } : {}) }
}

export interface LedgerBackendOptions {
  /**
   * An installed app (Electron's app.isPackaged): the emulator is refused outright, so a packaged app never
   * loads test code whatever its environment says.
   */
  readonly packaged?: boolean
}

/** The USB backend NUMERBAY_LEDGER_TRANSPORT's value asks for: the emulator for `emulator:…`, else node-hid. */
export async function ledgerBackendFor(transport: string | undefined, options: LedgerBackendOptions = {}): Promise<LedgerHidBackend> {
  const spec = parseLedgerTransportEnv(transport)
  if (!spec) return createNodeHidBackend()
  if (options.packaged) {
    throw new AppError('LEDGER_EMULATOR_INVALID', {
      message: `The Ledger emulator is for development only: an installed app does not load it. Unset NUMERBAY_LEDGER_TRANSPORT to use your Ledger.`,
    })
  }
  const emulator = await loadEmulatorModule()
  const ledger = emulator.createEmulatedLedger({
    mnemonic: spec.mnemonic,
    mode: spec.mode,
    ...(spec.confirmDelayMs === undefined ? {} : { confirmDelayMs: spec.confirmDelayMs }),
    ...(spec.otherAppName ? { otherAppName: spec.otherAppName } : {}),
  })
  return emulator.createEmulatorBackend(ledger)
}

interface EmulatorModule {
  createEmulatedLedger(options: { mnemonic: string; mode?: EmulatorModeName; confirmDelayMs?: number; otherAppName?: string }): unknown
  createEmulatorBackend(ledger: unknown): LedgerHidBackend
}

/** The emulator's name in this package's own "imports" map (package.json): one known module, nothing searched. */
export const EMULATOR_SPECIFIER = '#ledger-emulator'

/**
 * The emulator entry, resolved from this package's package.json (the first one above `from`, which is ours in
 * a checkout, the CLI bundle and the app alike), never by looking for test/ folders in parent folders; null
 * when the package does not have it (an installed app ships no tests).
 */
export function resolveEmulatorEntry(from: string = import.meta.url): string | null {
  try {
    return createRequire(from).resolve(EMULATOR_SPECIFIER)
  } catch {
    return null
  }
}

/**
 * The emulator is a TypeScript test fixture, not part of the shipped app. Its path is computed at run time so
 * bundlers leave the import alone. Vite/vitest import TypeScript directly; plain Node (the bundled CLI) and
 * Electron go through tsx's loader, a dev dependency that exists wherever the checkout does.
 */
async function loadEmulatorModule(): Promise<EmulatorModule> {
  const entry = resolveEmulatorEntry()
  if (!entry) {
    throw new AppError('LEDGER_EMULATOR_INVALID', { message: 'The Ledger emulator is only available in a development checkout of NumerBay Desktop.' })
  }
  const url = pathToFileURL(entry).href
  try {
    return (await import(/* @vite-ignore */ url)) as EmulatorModule
  } catch (nativeError) {
    // Node 20 has no TypeScript loader (ERR_UNKNOWN_FILE_EXTENSION); Node 22's type stripping cannot resolve the
    // fixture's extensionless imports. Either way, tsx can.
    try {
      // Built at run time so no bundler resolves (and inlines) tsx, a dev dependency, into the app.
      const tsxApi = ['tsx', 'esm', 'api'].join('/')
      const { tsImport } = (await import(/* @vite-ignore */ tsxApi)) as { tsImport: (specifier: string, parent: string) => Promise<unknown> }
      return (await tsImport(url, import.meta.url)) as EmulatorModule
    } catch {
      throw new AppError('LEDGER_EMULATOR_INVALID', {
        message: 'The Ledger emulator could not be loaded (it needs the dev dependencies of a development checkout).',
        cause: nativeError,
      })
    }
  }
}

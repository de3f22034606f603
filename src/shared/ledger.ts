/**
 * The Ledger's app limits and names, the line shown for each device status, and derivation-path rules. The
 * status and account types are those of their schemas in ./ipc/signers. No Node, no DOM.
 */
import type { z } from 'zod'
import type { ledgerAccountSchema, ledgerSchemeSchema, ledgerStatusSchema } from './ipc/signers'

/** The Ethereum app refuses personal messages longer than this (it stores the length as uint16). */
export const LEDGER_MAX_MESSAGE_BYTES = 32766

/** Name the Ethereum app reports to "get app and version" (B0 01). */
export const LEDGER_ETHEREUM_APP_NAME = 'Ethereum'
/** Name the Ledger OS reports when no app is open (the dashboard). */
export const LEDGER_DASHBOARD_APP_NAME = 'BOLOS'

/** Where the device is in its lifecycle, as the UI shows it. */
export type LedgerStatus = z.infer<typeof ledgerStatusSchema>

/** The scheme an account path belongs to. */
export type LedgerPathScheme = z.infer<typeof ledgerSchemeSchema>

/** One address of the device: its scheme, index, path and EIP-55 address. */
export type LedgerAccount = z.infer<typeof ledgerAccountSchema>

/** One line the UI or CLI shows for a status. */
export function describeLedgerStatus(status: LedgerStatus): string {
  switch (status.state) {
    case 'no-device':
      return 'No Ledger connected. Connect it with its USB cable.'
    case 'permission-denied':
      return 'The Ledger is connected but this computer does not allow access to it (install the udev rule on Linux).'
    case 'locked':
      return 'The Ledger is locked. Enter your PIN on the device.'
    case 'needs-app':
      return status.onDashboard
        ? 'The Ledger is on its dashboard. Open the Ethereum app.'
        : `The ${status.openApp} app is open on the Ledger. Close it and open the Ethereum app.`
    case 'busy':
      return 'The Ledger is busy with another screen. Finish or cancel it on the device.'
    case 'ready':
      return `Ready: Ethereum app ${status.appVersion} is open.`
    case 'awaiting-confirmation':
      return 'Confirm on your Ledger…'
    case 'disconnected':
      return 'The Ledger was disconnected.'
    case 'error':
      return status.message
  }
}

const HARDENED = 0x80000000

/** Ledger Live scheme: account i is `44'/60'/i'/0/0`. */
export function ledgerLivePath(index: number): string {
  return `44'/60'/${checkIndex(index)}'/0/0`
}

/** Legacy (MyEtherWallet / old Ledger Chrome app) scheme: account i is `44'/60'/0'/i`. */
export function legacyPath(index: number): string {
  return `44'/60'/0'/${checkIndex(index)}`
}

function checkIndex(index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= HARDENED) throw new RangeError(`Account index out of range: ${index}`)
  return index
}

/**
 * Parses a BIP-32 path (`m/44'/60'/0'/0/0`, `44h/60h/0h/0/0`) into its levels, hardened bit included.
 * Returns null when it is not a valid path: empty, over 10 levels (the Ethereum app's limit), a level that
 * is not a decimal below 2^31.
 */
export function parseDerivationPath(text: string): number[] | null {
  const trimmed = text.trim().replace(/^m\//i, '')
  if (trimmed === '') return null
  const parts = trimmed.split('/')
  if (parts.length > 10) return null
  const levels: number[] = []
  for (const part of parts) {
    const match = /^(\d{1,10})(['hH]?)$/.exec(part)
    if (!match) return null
    const value = Number(match[1])
    if (value >= HARDENED) return null
    levels.push(match[2] ? value + HARDENED : value)
  }
  return levels
}

/** The canonical text of a path (`44'/60'/0'/0/0`), or null when it is not valid. */
export function normalizeDerivationPath(text: string): string | null {
  const levels = parseDerivationPath(text)
  if (!levels) return null
  return levels.map((level) => (level >= HARDENED ? `${level - HARDENED}'` : String(level))).join('/')
}

/** Which scheme (and index) a normalised path belongs to. */
export function classifyDerivationPath(path: string): { scheme: LedgerPathScheme; index?: number } {
  const ledgerLive = /^44'\/60'\/(\d+)'\/0\/0$/.exec(path)
  if (ledgerLive) return { scheme: 'ledger-live', index: Number(ledgerLive[1]) }
  const legacy = /^44'\/60'\/0'\/(\d+)$/.exec(path)
  if (legacy) return { scheme: 'legacy', index: Number(legacy[1]) }
  return { scheme: 'custom' }
}

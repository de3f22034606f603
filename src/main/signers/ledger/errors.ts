// What a Ledger or its libraries report (status words, library errors) turned into LEDGER_* errors a person can act
// on.

import { AppError, isAppError } from '../../../shared/errors'

/** Status words the Ethereum app and the Ledger OS answer with (ledger.md §2). */
export const SW = {
  OK: 0x9000,
  USER_REJECTED: 0x6985,
  LOCKED: 0x5515,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  CLA_NOT_SUPPORTED: 0x6e00,
  INS_NOT_SUPPORTED: 0x6d00,
  APP_NOT_OPEN: 0x6e01,
  APP_NOT_OPEN_ALT: 0x6511,
  BUSY: 0x6901,
  INVALID_DATA: 0x6a80,
} as const

/** Status words that mean "the Ethereum app is not the open app" (they vary by firmware). */
export const WRONG_APP_STATUS_WORDS: readonly number[] = [SW.CLA_NOT_SUPPORTED, SW.INS_NOT_SUPPORTED, SW.APP_NOT_OPEN, SW.APP_NOT_OPEN_ALT]
export const LOCKED_STATUS_WORDS: readonly number[] = [SW.LOCKED, SW.SECURITY_STATUS_NOT_SATISFIED]

const DISCONNECTED_IDS = new Set(['DisconnectedDevice', 'DisconnectedDeviceDuringOperation', 'DeviceDisconnected'])
const NO_DEVICE_IDS = new Set(['NoDevice', 'NoDeviceFound', 'CantOpenDevice'])

interface LedgerLibraryError {
  readonly name?: unknown
  readonly id?: unknown
  readonly statusCode?: unknown
  readonly code?: unknown
  readonly message?: unknown
}

/** The status word carried by a Ledger library error (TransportStatusError, LockedDeviceError), if any. */
export function statusWordOf(error: unknown): number | undefined {
  const statusCode = (error as LedgerLibraryError | null)?.statusCode
  return typeof statusCode === 'number' ? statusCode : undefined
}

export function isWrongAppError(error: unknown): boolean {
  const sw = statusWordOf(error)
  return sw !== undefined && WRONG_APP_STATUS_WORDS.includes(sw)
}

export function hex4(sw: number): string {
  return `0x${sw.toString(16).padStart(4, '0')}`
}

/** True when an error from opening a HID device means the OS refused access (Linux without the udev rule). */
export function isPermissionError(error: unknown): boolean {
  const e = error as LedgerLibraryError | null
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return true
  return typeof e?.message === 'string' && /EACCES|permission denied|operation not permitted/i.test(e.message)
}

/**
 * Turns whatever a Ledger library threw into an AppError with a code. Matches on name, id and statusCode,
 * never instanceof: the error classes exist in several copies (ledger.md §1, pitfall 1).
 */
export function toLedgerAppError(error: unknown): AppError {
  if (isAppError(error)) return error
  const e = (error ?? {}) as LedgerLibraryError
  const name = typeof e.name === 'string' ? e.name : ''
  const id = typeof e.id === 'string' ? e.id : ''
  const sw = statusWordOf(error)
  if (sw !== undefined) {
    const detail = `status word ${hex4(sw)}`
    if (sw === SW.USER_REJECTED) return new AppError('SIGNER_REJECTED', { message: 'You rejected the request on your Ledger.', detail, cause: error })
    if (LOCKED_STATUS_WORDS.includes(sw)) return new AppError('LEDGER_LOCKED', { detail, cause: error })
    if (WRONG_APP_STATUS_WORDS.includes(sw)) return new AppError('LEDGER_WRONG_APP', { detail, cause: error })
    if (sw === SW.BUSY) return new AppError('LEDGER_BUSY', { detail, cause: error })
    return new AppError('LEDGER_DEVICE_ERROR', { message: `The Ledger answered with an error (${hex4(sw)}).`, detail, cause: error })
  }
  if (DISCONNECTED_IDS.has(name) || DISCONNECTED_IDS.has(id)) return new AppError('LEDGER_DISCONNECTED', { detail: name || id, cause: error })
  if (id === 'TransportLocked' || name === 'TransportRaceCondition' || id === 'TransportRaceCondition') {
    return new AppError('LEDGER_BUSY', { detail: id || name, cause: error })
  }
  if (NO_DEVICE_IDS.has(id) || NO_DEVICE_IDS.has(name)) return new AppError('LEDGER_NOT_FOUND', { cause: error })
  if (isPermissionError(error)) return new AppError('LEDGER_PERMISSION_DENIED', { cause: error })
  const text = typeof e.message === 'string' ? e.message : String(error)
  return new AppError('LEDGER_DEVICE_ERROR', { detail: text.slice(0, 200), cause: error })
}

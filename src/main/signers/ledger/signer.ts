// The Signer over a Ledger's Ethereum app: the address and personal_sign of one derivation path, with the prompt to
// confirm on the device.

import { AppError } from '../../../shared/errors'
import { normalizeDerivationPath } from '../../../shared/ledger'
import type { SignerPrompt } from '../types'
import { recoverPersonalSigner, sameAddress } from '../signature'
import type { Signer } from '../types'
import { LedgerConnection, type LedgerTimeouts } from './connection'
import type { LedgerTransport } from './ledgerhq'
import type { Timers } from '../../../shared/time-limit'

export const CONFIRM_ON_LEDGER_PROMPT = 'Confirm on your Ledger: check the message on the screen and approve it.'

/** A Signer for one derivation path on a Ledger. */
export interface LedgerSigner extends Signer {
  readonly kind: 'ledger'
  /** Normalised derivation path, e.g. `44'/60'/0'/0/0`. */
  readonly path: string
}

export interface LedgerSignerHooks {
  /** Prompts for the person ("Confirm on your Ledger…"); the CLI prints them on stderr. */
  readonly onPrompt?: (prompt: SignerPrompt) => void
  /** Called when a signature request reaches the device and when it is answered (the device manager's status). */
  readonly onSigning?: (phase: 'start' | 'end') => void
  /** Any error an operation ends with (the device manager re-reads the device status). */
  readonly onError?: (error: unknown) => void
  /** What close() releases. */
  readonly onClose?: () => Promise<void>
}

/**
 * The Signer over whatever connection `acquire` hands out at the moment of each call, so the device manager can
 * reopen the device after it re-enumerates without the signer noticing.
 */
export function createSignerOverConnection(acquire: () => Promise<LedgerConnection>, path: string, hooks: LedgerSignerHooks = {}): LedgerSigner {
  const normalized = normalizeDerivationPath(path)
  if (!normalized) throw new AppError('LEDGER_PATH_INVALID', { detail: path.slice(0, 100) })
  let address: string | undefined
  let closed = false

  const reporting = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation()
    } catch (error) {
      hooks.onError?.(error)
      throw error
    }
  }

  const readAddress = (): Promise<string> =>
    reporting(async () => {
      address ??= await (await acquire()).getAddress(normalized)
      return address
    })

  return {
    kind: 'ledger',
    path: normalized,
    address: readAddress,
    async signPersonalMessage(message: Uint8Array): Promise<Uint8Array> {
      if (closed) throw new AppError('LEDGER_DISCONNECTED', { message: 'This Ledger signer was closed.' })
      if (message.length === 0) throw new AppError('EMPTY_MESSAGE')
      const expected = await readAddress()
      let started = false
      try {
        const connection = await acquire()
        const signature = await connection.signPersonalMessage(normalized, message, () => {
          started = true
          hooks.onSigning?.('start')
          hooks.onPrompt?.({ kind: 'text', text: CONFIRM_ON_LEDGER_PROMPT })
        })
        // The device signed with the key at this path; a different signer means a mixed-up device or path.
        if (!sameAddress(recoverPersonalSigner(message, signature), expected)) {
          signature.fill(0)
          throw new AppError('SIGNATURE_INVALID', { message: 'The Ledger signed with a different account than the one it reported.' })
        }
        return signature
      } catch (error) {
        hooks.onError?.(error)
        throw error
      } finally {
        if (started) hooks.onSigning?.('end')
      }
    },
    async close(): Promise<void> {
      if (closed) return
      closed = true
      await hooks.onClose?.()
    },
  }
}

export interface CreateLedgerSignerOptions {
  /** An open transport: TransportNodeHid over a real device, the emulator, or a replay of recordings. */
  readonly transport: LedgerTransport
  /** Derivation path, e.g. `44'/60'/0'/0/0` (Ledger Live account 0). */
  readonly path: string
  readonly onPrompt?: (prompt: SignerPrompt) => void
  readonly timeouts?: Partial<LedgerTimeouts>
  readonly timers?: Timers
  /** Close the transport when the signer is closed (default true). */
  readonly closeTransport?: boolean
}

/** A Ledger signer over one transport that the caller opened. Exchanges are queued one at a time. */
export function createLedgerSigner(options: CreateLedgerSignerOptions): LedgerSigner {
  const connection = new LedgerConnection(options.transport, {
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  })
  return createSignerOverConnection(async () => connection, options.path, {
    ...(options.onPrompt ? { onPrompt: options.onPrompt } : {}),
    onClose: async () => {
      if (options.closeTransport !== false) await connection.close()
    },
  })
}

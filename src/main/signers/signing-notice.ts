// What a signer is about to sign, told to the window before the device asks: the message as the device shows
// it, and its EIP-191 hash, so the person can compare the two screens before approving.

import { bytesToHex } from '@noble/hashes/utils.js'
import type { SigningMessage } from '../../shared/ipc/signers'
import { personalMessageDigest } from './signature'
import type { Signer } from './types'

/** Longer messages are cut for the window (the hash still covers all of it). NumerBay's are under 100 bytes. */
const MAX_SHOWN_CHARS = 2000

/** Printable text (newlines and tabs included) as the device shows it; anything else is shown as hex. */
function asText(message: Uint8Array): string | null {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(message)
  } catch {
    return null
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text) ? null : text
}

export function describeSigningMessage(message: Uint8Array): SigningMessage {
  const text = asText(message)
  const shown = text ?? `0x${bytesToHex(message)}`
  return {
    encoding: text === null ? 'hex' : 'text',
    text: shown.length > MAX_SHOWN_CHARS ? `${shown.slice(0, MAX_SHOWN_CHARS)}…` : shown,
    bytes: message.length,
    hash: `0x${bytesToHex(personalMessageDigest(message))}`,
  }
}

/**
 * The same signer, announcing each message before it goes to the device (and null once it is signed or
 * refused). The messages are the salts and login nonces NumerBay sends: not secrets (the signature is).
 */
export function announcingSigner(signer: Signer, announce: (message: SigningMessage | null) => void): Signer {
  return {
    kind: signer.kind,
    address: () => signer.address(),
    async signPersonalMessage(message) {
      announce(describeSigningMessage(message))
      try {
        return await signer.signPersonalMessage(message)
      } finally {
        announce(null)
      }
    },
    ...(signer.close ? { close: () => signer.close!() } : {}),
  }
}

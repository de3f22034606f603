// Errors common to every signer kind and to signer specs (owned by src/main/signers): the words and the action for
// each code.

import type { ErrorCatalog } from './catalog'

export const signerErrors = {
  SIGNER_SPEC_INVALID: {
    message: 'That signer is not recognised.',
    action: 'Use env:NAME, ledger, ledger:<path> or walletconnect.',
  },
  SIGNER_ENV_MISSING: {
    message: 'The environment variable for the software signer is not set or is not a private key.',
    action: 'Set it to a 32-byte hex private key (0x…), or use another signer.',
  },
  SIGNER_REJECTED: {
    message: 'The signature request was rejected.',
    action: 'Approve the request on your device or wallet to continue.',
    expected: true,
  },
  SIGNATURE_INVALID: {
    message: 'The wallet returned a signature that does not belong to its address.',
    action: 'Use an ordinary wallet account (not a smart-contract wallet).',
  },
  KEY_SALT_SIGN_REFUSED: {
    message:
      "This is a NumerBay key-salt message: its signature IS the storage key that decrypts your NumerBay private key, so anyone who sees the signature can read your purchases. Nothing was signed.",
    action: 'Do not sign it for anyone else. To derive the storage key yourself on purpose, run the command again with --allow-key-salt and keep the signature secret.',
  },
  EMPTY_MESSAGE: {
    message: 'There is nothing to sign: the message is empty.',
    action: 'Provide a non-empty message.',
  },
} as const satisfies ErrorCatalog

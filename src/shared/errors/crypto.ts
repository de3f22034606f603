// Key scheme, key file and sealed-box errors (owned by src/main/crypto): the words and the action for each code.

import type { ErrorCatalog } from './catalog'

export const cryptoErrors = {
  SEALED_TOO_SHORT: {
    message: 'This file is too short to be a NumerBay encrypted file (it needs at least 48 bytes).',
    action: 'Download the file again; it may be incomplete.',
  },
  SEALED_AUTH_FAILED: {
    message: 'The file could not be decrypted: it is not sealed to this key, or it was damaged.',
    action: 'Check that you chose the key for this purchase, or download the file again.',
  },
  KEY_FILE_INVALID: {
    message: 'The key file is not a valid NumerBay key file.',
    action: 'Choose the numerbay.json you exported (it holds "public_key" and "private_key").',
  },
  KEY_FILE_MISMATCH: {
    message: 'The key file is damaged: its public key does not belong to its private key.',
    action: 'Export the key file again from NumerBay Desktop or numerbay.ai.',
  },
  KEY_BLOB_INVALID: {
    message: 'The stored encrypted key is not in the NumerBay v2 format.',
    action: 'Check that you copied the whole encrypted_private_key_v2 value.',
  },
  KEY_SALT_INVALID: {
    message:
      'NumerBay asked your wallet to sign a message that is not a NumerBay key salt, so nothing was signed: signing whatever a server sends could give away a signature meant for something else.',
    action: 'Check the API address setting (it should be https://numerbay.ai/backend-api/v1). If it is, report this to NumerBay.',
  },
  KEY_UNWRAP_FAILED: {
    message: 'Your wallet signature did not unlock this key.',
    action: 'Sign with the same wallet and account that created the key on NumerBay.',
  },
  SIGNER_NOT_DETERMINISTIC: {
    message:
      'Your wallet gave two different signatures for the same message, so it cannot protect a NumerBay key: you would be locked out of your own key.',
    action: 'Use a wallet that signs deterministically (a Ledger, MetaMask, or most phone wallets).',
  },
} as const satisfies ErrorCatalog

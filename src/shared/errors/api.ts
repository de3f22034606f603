// NumerBay API and account errors (owned by src/main/numerbay and src/main/vault): the words and the action for
// each code.

import type { ErrorCatalog } from './catalog'

export const apiErrors = {
  API_UNREACHABLE: {
    message: 'NumerBay could not be reached.',
    action: 'Check your internet connection (or the API address setting) and try again.',
  },
  API_TIMEOUT: {
    message: 'NumerBay did not answer in time.',
    action: 'Try again in a moment.',
  },
  API_SERVER_ERROR: {
    message: 'NumerBay had a server error.',
    action: 'Try again in a few minutes.',
  },
  API_BUSY: {
    message: 'NumerBay is busy and asked this app to slow down.',
    action: 'Try again in a few minutes; watch mode waits and retries by itself.',
  },
  API_BAD_RESPONSE: {
    message: 'NumerBay sent an answer this app does not understand.',
    action: 'Check the API address setting; if it is right, update NumerBay Desktop.',
  },
  API_REDIRECT_REFUSED: {
    message: 'NumerBay answered with a redirect, which this app does not follow: the request (and your sign-in) was not sent on.',
    action: 'Check the API address setting: it must be the exact API address, such as https://numerbay.ai/backend-api/v1.',
  },
  API_SIGN_IN_REQUIRED: {
    message: 'You are not signed in to NumerBay.',
    action: 'Sign in with your wallet or your username and password.',
  },
  API_SESSION_EXPIRED: {
    message: 'Your NumerBay sign-in has expired.',
    action: 'Sign in again.',
    expected: true,
  },
  API_SIGN_IN_FAILED: {
    message: 'NumerBay did not accept the sign-in.',
    action: 'Check the wallet account, or the username and password, and try again.',
  },
  API_INACTIVE_USER: {
    message: 'This NumerBay account is not active.',
    action: 'Sign in once with its wallet on numerbay.ai (or here) to activate it.',
  },
  API_FORBIDDEN: {
    message: 'NumerBay refused the request.',
    action: 'Downloads are only possible while an order is confirmed and covers the current selling round.',
  },
  API_NOT_FOUND: {
    message: 'NumerBay could not find that item.',
    action: 'Refresh your orders and try again.',
  },
  API_REJECTED: {
    message: 'NumerBay rejected the request.',
    action: 'Check the values and try again.',
  },
  ACCOUNT_NO_KEY: {
    message: 'This NumerBay account has no encryption key yet.',
    action: 'Create one (key replace) before buying encrypted products.',
  },
  ACCOUNT_LEGACY_KEY: {
    message:
      'This account only has a legacy (v1) key, made with MetaMask encryption, which hardware and phone wallets cannot open.',
    action: 'Import a numerbay.json you exported earlier on numerbay.ai, or replace the key pair with a new v2 key.',
  },
  ACCOUNT_WALLET_MISMATCH: {
    message: 'The wallet that signed is not the one linked to this NumerBay account.',
    action: 'Choose the wallet account linked to NumerBay (see whoami).',
  },
  VAULT_LOCKED: {
    message: 'Your NumerBay key is locked.',
    action: 'Unlock it by signing with your wallet.',
    expected: true,
  },
  VAULT_WRONG_WALLET: {
    message: 'Your wallet signature did not unlock the NumerBay key: it was created with a different wallet or account.',
    action: 'Sign with the wallet account that created the key on NumerBay. Nothing was changed.',
  },
  KEYRING_INVALID: {
    message: 'The local keyring file is damaged or not a NumerBay Desktop keyring.',
    action: 'Move the keyring file away (it is named in the details) and try again; older keys in it cannot be used.',
  },
  KEYRING_WRONG_WALLET: {
    message: 'This wallet cannot open the local keyring of older keys.',
    action: 'Sign with the wallet account that created the keyring.',
  },
  KEY_REPLACE_NOT_CONFIRMED: {
    message: 'The key pair was not replaced.',
    action: 'Confirm the replacement to continue.',
    expected: true,
  },
  KEY_REPLACE_UNVERIFIED: {
    message: 'NumerBay did not store the new key as expected.',
    action: 'Check your account on numerbay.ai; your old key is kept in the local keyring.',
  },
  KEY_FILE_NOT_ACCOUNT: {
    message: 'This key file does not belong to your NumerBay account.',
    action: 'Choose the numerbay.json exported for this account.',
  },
} as const satisfies ErrorCatalog

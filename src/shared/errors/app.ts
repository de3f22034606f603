// Desktop app and IPC errors (owned by src/main/app, src/main/desktop and src/shared/ipc): the words and the action
// for each code.

import type { ErrorCatalog } from './catalog'

export const appErrors = {
  NOT_AVAILABLE: {
    message: 'This feature is not available in this build yet.',
    action: 'Update NumerBay Desktop, or use the command-line interface for this task.',
  },
  IPC_FORBIDDEN: {
    message: 'A request came from a page that is not part of NumerBay Desktop and was refused.',
    action: 'Restart the app. If it happens again, report it.',
  },
  EXTERNAL_LINK_BLOCKED: {
    message: 'That link leads outside the sites NumerBay Desktop opens.',
    action: 'Open it yourself in a browser if you trust it.',
  },
  NO_SIGNER: {
    message: 'No wallet is connected.',
    action: 'Connect your Ledger or a WalletConnect wallet first.',
  },
  SIGNER_CANNOT_SIGN: {
    message: 'A key file cannot sign: it only decrypts.',
    action: 'Connect your Ledger or a WalletConnect wallet to sign in or manage the key.',
  },
  NOT_SIGNED_IN: {
    message: 'You are not signed in to NumerBay.',
    action: 'Sign in with your wallet or your username and password.',
  },
  SETTING_FROM_ENVIRONMENT: {
    message: 'An environment variable sets this for the running app.',
    action: 'Unset the variable and restart the app to choose it here.',
  },
  SETTINGS_INVALID: {
    message: 'The settings file could not be read; defaults are used.',
    action: 'Check your settings and save them again.',
  },
  DEMO_SERVER_ONLY: {
    message: 'The demo wallet only works with the built-in demo server.',
    action: 'Start the demo server from Settings first.',
  },
  FOLDER_NOT_ALLOWED: {
    message: 'That folder was not chosen in NumerBay Desktop.',
    action: 'Open the download or output folder from the app.',
  },
} as const satisfies ErrorCatalog

// WalletConnect errors (owned by src/main/signers/walletconnect): the words and the action for each code. Messages
// never contain the pairing URI.

import { WALLETCONNECT_DASHBOARD_URL } from '../links'
import type { ErrorCatalog } from './catalog'

export const walletConnectErrors = {
  WC_PROJECT_ID_MISSING: {
    message: 'WalletConnect needs a project id to use the public relay.',
    action:
      `Create a free project at ${WALLETCONNECT_DASHBOARD_URL} (WalletConnect Cloud), then set its id in Settings or in NUMERBAY_WC_PROJECT_ID.`,
  },
  WC_RELAY_UNREACHABLE: {
    message: 'The WalletConnect relay could not be reached.',
    action: 'Check your internet connection (or NUMERBAY_WC_RELAY_URL), then try again.',
  },
  WC_SESSION_REJECTED: {
    message: 'The connection was rejected in your wallet.',
    action: 'Scan the QR code again and approve the connection in your wallet.',
    expected: true,
  },
  WC_NOT_CONNECTED: {
    message: 'No wallet is connected over WalletConnect.',
    action: 'Connect your phone wallet by scanning the QR code first.',
  },
  WC_SESSION_ENDED: {
    message: 'The WalletConnect session ended (it was disconnected in the wallet or it expired).',
    action: 'Connect your phone wallet again by scanning a new QR code.',
  },
  WC_SESSION_UNSUPPORTED: {
    message: 'The connected wallet did not share an Ethereum account that can sign messages (personal_sign).',
    action: 'Connect with an Ethereum account in your wallet and allow message signing.',
  },
  WC_ACCOUNT_MISMATCH: {
    message: 'The connected wallet account is not the account of this NumerBay login.',
    action: 'Switch to the right account in your wallet, or disconnect and connect the right wallet.',
  },
  WC_REQUEST_TIMEOUT: {
    message: 'The signature request was not answered in time.',
    action: 'Open your wallet app, then try again and approve the request on your phone.',
  },
  WC_SMART_CONTRACT_SIGNATURE: {
    message:
      'The wallet answered with a signature that does not come from its account key. This happens with smart-contract wallets (Safe, Argent, account-abstraction wallets): their signatures are checked on-chain and are not the same every time, so such a wallet cannot hold a NumerBay v2 key.',
    action: 'Use an ordinary wallet account (an externally owned account, such as MetaMask Mobile, Rainbow or Trust Wallet).',
  },
  WC_STORAGE_INVALID: {
    message: 'The saved WalletConnect sessions could not be read.',
    action: 'Delete the "walletconnect" folder inside the NumerBay Desktop data folder, then connect your wallet again.',
  },
} as const satisfies ErrorCatalog

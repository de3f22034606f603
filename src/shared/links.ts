/** Addresses the app and its messages point people to, one spelling each (the error catalog, Settings, the doctor). */

/** Where a WalletConnect (Reown) project id is created. */
export const WALLETCONNECT_DASHBOARD_URL = 'https://dashboard.reown.com'

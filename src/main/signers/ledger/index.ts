/** Ledger over USB HID: a signer over any Transport, the device manager the app and CLI use, account discovery. */
export { createLedgerSigner, createSignerOverConnection, CONFIRM_ON_LEDGER_PROMPT, type LedgerSigner, type CreateLedgerSignerOptions } from './signer'
export { LedgerConnection, DEFAULT_LEDGER_TIMEOUTS, parseAppAndVersion, type LedgerTimeouts, type AppAndVersion } from './connection'
export {
  createLedgerDeviceManager,
  errorForStatus,
  DEFAULT_DISCOVERY_COUNT,
  type LedgerDeviceManager,
  type LedgerDeviceManagerOptions,
  type LedgerSignerForOptions,
} from './device-manager'
export { createNodeHidBackend, isLedgerHidInterface, isNativeLoadError, ledgerUnavailable, LEDGER_USB_VENDOR_ID, type LedgerHidBackend, type LedgerDeviceDescriptor, type LedgerHotplugEvent } from './hid'
export { ledgerBackendFromEnv, parseLedgerTransportEnv, LEDGER_TRANSPORT_ENV } from './transport-from-env'
export { toLedgerAppError, SW } from './errors'
export { createLedgerSignerFromSpec } from './from-spec'
export type { LedgerTransport } from './ledgerhq'

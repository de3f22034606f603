/**
 * Ledger over USB HID: a signer over any Transport, the device manager the app and CLI use, account discovery.
 *
 * - `createLedgerDeviceManager({ backend, watch?, graceMs? })` is "the Ledger" for the app and the CLI: `status`
 *   and `onStatus(listener) → unsubscribe` for the UI, `refresh()`, `requireReady()` (throws the LEDGER_* error
 *   the state stands for), `accounts(count)` (both derivation schemes, read silently), `discoverAccount(address)`,
 *   `signerFor(path)` and `close()`. The app watches (hotplug plus polling); the CLI passes `watch: false` and
 *   probes on demand, so no timer keeps its process alive. `graceMs` (5 s) covers the USB re-enumeration a Ledger
 *   does when an app opens or closes, so a signer follows the device instead of failing.
 * - `createLedgerSigner({ transport, path, onPrompt?, timeouts? })` is a `Signer` over any
 *   `@ledgerhq/hw-transport` Transport (USB, the emulator, a replay of recordings); exchanges are queued one at a
 *   time because the device answers one APDU at a time.
 * - The backend comes from `ledgerBackendFor(transport)`: node-hid over USB, or the test emulator when
 *   NUMERBAY_LEDGER_TRANSPORT=emulator:<words> (development checkouts only; src/main/config reads the variable).
 *
 * The status and account types the UI shows are in src/shared/ledger.ts; the error codes (LEDGER_*, plus the
 * shared SIGNER_REJECTED and EMPTY_MESSAGE) in src/shared/errors/ledger.ts. User guide: docs/user/ledger.md.
 */

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
export { ledgerBackendFor, parseLedgerTransportEnv } from './transport-from-env'
export { toLedgerAppError, SW } from './errors'
export { createLedgerSignerFromSpec } from './from-spec'
export type { LedgerTransport } from './ledgerhq'

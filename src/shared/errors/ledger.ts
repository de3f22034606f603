// Ledger errors (owned by src/main/signers/ledger): the words and the action for each code, with the fixes that
// depend on the platform (the udev rule, the USB library).

import type { ErrorCatalog } from './catalog'

/** The udev command the permission error and docs/user/ledger.md give (Linux only). */
export const LEDGER_UDEV_INSTALL_COMMAND =
  'sudo cp resources/udev/20-hw1.rules /etc/udev/rules.d/ && sudo udevadm control --reload-rules && sudo udevadm trigger'

/**
 * What to do when USB access cannot be loaded, per platform: on Linux node-hid's prebuilt binary links the
 * system's libusb-1.0, which a minimal install may lack; elsewhere the module ships inside the app.
 */
export function ledgerUnavailableAction(platform: string): string {
  if (platform === 'linux') {
    return 'Install the USB library, then restart NumerBay Desktop: sudo apt-get install libusb-1.0-0 (Debian, Ubuntu) or sudo dnf install libusb1 (Fedora).'
  }
  if (platform === 'darwin' || platform === 'win32') return 'Reinstall NumerBay Desktop: its USB module is missing or damaged.'
  return 'USB access to a Ledger is not supported on this system: sign with a phone wallet (WalletConnect) instead.'
}

/** A user rejecting on the device is SIGNER_REJECTED (./signers.ts). */
export const ledgerErrors = {
  LEDGER_NOT_FOUND: {
    message: 'No Ledger was found.',
    action: 'Connect your Ledger with its USB cable, unlock it and open the Ethereum app.',
  },
  LEDGER_LOCKED: {
    message: 'Your Ledger is locked.',
    action: 'Enter your PIN on the Ledger, open the Ethereum app, then try again.',
  },
  LEDGER_WRONG_APP: {
    message: 'The Ethereum app is not open on your Ledger.',
    action: 'Open the Ethereum app on your Ledger, then try again.',
  },
  LEDGER_BUSY: {
    message: 'Your Ledger is busy with another request or screen.',
    action: 'Finish or cancel what is shown on the Ledger (or close Ledger Live and other wallet apps), then try again.',
  },
  LEDGER_DISCONNECTED: {
    message: 'The Ledger was disconnected before it answered.',
    action: 'Reconnect the Ledger, unlock it, open the Ethereum app and try again.',
  },
  LEDGER_TIMEOUT: {
    message: 'The Ledger did not answer in time.',
    action: 'Check that the Ledger is unlocked with the Ethereum app open, reconnect it if needed, and try again.',
  },
  LEDGER_MESSAGE_TOO_LONG: {
    message: 'The message is too long for the Ledger Ethereum app (at most 32766 bytes).',
    action: 'Sign a shorter message.',
  },
  LEDGER_PERMISSION_DENIED: {
    message: 'This computer does not allow NumerBay Desktop to open the Ledger (permission denied on the USB device).',
    action: `On Linux, install Ledger's udev rule once, then unplug and replug the Ledger: ${LEDGER_UDEV_INSTALL_COMMAND}`,
  },
  LEDGER_ACCOUNT_NOT_FOUND: {
    message: 'None of the first accounts on this Ledger has the NumerBay account address.',
    action: 'Check that this Ledger holds the wallet you log in to NumerBay with, or give the derivation path of that account.',
  },
  LEDGER_PATH_INVALID: {
    message: 'That derivation path is not valid.',
    action: "Use a BIP-32 path such as 44'/60'/0'/0/0 (at most 10 levels; ' marks a hardened level).",
  },
  LEDGER_DEVICE_ERROR: {
    message: 'The Ledger answered with an error.',
    action: 'Update the Ethereum app in Ledger Live if it is old, reconnect the Ledger and try again.',
  },
  LEDGER_UNAVAILABLE: {
    message: 'USB access to a Ledger is not available on this computer (the USB HID module could not be loaded).',
    action: 'Reinstall NumerBay Desktop. On Linux, install the libusb-1.0-0 package.',
  },
  LEDGER_IN_USE: {
    message: 'Your Ledger is connected, but another program is using it.',
    action: 'Close Ledger Live, browser tabs that use a Ledger and other wallet apps, then try again.',
  },
  LEDGER_EMULATOR_INVALID: {
    message: 'NUMERBAY_LEDGER_TRANSPORT is not a valid Ledger emulator setting.',
    action: 'Use emulator:<12 or 24 mnemonic words>[;mode=ready|locked|dashboard|other-app|reject|slow|unplug|busy|frozen], or unset it.',
  },
} as const satisfies ErrorCatalog

import type { LedgerStatusView } from '../../../../shared/ipc'

export interface LedgerStatusText {
  /** A short label for badges and the header. */
  readonly label: string
  /** What the person should do now. */
  readonly advice: string
  readonly color: string
  /** How far along the checklist (plug in, unlock, open the Ethereum app, ready) the device is: 0..4. */
  readonly step: number
}

/** The device panel's words for each Ledger state. */
export function ledgerStatusText(status: LedgerStatusView | undefined): LedgerStatusText {
  if (!status) return { label: 'Checking…', advice: 'Looking for a Ledger on USB…', color: 'gray', step: 0 }
  switch (status.state) {
    case 'no-device':
      return { label: 'No Ledger', advice: 'Plug in your Ledger with a USB cable.', color: 'gray', step: 0 }
    case 'disconnected':
      return { label: 'Disconnected', advice: 'The Ledger was unplugged. Plug it in again.', color: 'orange', step: 0 }
    case 'permission-denied':
      return {
        label: 'No permission',
        advice:
          'Linux blocks access to the Ledger until its udev rule is installed (vendor 2c97). Install the rule that ships with the app, then unplug and replug the device.',
        color: 'red',
        step: 0,
      }
    case 'locked':
      return { label: 'Locked', advice: 'Enter your PIN on the Ledger to unlock it.', color: 'orange', step: 1 }
    case 'needs-app':
      return {
        label: 'Open the Ethereum app',
        advice: status.onDashboard
          ? 'Open the Ethereum app on your Ledger.'
          : `${status.openApp} is open on your Ledger. Close it and open the Ethereum app.`,
        color: 'orange',
        step: 2,
      }
    case 'busy':
      return { label: 'Busy', advice: 'The Ledger is showing its own screen. Finish or close it on the device.', color: 'orange', step: 2 }
    case 'ready':
      return { label: 'Ready', advice: `Ethereum app ${status.appVersion} is open. Your Ledger is ready.`, color: 'teal', step: 4 }
    case 'awaiting-confirmation':
      return { label: 'Confirm on your Ledger', advice: 'Check the message on your Ledger and approve it.', color: 'bay', step: 4 }
    case 'error':
      return { label: 'Problem', advice: status.message, color: 'red', step: 0 }
  }
}

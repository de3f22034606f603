/**
 * The doctor's report (`numerbay-desktop doctor`, Settings → Diagnostics): one list of checks, each ok,
 * warning, failed or skipped, with one sentence saying what was found and, when something is wrong, one
 * sentence saying how to fix it. Serialisable; no Node, no DOM. The checks are explained one by one in
 * docs/user/troubleshooting.md (ids below are stable: scripts read them from `doctor --json`).
 */

export type CheckStatus = 'ok' | 'warning' | 'failed' | 'skipped'

export const CHECK_IDS = [
  'versions',
  'usb-module',
  'udev-rule',
  'hid-access',
  'ledger',
  'ethereum-app',
  'walletconnect-project',
  'walletconnect-relay',
  'api',
  'clock',
  'data-folder',
  'key-files',
  'download-folder',
  'free-space',
] as const

export type CheckId = (typeof CHECK_IDS)[number]

export interface DiagnosticCheck {
  readonly id: CheckId
  readonly title: string
  readonly status: CheckStatus
  /** What was found, in one sentence. For `skipped`, why it was skipped. */
  readonly summary: string
  /** How to fix it, in one sentence (warning and failed only). */
  readonly fix?: string
}

export interface DiagnosticVersions {
  readonly app: string
  /** `node` for the CLI, `electron` in the desktop app. */
  readonly runtime: 'node' | 'electron'
  readonly node: string
  readonly electron?: string
  /** e.g. "Linux 6.1.0 x64". */
  readonly os: string
}

export interface DiagnosticsReport {
  readonly generatedAt: string
  readonly versions: DiagnosticVersions
  readonly checks: DiagnosticCheck[]
  /** Counts by status. */
  readonly counts: Readonly<Record<CheckStatus, number>>
}

/** Said by the bundle, the CLI and the app: support needs none of these, ever. */
export const SUPPORT_NOTICE =
  'NumerBay support never asks for your private key, your seed phrase (recovery words) or a signature: never send them to anyone, whoever asks.'

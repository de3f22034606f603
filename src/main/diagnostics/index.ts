/**
 * The doctor: what is wrong on this computer and how to fix it, for `numerbay-desktop doctor` and the app's
 * Settings → Diagnostics. Plain Node: the checks (checks.ts) run against injectable probes (probes.ts).
 *
 *   const report = await runDiagnostics(input)                 // DiagnosticsReport; never throws
 *   await writeSupportBundle(file, report, { dataDir })         // 0600, every secret removed
 *
 * `appDiagnosticsInput(host)` builds the input from the desktop backend (the Ledger as the app holds it,
 * the signed-in session for the next sync's size); the CLI builds its own from flags and the environment.
 */
import { readFile } from 'node:fs/promises'
import { arch, release, type } from 'node:os'
import { SUPPORT_NOTICE, type DiagnosticsReport, type DiagnosticVersions } from '../../shared/diagnostics'
import type { LedgerStatus } from '../../shared/ledger'
import type { Settings } from '../../shared/ipc/settings'
import { loadManifest, previousPathsOf } from '../downloads/manifest'
import { gatherPlan, type ClientRunner } from '../downloads/plan-source'
import { writeFileAtomic } from '../fs/atomic-file'
import { logFilePath, scrubSecrets } from '../log'
import type { KnownKeys } from '../numerbay/mappers'
import type { NumerBayClient } from '../numerbay/client'
import { APP_VERSION } from '../version'
import { runChecks, type DiagnosticsInput, type NextSync } from './checks'
import { realProbes, type DiagnosticsProbes } from './probes'

export { CHECK_TITLES, runChecks, type DiagnosticsInput, type NextSync } from './checks'
export { realProbes, type DiagnosticsProbes } from './probes'

export async function runDiagnostics(input: DiagnosticsInput, probes: DiagnosticsProbes = realProbes()): Promise<DiagnosticsReport> {
  return runChecks(input, probes)
}

/** App, runtime and OS versions of this process. */
export function currentVersions(): DiagnosticVersions {
  const electron = process.versions.electron
  return {
    app: APP_VERSION,
    runtime: electron ? 'electron' : 'node',
    node: process.versions.node,
    ...(electron ? { electron } : {}),
    os: `${type()} ${release()} ${arch()}`,
  }
}

/**
 * Bytes and files the next sync of the active orders would fetch into `outDir`: the plan, less what the sync
 * record already holds as done. Needs a signed-in client; nothing is unlocked (the keys the account names are
 * enough to know which files are sealed to them).
 */
export async function nextSyncSize(client: NumerBayClient, keys: KnownKeys, outDir: string): Promise<NextSync> {
  const held = new Set([keys.currentPublicKey, ...keys.keyringPublicKeys].filter((key): key is string => Boolean(key)))
  const { manifest } = await loadManifest(outDir, undefined, true)
  const run: ClientRunner = (task) => task(client)
  const previousPaths = previousPathsOf(Object.values(manifest.entries))
  const plan = await gatherPlan(run, { scope: 'active', hasKey: (key) => held.has(key), previousPaths })
  let bytes = 0
  let files = 0
  for (const download of plan.downloads) {
    if (manifest.entries[download.key]?.state === 'done') continue
    bytes += download.declaredSize ?? 0
    files++
  }
  return { bytes, files }
}

/** What the doctor needs from the desktop app (src/main/desktop's system domain gathers it). */
export interface AppDiagnosticsHost {
  readonly dataDir: string
  readonly settings: Settings
  /** From src/main/config: the relay (the project id is in the settings). */
  readonly walletConnectRelayUrl?: string
  readonly ledgerTransport?: string
  readonly keyFilePath?: string
  /** The Ledger as the app already holds it, or null when it has no connection yet. */
  readonly ledgerStatus: () => Promise<LedgerStatus | null>
  /** The signed-in client and the keys known now; null when signed out. */
  readonly signedIn: () => Promise<{ client: NumerBayClient; keys: KnownKeys } | null>
}

/**
 * The doctor's input in the desktop app: its settings, the Ledger as the app already holds it (opening it a
 * second time would look like "another program is using it"), and the next sync's size when signed in.
 */
export function appDiagnosticsInput(host: AppDiagnosticsHost): DiagnosticsInput {
  const { settings } = host
  return {
    ledgerTransport: host.ledgerTransport,
    platform: process.platform,
    versions: currentVersions(),
    dataDir: host.dataDir,
    apiUrl: settings.apiUrl,
    walletConnect: { projectId: settings.walletConnectProjectId ?? undefined, relayUrl: host.walletConnectRelayUrl },
    downloadDir: settings.downloadDir,
    keyFilePath: host.keyFilePath ?? null,
    ledgerStatus: host.ledgerStatus,
    async nextSync() {
      const signedIn = await host.signedIn()
      if (!signedIn) return { unknown: 'sign in to compare it with what the next sync fetches' }
      return nextSyncSize(signedIn.client, signedIn.keys, settings.downloadDir!)
    },
  }
}

/** Runs the doctor for the desktop app (the `runDiagnostics` IPC channel). */
export function runAppDiagnostics(host: AppDiagnosticsHost): Promise<DiagnosticsReport> {
  return runDiagnostics(appDiagnosticsInput(host))
}

const BUNDLE_LOG_LINES = 200

async function lastLines(path: string, count: number): Promise<string[]> {
  try {
    const text = await readFile(path, 'utf8')
    return text.split('\n').filter((line) => line.trim() !== '').slice(-count)
  } catch {
    return []
  }
}

export interface SupportBundle {
  readonly notice: string
  readonly generatedAt: string
  readonly versions: DiagnosticsReport['versions']
  readonly counts: DiagnosticsReport['counts']
  readonly checks: DiagnosticsReport['checks']
  /** The last lines of each log, scrubbed. */
  readonly logs: Readonly<Record<string, readonly string[]>>
}

/** The bundle's content: the report and the last log lines, with everything shaped like a secret removed. */
export async function supportBundle(report: DiagnosticsReport, options: { dataDir: string; logLines?: number }): Promise<SupportBundle> {
  const logs: Record<string, string[]> = {}
  for (const name of ['app', 'cli']) {
    const lines = await lastLines(logFilePath(options.dataDir, name), options.logLines ?? BUNDLE_LOG_LINES)
    if (lines.length > 0) logs[`${name}.log`] = lines.map(scrubSecrets)
  }
  const checks = report.checks.map((check) => ({
    ...check,
    summary: scrubSecrets(check.summary),
    ...(check.fix ? { fix: scrubSecrets(check.fix) } : {}),
  }))
  return { notice: SUPPORT_NOTICE, generatedAt: report.generatedAt, versions: report.versions, counts: report.counts, checks, logs }
}

/** Writes the support bundle (JSON) atomically, readable by you only (0600). Never replaces an existing file. */
export async function writeSupportBundle(path: string, report: DiagnosticsReport, options: { dataDir: string; logLines?: number; overwrite?: boolean }): Promise<void> {
  const bundle = await supportBundle(report, options)
  await writeFileAtomic(path, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600, overwrite: options.overwrite ?? false })
}

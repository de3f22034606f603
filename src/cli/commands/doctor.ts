// `doctor`: runs the diagnostics checks (src/main/diagnostics) from the command line and prints each with its fix,
// or JSON, and writes a support bundle on request. Signing in is optional: it only sizes the next sync.

import { resolve } from 'node:path'
import type { Command } from 'commander'
import { currentVersions, nextSyncSize, runDiagnostics, writeSupportBundle, type NextSync } from '../../main/diagnostics'
import { normalizeApiBaseUrl } from '../../main/numerbay/api-url'
import { SUPPORT_NOTICE, type CheckStatus, type DiagnosticsReport } from '../../shared/diagnostics'
import { loadConfig } from '../config'
import type { CliContext } from '../context'
import { EXIT_FAILED, EXIT_OK } from '../errors'
import { styleFor, type Style } from '../style'
import { addSignInOptions, withAccount, type SignInOptions } from './account'

interface DoctorOptions extends SignInOptions {
  readonly json?: boolean
  readonly bundle?: string
  readonly out?: string
}

const WORD: Record<CheckStatus, string> = { ok: 'ok', warning: 'warning', failed: 'FAILED', skipped: 'skipped' }

function paint(status: CheckStatus, text: string, style: Style): string {
  if (status === 'ok') return style.green(text)
  if (status === 'warning') return style.yellow(text)
  if (status === 'failed') return style.red(text)
  return text
}

/** The report for a person: one line per check, its fix under it, the counts, and the support notice. */
export function formatReport(report: DiagnosticsReport, style: Style): string {
  const lines = ['NumerBay Desktop doctor', '']
  for (const check of report.checks) {
    lines.push(`  ${paint(check.status, WORD[check.status].padEnd(8), style)} ${style.bold(check.title)}: ${check.summary}`)
    if (check.fix) lines.push(`           fix: ${check.fix}`)
  }
  const { counts } = report
  lines.push('', `${counts.ok} ok, ${counts.warning} warning(s), ${counts.failed} failed, ${counts.skipped} skipped.`, SUPPORT_NOTICE)
  return `${lines.join('\n')}\n`
}

/** Registers `doctor` on the program. */
export function registerDoctorCommands(program: Command, context: CliContext): void {
  addSignInOptions(
    program
      .command('doctor')
      .description(
        'Check this computer for what NumerBay Desktop needs (USB and the Ledger, WalletConnect, the NumerBay API and the clock, ' +
          'folder permissions, free space) and say how to fix each problem. Exit 1 when a check failed.',
      ),
  )
    .option('--json', 'print the report as JSON (for scripts)')
    .option('--bundle <file>', 'also write a support bundle to FILE (the checks, versions and last log lines; every secret removed; 0600)')
    .option('--out <dir>', 'the download folder to check (default: the app\'s download folder from its settings)')
    .addHelpText('after', '\nWith --signer or --username the doctor signs in to compare free space with what the next sync fetches; without, that part is skipped.\n')
    .action(async (options: DoctorOptions, command: Command) => {
      const config = await loadConfig(command, context)
      const { dataDir, settings } = config
      const downloadDir = options.out ? resolve(context.cwd, options.out) : settings.downloadDir
      const signingIn = Boolean(options.signer || options.username)
      const nextSync = async (): Promise<NextSync> => {
        if (!downloadDir) return { unknown: 'no download folder to compare with' }
        if (!signingIn) return { unknown: 'not signed in, so what the next sync fetches is unknown (add --signer SPEC or --username NAME)' }
        return withAccount(command, options, context, ({ client, vault }) => nextSyncSize(client, vault.knownKeys(), downloadDir))
      }
      const keyPath = config.keyPath ? resolve(context.cwd, config.keyPath) : null
      const report = await runDiagnostics({
        ledgerTransport: config.ledgerTransport,
        platform: process.platform,
        versions: currentVersions(),
        dataDir,
        apiUrl: normalizeApiBaseUrl(settings.apiUrl),
        walletConnect: config.walletConnect,
        downloadDir,
        keyFilePath: keyPath,
        nextSync,
      })
      context.log?.info({ event: 'doctor', counts: report.counts, failed: report.checks.filter((check) => check.status === 'failed').map((check) => check.id) }, 'doctor ran')
      if (options.bundle) {
        const path = resolve(context.cwd, options.bundle)
        await writeSupportBundle(path, report, { dataDir })
        context.stderr.write(`Support bundle written to ${path} (readable by you only). Nothing secret is in it. ${SUPPORT_NOTICE}\n`)
      }
      if (options.json) context.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
      else context.stdout.write(formatReport(report, styleFor(context.stdout, context.env)))
      context.exitCode = report.counts.failed > 0 ? EXIT_FAILED : EXIT_OK
    })
}

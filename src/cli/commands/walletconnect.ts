// `walletconnect connect|status|disconnect`: pairs a phone wallet and keeps the session for the `walletconnect`
// signer; also how any command shows a pairing (a terminal QR code and the wc: link on stderr).

import type { Command } from 'commander'
import QRCode from 'qrcode'
import type { SignerPrompt } from '../../main/signers/types'
import { createWalletConnectService } from '../../main/signers/walletconnect/from-spec'
import { loadConfig } from '../config'
import type { WalletConnectService } from '../../main/signers/walletconnect/service'
import type { WalletConnectSessionInfo } from '../../shared/walletconnect'
import type { CliContext } from '../context'
import { listenForStop } from '../stop'

interface JsonOption {
  readonly json?: boolean
}

/**
 * Prints a signer prompt on stderr: text as a line; a WalletConnect pairing as a terminal QR code plus the
 * wc: link to paste into a wallet. Any command that resolves a signer can pass this as `onPrompt`.
 */
export async function printSignerPrompt(prompt: SignerPrompt, stderr: CliContext['stderr']): Promise<void> {
  if (prompt.kind === 'text') {
    stderr.write(`${prompt.text}\n`)
    return
  }
  const qr = await QRCode.toString(prompt.uri, { type: 'terminal', small: true, errorCorrectionLevel: 'L' })
  const expires = new Date(prompt.expiresAt).toLocaleTimeString()
  stderr.write(
    `\nScan this QR code with your phone wallet (WalletConnect):\n\n${qr}\n` +
      `Or paste this link into your wallet (keep it private; it works until ${expires}, then a new code is shown):\n` +
      `${prompt.uri}\n\n`,
  )
}

/** A prompt handler that prints in order, even though QR rendering is asynchronous. */
export function signerPromptPrinter(stderr: CliContext['stderr']): (prompt: SignerPrompt) => void {
  let queue = Promise.resolve()
  return (prompt) => {
    queue = queue.then(() => printSignerPrompt(prompt, stderr)).catch(() => undefined)
  }
}

function describeSession(session: WalletConnectSessionInfo): string {
  return `${session.walletName}, account ${session.address} (${session.chainId}), session expires ${new Date(session.expiresAt).toISOString()}`
}

async function withService<T>(command: Command, context: CliContext, run: (service: WalletConnectService) => Promise<T>): Promise<T> {
  const config = await loadConfig(command, context)
  const service = createWalletConnectService({ walletConnect: config.walletConnect, dataDir: config.dataDir })
  try {
    await service.start()
    return await run(service)
  } finally {
    await service.close()
  }
}

/** Registers the `walletconnect` group. Pairing prints to stderr; results go to stdout. */
export function registerWalletconnectCommands(program: Command, context: CliContext): void {
  const group = program
    .command('walletconnect')
    .description('Connect a phone wallet over WalletConnect; the session is saved and reused by the `walletconnect` signer.')
  group.exitOverride()

  group
    .command('connect')
    .description('Pair a phone wallet by QR code (or show the saved session if it is still live).')
    .option('--json', 'print the session as JSON')
    .action(async (options: JsonOption, command: Command) => {
      await withService(command, context, async (service) => {
        const print = signerPromptPrinter(context.stderr)
        const stop = service.onStatus((status) => {
          if (status.state === 'pairing') print({ kind: 'walletconnect-uri', uri: status.uri, expiresAt: status.expiresAt })
        })
        // Ctrl-C (or a closed output) stops waiting for the wallet; the pairing is abandoned cleanly.
        const controller = new AbortController()
        const stopListening = listenForStop(context.stop, () => controller.abort())
        try {
          const session = await service.connect({ signal: controller.signal })
          context.stdout.write(options.json ? `${JSON.stringify({ connected: true, session })}\n` : `Connected: ${describeSession(session)}\n`)
        } finally {
          stopListening()
          stop()
        }
      })
    })

  group
    .command('status')
    .description('Show the saved WalletConnect session (wallet name and account), if any.')
    .option('--json', 'print the status as JSON')
    .action(async (options: JsonOption, command: Command) => {
      await withService(command, context, async (service) => {
        const session = service.session()
        if (options.json) context.stdout.write(`${JSON.stringify(session ? { connected: true, session } : { connected: false })}\n`)
        else context.stdout.write(session ? `Connected: ${describeSession(session)}\n` : 'Not connected. Run `numerbay-desktop walletconnect connect`.\n')
      })
    })

  group
    .command('disconnect')
    .description('End the WalletConnect session (in the wallet too) and forget it.')
    .action(async (_options: unknown, command: Command) => {
      await withService(command, context, async (service) => {
        const had = service.session()
        await service.disconnect()
        context.stdout.write(had ? `Disconnected from ${had.walletName}.\n` : 'No session to disconnect.\n')
      })
    })
}

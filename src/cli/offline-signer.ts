// A signer from `--signer SPEC` for a command, with its prompts shown on the terminal and always released after.

import { resolveSigner } from '../main/signers/from-spec'
import type { SignerPrompt } from '../main/signers/types'
import type { Signer } from '../main/signers/types'
import type { Config } from '../main/config/config'
import { AppError, isAppError } from '../shared/errors'
import type { CliContext } from './context'

const DEVICE_WAIT_ON_TTY_MS = 120_000

/** How signer prompts reach the person: a terminal QR code for WalletConnect, plain lines on stderr otherwise. */
async function promptPrinter(context: CliContext, spec: string): Promise<(prompt: SignerPrompt) => void> {
  // Only a WalletConnect signer shows a QR code; loading the WalletConnect client costs ~0.5 s and ~25 MiB.
  if (spec.startsWith('walletconnect')) return walletConnectPrinter(context)
  return plainPrinter(context)
}

function plainPrinter(context: CliContext): (prompt: SignerPrompt) => void {
  return (prompt) => {
    if (prompt.kind === 'text') context.stderr.write(`${prompt.text}\n`)
    else context.stderr.write(`Open this WalletConnect link in your phone wallet (keep it private):\n${prompt.uri}\n`)
  }
}

async function walletConnectPrinter(context: CliContext): Promise<(prompt: SignerPrompt) => void> {
  const { signerPromptPrinter } = await import('./commands/walletconnect')
  return signerPromptPrinter(context.stderr)
}

/** Resolves `--signer SPEC` for a CLI command; a spec it does not understand is a usage error (exit 2). */
export async function resolveCliSigner(spec: string, context: CliContext, config: Config): Promise<Signer> {
  try {
    // On a terminal a person is there to unlock the device; scripts (no TTY) fail at once with the reason.
    const waitForDeviceMs = context.stderr.isTTY ? DEVICE_WAIT_ON_TTY_MS : 0
    return await resolveSigner(spec, {
      env: context.env,
      dataDir: config.dataDir,
      walletConnect: config.walletConnect,
      ...(config.ledgerTransport ? { ledgerTransport: config.ledgerTransport } : {}),
      onPrompt: await promptPrinter(context, spec),
      waitForDeviceMs,
      ...(context.log ? { logger: context.log } : {}),
    })
  } catch (error) {
    if (isAppError(error) && error.code === 'SIGNER_SPEC_INVALID') throw new AppError('USAGE', { message: `${error.message} Use env:NAME, ledger or walletconnect.` })
    throw error
  }
}

/** Runs `work` with a signer and always releases it (devices, sessions, key copies). */
export async function withCliSigner<T>(spec: string, context: CliContext, config: Config, work: (signer: Signer) => Promise<T>): Promise<T> {
  const signer = await resolveCliSigner(spec, context, config)
  try {
    return await work(signer)
  } finally {
    await signer.close?.().catch(() => undefined)
  }
}

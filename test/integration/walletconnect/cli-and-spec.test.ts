import { spawn, execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Wallet } from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/cli/context'
import { runCli } from '../../../src/cli/program'
import { resolveSigner } from '../../../src/main/signers/from-spec'
import type { SignerPrompt } from '../../../src/main/signers/types'
import { signatureToHex } from '../../../src/main/signers/signature'
import { createWalletConnectService } from '../../../src/main/signers/walletconnect/from-spec'
import { resolveConfig } from '../../../src/main/config/config'
import { readEnvironment } from '../../../src/main/config/environment'

/** What the CLI derives from its environment for a signer spec (src/cli/offline-signer.ts). */
function specContext(env: NodeJS.ProcessEnv) {
  const config = resolveConfig({ environment: readEnvironment(env) })
  return { env, dataDir: config.dataDir, walletConnect: config.walletConnect }
}
import { keysV2 } from '../../helpers/vectors'
import { Harness } from './harness'

const WALLET_KEY = keysV2.wallet.private_key

/** A CLI context over in-memory streams, for running commands in this process. */
function memoryContext(env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const context: CliContext = { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd(), exitCode: 0, stop: new AbortController().signal }
  return { context, stdout: () => out, stderr: () => err }
}
const root = fileURLToPath(new URL('../../../', import.meta.url))
const tsxCli = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url))
const cliEntry = fileURLToPath(new URL('../../../src/cli/index.ts', import.meta.url))

describe('WalletConnect from the CLI and the `walletconnect` signer spec', () => {
  let harness: Harness
  let env: NodeJS.ProcessEnv
  beforeEach(async () => {
    harness = await Harness.start()
    env = { ...process.env, NUMERBAY_DATA_DIR: harness.dir, NUMERBAY_WC_RELAY_URL: harness.relay.url, NUMERBAY_WC_PROJECT_ID: '' }
  })
  afterEach(async () => {
    await harness.dispose()
  })

  function cli(...args: string[]) {
    // The timeout kills a CLI that does not exit by itself (an SDK timer left running).
    return promisify(execFile)(process.execPath, [tsxCli, cliEntry, ...args], { cwd: root, env, timeout: 40_000 })
  }

  it('connect prints the QR and URI on stderr, pairs with the wallet, and later runs reuse the session', async () => {
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const child = spawn(process.execPath, [tsxCli, cliEntry, 'walletconnect', 'connect', '--json'], { cwd: root, env })
    let stderr = ''
    let stdout = ''
    let paired = false
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const uri = /(wc:[0-9a-f]+@2\?\S+)/.exec(stderr)?.[1]
      if (uri && !paired) {
        paired = true
        void wallet.pair(uri)
      }
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(stderr).toContain('Scan this QR code')
    expect(stderr).toMatch(/[▀▄█]/)
    expect(JSON.parse(stdout)).toMatchObject({ connected: true, session: { address: keysV2.wallet.address, walletName: 'Test Wallet' } })

    const status = await cli('walletconnect', 'status', '--json')
    expect(JSON.parse(status.stdout)).toMatchObject({ connected: true, session: { address: keysV2.wallet.address } })

    // The signer spec reuses the saved session: no QR code, and it signs.
    const prompts: SignerPrompt[] = []
    const signer = await resolveSigner('walletconnect', { ...specContext(env), onPrompt: (prompt) => prompts.push(prompt) })
    try {
      const message = new TextEncoder().encode('reuse the saved session')
      expect(signatureToHex(await signer.signPersonalMessage(message))).toBe(await new Wallet(WALLET_KEY).signMessage(message))
    } finally {
      await signer.close?.()
    }
    expect(prompts.some((prompt) => prompt.kind === 'walletconnect-uri')).toBe(false)
    expect(prompts).toContainEqual({ kind: 'text', text: 'Approve the signature request on your phone (Test Wallet).' })

    const { context, stdout: out } = memoryContext(env)
    expect(await runCli(['walletconnect', 'disconnect'], context)).toBe(0)
    expect(out()).toContain('Disconnected from Test Wallet.')
    const after = createWalletConnectService(specContext(env))
    harness.services.push(after)
    await after.start()
    expect(after.session()).toBeNull()
  }, 120_000)

  it('the signer spec pairs through onPrompt when there is no session (refuses without one), and checks the expected account', async () => {
    // No session and no way to show a QR code: it says how to pair instead of waiting forever.
    await expect(resolveSigner('walletconnect', specContext(env))).rejects.toMatchObject({ code: 'WC_NOT_CONNECTED' })
    const wallet = await harness.wallet({ privateKey: WALLET_KEY })
    const prompts: SignerPrompt[] = []
    const onPrompt = (prompt: SignerPrompt) => {
      prompts.push(prompt)
      if (prompt.kind === 'walletconnect-uri') void wallet.pair(prompt.uri)
    }
    const signer = await resolveSigner('walletconnect', { ...specContext(env), onPrompt, expectedAddress: keysV2.wallet.address_lower })
    expect(await signer.address()).toBe(keysV2.wallet.address)
    await signer.close?.()
    expect(prompts.filter((prompt) => prompt.kind === 'walletconnect-uri')).toHaveLength(1)

    await expect(resolveSigner('walletconnect', { ...specContext(env), expectedAddress: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', onPrompt })).rejects.toMatchObject({
      code: 'WC_ACCOUNT_MISMATCH',
    })
  })

  it('connect with the relay down prints a clear error and the process exits (no 60-75 s SDK retries)', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    await new Promise((resolve) => server.close(resolve))
    env = { ...env, NUMERBAY_WC_RELAY_URL: `ws://127.0.0.1:${port}`, NUMERBAY_WC_RELAY_TIMEOUT_MS: '1500' }
    const failure = await cli('walletconnect', 'connect').catch((error: { code: number; stderr: string }) => error)
    expect(failure).toMatchObject({ code: 1 })
    expect((failure as { stderr: string }).stderr).toContain(`The WalletConnect relay (ws://127.0.0.1:${port}) could not be reached.`)
  }, 45_000)

  it('the public relay without a project id is refused with instructions (exit code 1)', async () => {
    const { context, stderr } = memoryContext({ ...env, NUMERBAY_WC_RELAY_URL: '', NUMERBAY_WC_PROJECT_ID: '' })
    expect(await runCli(['walletconnect', 'status'], context)).toBe(1)
    expect(stderr()).toContain('WalletConnect needs a project id')
    expect(stderr()).toContain('dashboard.reown.com')
  })
})

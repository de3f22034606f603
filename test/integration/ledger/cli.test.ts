import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { HDNodeWallet, Mnemonic } from 'ethers'
import { runCli } from '../../../src/cli/program'
import type { CliContext } from '../../../src/cli/context'
import { resolveSigner } from '../../../src/main/signers/from-spec'
import { recoverPersonalSigner } from '../../../src/main/signers/signature'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const WORDS = 'test test test test test test test test test test test junk'
const EMULATOR = `emulator:${WORDS}`
const wallet = (path: string) => HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(WORDS), `m/${path}`)

async function cli(args: string[], transport: string = EMULATOR) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const context: CliContext = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { ...process.env, NUMERBAY_LEDGER_TRANSPORT: transport },
    cwd: root,
    exitCode: 0,
    stop: new AbortController().signal,
  }
  const code = await runCli(args, context)
  return { code, out, err }
}

describe('numerbay-desktop ledger (in process, emulator)', () => {
  it('status', async () => {
    expect(await cli(['ledger', 'status'])).toMatchObject({ code: 0, out: 'Ledger Nano S Plus: Ready: Ethereum app 1.19.1 is open.\n' })
    const dashboard = await cli(['ledger', 'status', '--json'], `${EMULATOR};mode=dashboard`)
    expect(JSON.parse(dashboard.out)).toMatchObject({ state: 'needs-app', openApp: 'BOLOS', onDashboard: true })
  })

  it('accounts --count 2: a table of both schemes', async () => {
    const { code, out } = await cli(['ledger', 'accounts', '--count', '2'])
    expect(code).toBe(0)
    const lines = out.trim().split('\n')
    expect(lines[0]).toMatch(/^Scheme\s+Index\s+Path\s+Address$/)
    expect(lines).toHaveLength(5)
    expect(lines[1]).toContain(`44'/60'/0'/0/0  ${wallet("44'/60'/0'/0/0").address}`)
    expect(lines[4]).toContain(`44'/60'/0'/1    ${wallet("44'/60'/0'/1").address}`)
    expect((await cli(['ledger', 'accounts', '--count', '0'])).code).toBe(2)
  })

  it('sign --message prints the signature on stdout and the device prompt on stderr', async () => {
    const { code, out, err } = await cli(['ledger', 'sign', '--path', "44'/60'/1'/0/0", '--message', 'Salt:xyz'])
    expect(code).toBe(0)
    expect(out).toBe(`${await wallet("44'/60'/1'/0/0").signMessage('Salt:xyz')}\n`)
    expect(err).toContain('Confirm on your Ledger')
  })

  it('sign refuses a NumerBay key-salt message (its signature is the storage key) unless --allow-key-salt says so', async () => {
    const salt = 'Sign this to retrieve your encryption key.\n\nSalt:SgZ5tfLNpxpyO4aLZCHRgdVQOmlXFPRq+vy4CY9WhBQ='
    const refused = await cli(['ledger', 'sign', '--message', salt])
    expect(refused.code).toBe(1)
    expect(refused.out).toBe('')
    expect(refused.err).toContain('its signature IS the storage key')
    expect(refused.err).toContain('--allow-key-salt')
    expect(refused.err).not.toContain('Confirm on your Ledger')
    // The same from a file, and the keyring's own salt.
    const file = join(mkdtempSync(join(tmpdir(), 'ledger-cli-')), 'salt.txt')
    writeFileSync(file, 'Sign this to unlock your NumerBay Desktop keyring.\n\nSalt:abc')
    expect((await cli(['ledger', 'sign', '--message-file', file])).code).toBe(1)
    const meant = await cli(['ledger', 'sign', '--message', salt, '--allow-key-salt'])
    expect(meant.code).toBe(0)
    expect(meant.out).toBe(`${await wallet("44'/60'/0'/0/0").signMessage(salt)}\n`)
  })

  it('sign --message-file signs the exact bytes of the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ledger-cli-')), 'message.bin')
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 31) & 0xff)
    writeFileSync(file, bytes)
    const { code, out } = await cli(['ledger', 'sign', '--message-file', file])
    expect(code).toBe(0)
    expect(out.trim()).toBe(await wallet("44'/60'/0'/0/0").signMessage(bytes))
  })

  it('errors: one line and an action on stderr, exit 1 (2 for usage)', async () => {
    const rejected = await cli(['ledger', 'sign', '--message', 'no'], `${EMULATOR};mode=reject`)
    expect(rejected.code).toBe(1)
    expect(rejected.out).toBe('')
    expect(rejected.err).toContain('error: You rejected the request on your Ledger.')
    const locked = await cli(['ledger', 'accounts'], `${EMULATOR};mode=locked`)
    expect(locked.err).toContain('error: Your Ledger is locked.')
    const both = await cli(['ledger', 'sign', '--message', 'a', '--message-file', 'b'])
    expect(both.code).toBe(2)
    const badPath = await cli(['ledger', 'sign', '--path', 'nonsense', '--message', 'a'])
    expect(badPath.err).toContain('That derivation path is not valid.')
  })
})

describe('signer specs ledger and ledger:<path>', () => {
  const context = { dataDir: tmpdir(), ledgerTransport: EMULATOR }

  it('`ledger` without an address is Ledger Live account 0', async () => {
    const signer = await resolveSigner('ledger', context)
    expect(await signer.address()).toBe(wallet("44'/60'/0'/0/0").address)
    await signer.close?.()
  })

  it('`ledger` discovers the account holding the NumerBay address, and prompts through onPrompt', async () => {
    const target = wallet("44'/60'/0'/4").address
    const prompts: string[] = []
    const signer = await resolveSigner('ledger', { ...context, expectedAddress: target.toLowerCase(), onPrompt: (p) => p.kind === 'text' && prompts.push(p.text) })
    expect(await signer.address()).toBe(target)
    const message = new TextEncoder().encode('login nonce')
    expect(recoverPersonalSigner(message, await signer.signPersonalMessage(message))).toBe(target)
    expect(prompts).toHaveLength(1)
    await signer.close?.()
  })

  it('`ledger` says which address it could not find', async () => {
    await expect(resolveSigner('ledger', { ...context, expectedAddress: '0x000000000000000000000000000000000000dEaD' })).rejects.toMatchObject({
      code: 'LEDGER_ACCOUNT_NOT_FOUND',
      message: expect.stringContaining('0x000000000000000000000000000000000000dEaD'),
    })
  })

  it('`ledger:<path>` uses that path and checks it against the expected address', async () => {
    const signer = await resolveSigner("ledger:m/44'/60'/2'/0/0", context)
    expect(await signer.address()).toBe(wallet("44'/60'/2'/0/0").address)
    await signer.close?.()
    await expect(resolveSigner("ledger:44'/60'/2'/0/0", { ...context, expectedAddress: wallet("44'/60'/0'/0/0").address })).rejects.toMatchObject({
      code: 'LEDGER_ACCOUNT_NOT_FOUND',
    })
    await expect(resolveSigner('ledger:bad', context)).rejects.toMatchObject({ code: 'LEDGER_PATH_INVALID' })
  })

  it('fails fast with the device state when the Ethereum app is not open', async () => {
    await expect(resolveSigner('ledger', { ...context, ledgerTransport: `${EMULATOR};mode=dashboard` })).rejects.toMatchObject({
      code: 'LEDGER_WRONG_APP',
    })
  })
})

describe('the built CLI in a child process', () => {
  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: root })
  }, 120_000)

  it('`ledger sign` over the emulator selected by NUMERBAY_LEDGER_TRANSPORT', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/numerbay-desktop.js', 'ledger', 'sign', '--message', 'from a child'], {
      cwd: root,
      env: { ...process.env, NUMERBAY_LEDGER_TRANSPORT: EMULATOR },
    })
    expect(stdout).toBe(`${await wallet("44'/60'/0'/0/0").signMessage('from a child')}\n`)
    expect(stderr).toContain('Confirm on your Ledger')
  })
})

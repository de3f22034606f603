// Command-line conventions: --version, --help on every command with every option and its default, one table of
// exit codes (in --help and in the docs), NO_COLOR, and progress bars only on a terminal.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildProgram } from '../../../src/cli/program'
import type { CliContext } from '../../../src/cli/context'
import { EXIT_CODES } from '../../../src/cli/errors'
import type { DemoServerHandle } from '../../../src/demo-server'
import { repoRoot, runCliInProcess } from '../../helpers/cli'
import { DEMO_WALLET_KEY, startTestDemoServer } from '../../helpers/demo-server'

const ESC = String.fromCharCode(27)
/** Any ANSI escape sequence (colour, cursor). */
const ANSI = new RegExp(`${ESC}\\[`)

const version = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version

/** Every command of the full tree, as the argv that names it. */
async function allCommands(): Promise<{ path: string[]; command: Command }[]> {
  const sink = { write: () => true }
  const context = { stdout: sink, stderr: sink, stdin: process.stdin, env: {}, cwd: repoRoot, exitCode: 0 } as unknown as CliContext
  const program = await buildProgram(context, [])
  const found: { path: string[]; command: Command }[] = []
  const walk = (command: Command, path: string[]): void => {
    for (const sub of command.commands) {
      if (sub.name() === 'help') continue
      found.push({ path: [...path, sub.name()], command: sub })
      walk(sub, [...path, sub.name()])
    }
  }
  walk(program, [])
  return found
}

describe('--version and --help', () => {
  it('--version and -V print the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await runCliInProcess([flag])
      expect(run).toMatchObject({ code: 0, stdout: `${version}\n` })
    }
  })

  it('every command has --help listing each of its options, with the default of those that have one', async () => {
    const commands = await allCommands()
    expect(commands.map((entry) => entry.path.join(' '))).toEqual(expect.arrayContaining(['sync', 'doctor', 'key export', 'ledger sign', 'walletconnect connect']))
    for (const { path, command } of commands) {
      const run = await runCliInProcess([...path, '--help'])
      const where = path.join(' ')
      expect(run.code, where).toBe(0)
      const help = run.stdout.replace(/\s+/g, ' ')
      for (const option of command.options) {
        expect(help, `${where} ${option.flags}`).toContain(option.flags)
        if (option.defaultValue !== undefined) expect(help, `${where} ${option.flags} default`).toContain(`(default: ${option.defaultValueDescription ?? JSON.stringify(option.defaultValue)})`)
      }
      // The global options (--api, --verbose) are shown on every command too.
      expect(help, where).toContain('--verbose')
    }
  })

  it('the root help ends with the exit code table, and docs/user/troubleshooting.md has the same table', async () => {
    const help = (await runCliInProcess(['--help'])).stdout
    const docs = await readFile(join(repoRoot, 'docs/user/troubleshooting.md'), 'utf8')
    expect(help).toContain('Exit codes:')
    for (const { code, meaning } of EXIT_CODES) {
      expect(help).toMatch(new RegExp(`\\n  ${code}\\s+${meaning.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`))
      expect(docs).toContain(`| ${code} | ${meaning} |`)
    }
  })

  it('an unknown option is a usage error (exit 2)', async () => {
    const run = await runCliInProcess(['sync', '--out', tmpdir(), '--bogus'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("unknown option '--bogus'")
  })
})

describe('NO_COLOR', () => {
  it('errors are red on a terminal, plain with NO_COLOR or off a terminal', async () => {
    const args = ['decrypt', '--out', tmpdir(), '/nonexistent/numerbay-file.bin']
    const env = { NUMERBAY_KEY_PATH: '/nonexistent/numerbay.json' }
    expect((await runCliInProcess(args, { env, tty: true })).stderr).toContain('\x1b[31merror:\x1b[39m')
    expect((await runCliInProcess(args, { env: { ...env, NO_COLOR: '1' }, tty: true })).stderr).not.toMatch(ANSI)
    expect((await runCliInProcess(args, { env })).stderr).not.toMatch(ANSI)
  })

  it('help titles are bold on a terminal, plain with NO_COLOR', async () => {
    expect((await runCliInProcess(['--help'], { tty: true })).stdout).toContain('\x1b[1mOptions:\x1b[22m')
    expect((await runCliInProcess(['--help'], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI)
  })

  it('the doctor colours its statuses on a terminal only without NO_COLOR', async () => {
    const env = { NUMERBAY_API_URL: 'http://127.0.0.1:9/backend-api/v1', NUMERBAY_WC_RELAY_URL: 'ws://127.0.0.1:9' }
    expect((await runCliInProcess(['doctor'], { env, tty: true })).stdout).toMatch(new RegExp(`${ESC}\\[3[123]m`))
    expect((await runCliInProcess(['doctor'], { env: { ...env, NO_COLOR: '1' }, tty: true })).stdout).not.toMatch(ANSI)
  }, 30_000)
})

describe('progress bars only on a terminal', () => {
  let demo: DemoServerHandle
  let dir: string
  beforeAll(async () => {
    demo = await startTestDemoServer()
    dir = await mkdtemp(join(tmpdir(), 'numerbay-conventions-'))
  })
  afterAll(async () => {
    await demo.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('sync draws bars on a terminal and plain lines elsewhere', async () => {
    const env = { NUMERBAY_API_URL: demo.apiUrl, NUMERBAY_DATA_DIR: join(dir, 'data'), DEMO_KEY: DEMO_WALLET_KEY }
    const piped = await runCliInProcess(['sync', '--out', join(dir, 'piped'), '--signer', 'env:DEMO_KEY'], { env })
    expect(piped.code).toBe(0)
    expect(piped.stdout + piped.stderr).not.toMatch(new RegExp(`\\r|${ESC}\\[`))
    expect(piped.stdout).toMatch(/^done {6}/m)
    const terminal = await runCliInProcess(['sync', '--out', join(dir, 'terminal'), '--signer', 'env:DEMO_KEY'], { env, tty: true })
    expect(terminal.code).toBe(0)
    expect(terminal.stderr).toMatch(new RegExp(`\\r|${ESC}\\[`))
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import { buildProgram, requestedCommand, runCli } from '../../../src/cli/program'
import type { CliContext } from '../../../src/cli/context'
import { PassThrough } from 'node:stream'

const context = (): CliContext => ({
  stdout: new PassThrough(),
  stderr: new PassThrough(),
  stdin: new PassThrough(),
  env: {},
  cwd: process.cwd(),
  exitCode: 0,
  stop: new AbortController().signal,
})

describe('CLI program', () => {
  it('finds the requested command past root options and their values', () => {
    expect(requestedCommand(['--api', 'http://x', 'decrypt', '--key', 'k'])).toBe('decrypt')
    expect(requestedCommand(['--api=http://x', 'sync'])).toBe('sync')
    expect(requestedCommand(['--help'])).toBeUndefined()
    expect(requestedCommand([])).toBeUndefined()
  })

  it('says what every exit status means in the root help, closed output (141) included', async () => {
    const stdout = new PassThrough()
    let text = ''
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const code = await runCli(['--help'], { ...context(), stdout })
    expect(code).toBe(0)
    expect(text).toMatch(/Exit codes:\n {2}0 {4}success/)
    for (const line of ['130  Ctrl-C (SIGINT)', '143  SIGTERM', '129  SIGHUP', '141  the output was closed']) expect(text).toContain(line)
  })

  it('loads only the requested group, and every group for help', async () => {
    const names = (argv: string[]) => buildProgram(context(), argv).then((p) => p.commands.map((c) => c.name()).sort())
    expect(await names(['decrypt', '--help'])).toEqual(['decrypt'])
    expect(await names(['whoami'])).toEqual(['login', 'orders', 'whoami'])
    expect(await names(['--help'])).toEqual(['decrypt', 'demo-server', 'doctor', 'key', 'ledger', 'login', 'orders', 'sync', 'walletconnect', 'whoami'])
    expect(await names(['nonsense'])).toHaveLength(10)
  })
})

import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/program'
import type { CliContext } from '../../../src/cli/context'
import type { DemoServerHandle } from '../../../src/demo-server'
import { DEMO_WALLET_KEY, startTestDemoServer } from '../../helpers/demo-server'

async function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  stdout.on('data', (c: Buffer) => (out += c.toString()))
  stderr.on('data', (c: Buffer) => (err += c.toString()))
  const context: CliContext = { stdout, stderr, stdin: new PassThrough(), env, cwd, exitCode: 0, stop: new AbortController().signal }
  const code = await runCli(args, context)
  return { code, out, err }
}

describe('account CLI against the demo server', () => {
  let demo: DemoServerHandle
  let dir: string
  let env: NodeJS.ProcessEnv
  beforeAll(async () => {
    demo = await startTestDemoServer()
    dir = await mkdtemp(join(tmpdir(), 'nb-cli-'))
    env = { NUMERBAY_DATA_DIR: join(dir, 'data'), NUMERBAY_DEMO_KEY: DEMO_WALLET_KEY }
  })
  afterAll(async () => {
    await demo.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('whoami with --api and a password from NUMERBAY_PASSWORD', async () => {
    const result = await run(['--api', demo.apiUrl, 'whoami', '--username', 'password-buyer'], { ...env, NUMERBAY_PASSWORD: 'demo-password' }, dir)
    expect(result.code).toBe(0)
    expect(result.out).toContain('password-buyer (id 3)')
    expect(result.out).toContain('Selling round:  520')
    expect(result.out + result.err).not.toContain('demo-password')
  })

  it('orders prints the key status table', async () => {
    const result = await run(['orders', '--signer', 'env:NUMERBAY_DEMO_KEY'], { ...env, NUMERBAY_API_URL: demo.apiUrl }, dir)
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/101\s+demo-alpha\s+520\s+confirmed \(active\)\s+file\s+current key/)
    expect(result.out).toMatch(/106\s+demo-open\s+520\s+confirmed \(active\)\s+file\s+unencrypted/)
  })

  it('key export writes numerbay.json; key replace needs --yes without a terminal', async () => {
    const common = ['--api', demo.apiUrl, 'key']
    const exported = await run([...common, 'export', '--signer', 'env:NUMERBAY_DEMO_KEY', '--out', 'numerbay.json'], env, dir)
    expect(exported.code).toBe(0)
    const file = JSON.parse(await readFile(join(dir, 'numerbay.json'), 'utf8')) as { public_key: string }
    expect(file.public_key).toBe(demo.state.users[0]!.public_key_v2)

    const refused = await run([...common, 'replace', '--signer', 'env:NUMERBAY_DEMO_KEY'], env, dir)
    expect(refused.code).toBe(1)
    expect(refused.out).toContain('Orders NumerBay switches to the new key (4)')
    expect(refused.err).toContain('--yes')
    expect(demo.state.users[0]!.public_key_v2).toBe(file.public_key)

    const replaced = await run([...common, 'replace', '--signer', 'env:NUMERBAY_DEMO_KEY', '--yes'], env, dir)
    expect(replaced.code).toBe(0)
    expect(replaced.out).toContain('NumerBay switched 4 order(s)')
    expect(demo.state.users[0]!.public_key_v2).not.toBe(file.public_key)

    const imported = await run([...common, 'import', 'numerbay.json', '--signer', 'env:NUMERBAY_DEMO_KEY'], env, dir)
    expect(imported.code).toBe(0)
    expect(imported.out).toContain('not a key of this account')
    expect(imported.out).toContain('#105')
    expect(imported.out).toContain('already in the local keyring')
  })

  it('asks for a sign-in method', async () => {
    const result = await run(['--api', demo.apiUrl, 'orders'], env, dir)
    expect(result.code).toBe(2)
    expect(result.err).toContain('--signer')
  })
})

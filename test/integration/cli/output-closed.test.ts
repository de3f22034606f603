// The real launcher as a script author uses it: its output cut short (`| head`). Each command ends as documented
// (exit 141, nothing more printed, no stack trace), stops its work the way Ctrl-C does, and leaves no lock and no
// temp file; leftover temp files of an earlier crash are swept by the next run, a user's lookalike never.
//
// Every close happens at a point the test controls: stdout is a pipe whose reader is gone before the command
// can print (closedPipe), or the test closes it after the first line while the command is held at a known
// point (a download stalled by the demo server, a FIFO the decryption waits on), and then lets it go on.

import { execFileSync, spawn } from 'node:child_process'
import { closeSync } from 'node:fs'
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer, type DemoServerHandle } from '../../../src/demo-server'
import { STALE_TEMP_AGE_MS } from '../../../src/main/fs/atomic-file'
import { keyringPath } from '../../../src/main/vault/keyring'
import { sha256OfFile } from '../../../src/main/downloads/manifest'
import { binPath, cleanEnv, closedPipe, ensureCliBuilt, startCliBinary, type CliChild, type CliRun } from '../../helpers/cli'
import { DEMO_ADDRESS, DEMO_WALLET_KEY } from '../../helpers/demo-server'
import { keysV2, sealedDir, sealedIndex } from '../../helpers/vectors'
import { buildSeed, expectedSha256, listFiles, type ArtifactSpec } from '../downloads/harness'
import { writeVectorKeyFile } from '../cli-offline/fixtures'

const MiB = 1024 * 1024
const STALL_AT = MiB

let work: string
let demo: DemoServerHandle | null = null

beforeAll(() => {
  ensureCliBuilt()
}, 120_000)

afterEach(async () => {
  await demo?.close()
  demo = null
  if (work) await rm(work, { recursive: true, force: true })
})

async function newWork(): Promise<string> {
  work = await mkdtemp(join(tmpdir(), 'nb-cli-closed-'))
  await mkdir(join(work, 'data'))
  return work
}

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { NUMERBAY_DATA_DIR: join(work, 'data'), NB_WALLET: DEMO_WALLET_KEY, ...extra }
}

/** What a crash leaves on stderr, and what must never appear: a stack trace, an unhandled error event. */
function expectNoCrash(run: CliRun): void {
  expect(run.stderr).not.toMatch(/node:events|Unhandled|EPIPE|ECONNRESET|^\s+at /m)
  expect(run.stderr).not.toMatch(/^error:/m)
}

/** Resolves with the first line the child prints on `stream`. */
function firstLine(cli: CliChild, stream: 'stdout' | 'stderr'): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const onData = (chunk: Buffer): void => {
      text += chunk.toString()
      const end = text.indexOf('\n')
      if (end < 0) return
      cli.child[stream]!.off('data', onData)
      resolve(text.slice(0, end))
    }
    cli.child[stream]!.on('data', onData)
    cli.child.once('close', () => reject(new Error(`exited before a line on ${stream}: ${JSON.stringify(cli.output())}`)))
  })
}

/** Closes this end of the child's stream: its next write there fails as it would under `| head`. */
async function hangUp(cli: CliChild, stream: 'stdout' | 'stderr'): Promise<void> {
  const pipe = cli.child[stream]!
  const closed = new Promise((resolve) => pipe.once('close', resolve))
  pipe.destroy()
  await closed
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Files that must never outlive a run: the folder lock and any temp file of ours. */
function leftovers(files: readonly string[]): string[] {
  return files.filter((file) => file.endsWith('.numerbay-sync.lock') || /\.[0-9a-f]{12}\.(tmp|part)$/.test(file))
}

describe('sync with its output closed (demo server, a transfer in flight)', () => {
  async function startSync(specs: ArtifactSpec[], args: string[]) {
    await newWork()
    demo = await startDemoServer({ seed: buildSeed(specs), port: 0 })
    const out = join(work, 'out')
    const argv = ['--api', demo.apiUrl, 'sync', '--out', out, '--signer', 'env:NB_WALLET', ...args]
    return { out, argv }
  }

  /**
   * Once a transfer is held at the stall point, closes the child's stdout and releases the stall (for `bytes`, or
   * to the end), so that the child's next write meets the closed pipe. Returns the finished run, checked to have
   * ended as documented: 141, no crash, and nothing printed after the close (not even the "Stopping…" line meant
   * for a person at Ctrl-C).
   */
  async function closeWhileStalled(cli: CliChild, bytes?: number): Promise<CliRun> {
    await until('a transfer to stall', () => demo!.requests.some((r) => r.kind === 'storage' && r.bytesSent === STALL_AT && !r.completed))
    await hangUp(cli, 'stdout')
    demo!.faults.releaseStalls(bytes)
    const run = await cli.done
    expect(run.code, run.stderr).toBe(141)
    expectNoCrash(run)
    expect(run.stderr).not.toContain('Stopping')
    return run
  }

  it('--json: closed after the first event, it pauses mid-transfer, keeps the partial and the record, exits 141; the next run resumes', async () => {
    const size = 24 * MiB
    const { out, argv } = await startSync([{ order: 1, size, name: 'big.bin' }], ['--json'])
    demo!.faults.stallStorage(1, STALL_AT)
    const cli = startCliBinary(argv, { env: env() })
    expect(JSON.parse(await firstLine(cli, 'stdout'))).toMatchObject({ type: 'plan' })
    // A little more of the body (then quiet again, so the transfer cannot finish): the next progress event is
    // written to the closed pipe.
    await closeWhileStalled(cli, 64 * 1024)
    const files = await listFiles(out)
    expect(leftovers(files)).toEqual([])
    expect(files).not.toContain('Alpha Signals/600/big.bin')
    const partial = files.find((file) => file.startsWith('.numerbay-partial/') && file.endsWith('.part'))!
    expect((await stat(join(out, partial))).size).toBeGreaterThan(0)
    const record = JSON.parse(await readFile(join(out, '.numerbay-sync.json'), 'utf8')) as { entries: Record<string, { state: string }> }
    expect(Object.values(record.entries).map((entry) => entry.state)).toEqual(['paused'])

    const requestsBefore = demo!.requests.length
    const again = await startCliBinary(argv, { env: env() }).done
    expect(again.code, again.stderr).toBe(0)
    const resumed = demo!.requests.slice(requestsBefore).filter((r) => r.kind === 'storage')
    expect(resumed).toHaveLength(1)
    expect(resumed[0]!.range).toMatch(/^bytes=[1-9]\d*-$/)
    expect(await sha256OfFile(join(out, 'Alpha Signals/600/big.bin'))).toBe(await expectedSha256(0, size))
    expect(leftovers(await listFiles(out))).toEqual([])
  })

  it('line output: closed after the first line, it stops at its next line (exit 141) and the next run finishes the rest', async () => {
    const size = 8 * MiB
    const specs: ArtifactSpec[] = [
      { order: 1, size, name: 'first.bin' },
      { order: 1, size, name: 'second.bin' },
    ]
    const { out, argv } = await startSync(specs, ['--concurrency', '1'])
    demo!.faults.stallStorage(1, STALL_AT)
    const cli = startCliBinary(argv, { env: env() })
    expect(await firstLine(cli, 'stdout')).toMatch(/^Selling round 600, active orders: 2 file\(s\) to fetch/)
    // The first file carries on to its end: its "done" line is written to the closed pipe.
    await closeWhileStalled(cli)
    const files = await listFiles(out)
    expect(leftovers(files)).toEqual([])
    // Stopped at the first line it could not print: at most the file in flight was finished, never both.
    expect(files.filter((file) => file.startsWith('Alpha Signals/')).length).toBeLessThan(2)

    const again = await startCliBinary(argv, { env: env() }).done
    expect(again.code, again.stderr).toBe(0)
    for (const [index, spec] of specs.entries()) expect(await sha256OfFile(join(out, 'Alpha Signals/600', spec.name!))).toBe(await expectedSha256(index, size))
  })

  it('progress bars (stderr a terminal): stdout closed, the summary cannot be printed; exit 141, no lock, no temp', async () => {
    const { out, argv } = await startSync([{ order: 1, size: 2 * MiB, name: 'a.bin' }], [])
    const pipe = closedPipe(work)
    // `script` gives the command a terminal for stderr (so bars are drawn); fd 3 carries the closed pipe to its stdout.
    const command = [...[process.execPath, binPath, ...argv].map((word) => `'${word.replace(/'/g, `'\\''`)}'`), '1>&3'].join(' ')
    const cli = startScript(command, pipe)
    closeSync(pipe)
    const run = await cli
    expect(run.code, run.output).toBe(141)
    expect(run.output).toMatch(/\d+% \|/)
    expect(run.output).not.toMatch(/node:events|Unhandled|EPIPE|^\s+at /m)
    const files = await listFiles(out)
    expect(leftovers(files)).toEqual([])
    expect(await sha256OfFile(join(out, 'Alpha Signals/600/a.bin'))).toBe(await expectedSha256(0, 2 * MiB))
  })

  it('a stale temp file of the sync record is swept by the next run; a fresh one and a user file with a similar name are not', async () => {
    const { out, argv } = await startSync([{ order: 1, size: 1000, name: 'a.csv' }], ['--json'])
    await mkdir(out)
    const old = new Date(Date.now() - STALE_TEMP_AGE_MS - 60_000)
    const plant = async (name: string, when: Date): Promise<void> => {
      await writeFile(join(out, name), '')
      await utimes(join(out, name), when, when)
    }
    await plant('..numerbay-sync.json.0123456789ab.tmp', old)
    await plant('..numerbay-sync.json.fedcba987654.tmp', new Date())
    await plant('..numerbay-sync.json.0123456789ab.tmp.keep', old)
    await plant('.numerbay-sync.json.0123456789ab.tmp', old)
    await plant('notes.0123456789ab.tmp', old)
    const run = await startCliBinary(argv, { env: env() }).done
    expect(run.code, run.stderr).toBe(0)
    expect((await readdir(out)).filter((name) => name.includes('0123456789ab') || name.includes('fedcba')).sort()).toEqual([
      '..numerbay-sync.json.0123456789ab.tmp.keep',
      '..numerbay-sync.json.fedcba987654.tmp',
      '.numerbay-sync.json.0123456789ab.tmp',
      'notes.0123456789ab.tmp',
    ])
  })
})

/** Runs `command` under `script` (a pseudo-terminal), with `fd` as its fd 3; resolves with its exit code and the terminal's text. */
function startScript(command: string, fd: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...cleanEnv(env()), TERM: 'xterm', COLUMNS: '120' }, stdio: ['pipe', 'pipe', 'pipe', fd] })
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, output }))
  })
}

describe('decrypt with its output closed', () => {
  /** A sealed vector, its name, and the key file that opens it. */
  async function setUp() {
    await newWork()
    const keyFile = await writeVectorKeyFile(join(work, 'numerbay.json'))
    const entry = sealedIndex.files.find((file) => file.file === 'sealed_65536.bin')!
    const sealed = await readFile(join(sealedDir, entry.file))
    await mkdir(join(work, 'in'))
    await writeFile(join(work, 'in', 'a.bin'), sealed)
    await writeFile(join(work, 'in', 'c.bin'), sealed)
    // The decryption reads this one as a stream and waits until the test writes it: a gate the test controls.
    execFileSync('mkfifo', [join(work, 'in', 'b.bin')])
    return { keyFile, sealed, out: join(work, 'out') }
  }

  async function feed(path: string, bytes: Uint8Array): Promise<void> {
    const fifo = await open(path, 'w')
    await fifo.write(bytes)
    await fifo.close()
  }

  it('closed after the first line: the file that was going on is finished, the next is not started; exit 141', async () => {
    const { keyFile, sealed, out } = await setUp()
    const cli = startCliBinary(['decrypt', '--key', keyFile, '--out', out, ...['a.bin', 'b.bin', 'c.bin'].map((name) => join(work, 'in', name))], { env: env() })
    expect(await firstLine(cli, 'stdout')).toMatch(/^decrypted a\.bin -> /)
    await hangUp(cli, 'stdout')
    await feed(join(work, 'in', 'b.bin'), sealed)
    const run = await cli.done
    expect(run.code, run.stderr).toBe(141)
    expectNoCrash(run)
    expect(run.stderr).toBe('')
    // b.bin was decrypted before its line failed to print; c.bin was never started.
    expect((await readdir(out)).sort()).toEqual(['a.bin', 'b.bin'])
  })

  it('stderr closed after its first line: the run ends 141 at its next message, with nothing left behind', async () => {
    const { keyFile, sealed, out } = await setUp()
    await writeFile(join(work, 'in', 'a.bin'), sealed.subarray(0, 40))
    const cli = startCliBinary(['decrypt', '--key', keyFile, '--out', out, ...['a.bin', 'b.bin'].map((name) => join(work, 'in', name))], { env: env() })
    expect(await firstLine(cli, 'stderr')).toMatch(/^failed a\.bin: /)
    await hangUp(cli, 'stderr')
    await feed(join(work, 'in', 'b.bin'), sealed)
    const run = await cli.done
    expect(run.code).toBe(141)
    expect(run.stdout).toMatch(/^decrypted b\.bin -> /)
    expect(await readdir(out)).toEqual(['b.bin'])
  })
})

describe('printing commands with their stdout closed before they print', () => {
  async function setUpAccount(): Promise<void> {
    await newWork()
    const { demoSeed } = await import('../../helpers/demo-server')
    demo = await startDemoServer({ seed: demoSeed(), port: 0 })
  }

  async function runClosed(argv: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> {
    const pipe = closedPipe(work)
    try {
      const cli = startCliBinary(argv, { env: env(extraEnv), cwd: work, stdoutFd: pipe })
      closeSync(pipe)
      return await cli.done
    } catch (error) {
      closeSync(pipe)
      throw error
    }
  }

  it('whoami, orders and login (line and --json) exit 141 with no stack trace', async () => {
    await setUpAccount()
    for (const argv of [['whoami'], ['whoami', '--json'], ['orders'], ['orders', '--json'], ['login']]) {
      const run = await runClosed(['--api', demo!.apiUrl, ...argv, '--signer', 'env:NB_WALLET'])
      expect(run.code, `${argv.join(' ')}: ${run.stderr}`).toBe(141)
      expectNoCrash(run)
      // What it said before the output closed stays; nothing after.
      expect(run.stderr).toMatch(/^Signing in to .*\n$/)
    }
  })

  it('the keyring folder: a stale temp file of the keyring is swept by the next account command, a user file is not', async () => {
    await setUpAccount()
    const keyring = keyringPath(join(work, 'data'), DEMO_ADDRESS)
    await mkdir(join(keyring, '..'), { recursive: true })
    const old = new Date(Date.now() - STALE_TEMP_AGE_MS - 60_000)
    const base = keyring.slice(keyring.lastIndexOf('/') + 1)
    for (const name of [`.${base}.0123456789ab.tmp`, `.${base}.0123456789ab.tmp~`, `.${base}.aaaaaaaaaaaa.tmp`]) {
      await writeFile(join(keyring, '..', name), '')
      if (!name.startsWith(`.${base}.aaaa`)) await utimes(join(keyring, '..', name), old, old)
    }
    const run = await runClosed(['--api', demo!.apiUrl, 'orders', '--signer', 'env:NB_WALLET'])
    expect(run.code).toBe(141)
    expect((await readdir(join(keyring, '..'))).sort()).toEqual([`.${base}.0123456789ab.tmp~`, `.${base}.aaaaaaaaaaaa.tmp`])
  })

  it('key unlock writes its key file, then exits 141 at its report; help exits 141 too', async () => {
    await newWork()
    await writeFile(join(work, 'blob.json'), keysV2.keys_v01.encrypted_private_key_v2)
    const unlock = await runClosed(['key', 'unlock', '--blob', join(work, 'blob.json'), '--signer', 'env:NB_KEY', '--out', join(work, 'unlocked.json')], { NB_KEY: keysV2.wallet.private_key })
    expect(unlock.code, unlock.stderr).toBe(141)
    expectNoCrash(unlock)
    expect(JSON.parse(await readFile(join(work, 'unlocked.json'), 'utf8'))).toMatchObject({ public_key: keysV2.keys_v01.public_key })
    expect((await readdir(work)).filter((name) => name.endsWith('.tmp'))).toEqual([])

    const help = await runClosed(['sync', '--help'])
    expect(help.code).toBe(141)
    expectNoCrash(help)
  })

  it('demo-server stops (exit 141) instead of serving with nowhere to say where', async () => {
    await newWork()
    const run = await runClosed(['demo-server', '--port', '0'])
    expect(run.code).toBe(141)
    expectNoCrash(run)
    expect(run.stderr).toBe('')
  })
})

// `numerbay-desktop watch` as a person or a service runs it: the built CLI in a child process, against the demo
// server in this process, with a 1 s interval and --json events. Every wait is a poll for an event or a request the
// demo server recorded; transfers are held at a known point with the stall fault, never by a fixed sleep.

import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { generatedBytes, startDemoServer, type DemoServerHandle } from '../../../src/demo-server'
import { MANIFEST_FILE_NAME } from '../../../src/shared/downloads'
import { sha256OfFile } from '../../../src/main/downloads/manifest'
import { binPath, cleanEnv, ensureCliBuilt } from '../../helpers/cli'
import { DEMO_WALLET_KEY } from '../../helpers/demo-server'
import { buildSeed, expectedSha256, listFiles, SELLING_ROUND, type ArtifactSpec } from '../downloads/harness'

const MiB = 1024 * 1024
const INTERVAL = '1s'

type Event = { readonly type: string; readonly cycleNo: number } & Record<string, unknown>

let work: string
let demo: DemoServerHandle | null = null
const watchers: Watcher[] = []

beforeAll(() => {
  ensureCliBuilt()
}, 120_000)

afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.kill()
  await demo?.close()
  demo = null
  if (work) await rm(work, { recursive: true, force: true })
})

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv({ NUMERBAY_DATA_DIR: join(work, 'data'), NB_WALLET: DEMO_WALLET_KEY, ...extra })
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A running `watch --json`: its events (each tagged with the cycle it came in), stderr, and how it ended. */
class Watcher {
  readonly events: Event[] = []
  readonly nonJsonLines: string[] = []
  stderr = ''
  exit: { code: number | null; signal: NodeJS.Signals | null; at: number } | null = null
  private readonly closed: Promise<void>

  constructor(readonly child: ChildProcess) {
    let cycle = 0
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let event: Event
      try {
        event = JSON.parse(line) as Event
      } catch {
        this.nonJsonLines.push(line)
        return
      }
      if (event.type === 'cycle-started') cycle = event.cycle as number
      this.events.push({ ...event, cycleNo: cycle })
    })
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()))
    this.closed = new Promise((resolve) =>
      child.on('close', (code, signal) => {
        this.exit = { code, signal, at: Date.now() }
        resolve()
      }),
    )
  }

  of(type: string): Event[] {
    return this.events.filter((event) => event.type === type)
  }

  waitFor(what: string, predicate: (event: Event) => boolean, timeoutMs?: number): Promise<Event> {
    return until(what, () => {
      if (this.exit && !this.events.some(predicate)) throw new Error(`watcher exited (${JSON.stringify(this.exit)}) before ${what}; stderr: ${this.stderr}`)
      return this.events.find(predicate)
    }, timeoutMs)
  }

  /** Waits until `count` cycles have finished (from the start). */
  cycles(count: number): Promise<Event> {
    return this.waitFor(`${count} finished cycles`, (event) => event.type === 'cycle-finished' && (event.cycle as number) >= count)
  }

  get lastCycle(): number {
    return this.of('cycle-started').length
  }

  async done(): Promise<NonNullable<Watcher['exit']>> {
    await this.closed
    return this.exit!
  }

  /** Sends a signal; resolves with the exit and how long it took. */
  async signal(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; ms: number }> {
    const sent = Date.now()
    this.child.kill(signal)
    const exit = await this.done()
    return { code: exit.code, ms: exit.at - sent }
  }

  async kill(): Promise<void> {
    if (!this.exit) this.child.kill('SIGKILL')
    await this.closed
  }
}

function startWatch(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Watcher {
  const child = spawn(process.execPath, [binPath, '--api', demo!.apiUrl, 'watch', '--json', ...args], { env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] })
  const watcher = new Watcher(child)
  watchers.push(watcher)
  return watcher
}

async function setUp(specs: ArtifactSpec[], extra: Parameters<typeof buildSeed>[1] = {}): Promise<{ out: string }> {
  work = await mkdtemp(join(tmpdir(), 'nb-watch-'))
  demo = await startDemoServer({ seed: buildSeed(specs, extra), port: 0 })
  return { out: join(work, 'out') }
}

function walletSignIns(): number {
  return demo!.requests.filter((r) => r.kind === 'api' && r.path.endsWith('/login/access-token-web3') && r.status === 200).length
}

/** A hook that appends its arguments and the environment it was given to a JSON-lines file, then exits `code`. */
async function writeHook(code = 0): Promise<{ script: string; log: string; calls(): Promise<{ argv: string[]; env: Record<string, string | undefined> }[]> }> {
  const script = join(work, 'hook.mjs')
  const log = join(work, 'hook-calls.jsonl')
  await writeFile(
    script,
    [
      "import { appendFileSync } from 'node:fs'",
      `appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), env: process.env }) + '\\n')`,
      code === 0 ? "console.log('hook: uploaded')" : "console.error('hook: upload refused by the test')",
      `process.exit(${code})`,
    ].join('\n'),
  )
  await chmod(script, 0o755)
  return {
    script,
    log,
    calls: async () =>
      (await readFile(log, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { argv: string[]; env: Record<string, string | undefined> }),
  }
}

const sealedSpecs: ArtifactSpec[] = [{ order: 1, size: 20_000, name: 'first.csv' }]

describe('watch (built CLI, demo server, 1 s interval)', () => {
  it('a file published after the watcher started lands decrypted, with the right hash, within two intervals', async () => {
    const { out } = await setUp(sealedSpecs)
    const watcher = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL])
    await watcher.cycles(1)
    expect(watcher.of('new-file').map((e) => e.relativePath)).toEqual(['Alpha Signals/600/first.csv'])

    const publishedDuring = watcher.lastCycle
    const published = await demo!.addArtifact({ order: 1, objectName: 'late.csv', generated: { size: 300_000, seed: 'late-upload' } })
    expect(published.object_name).toBe('late.csv')
    const arrived = await watcher.waitFor('the late file', (e) => e.type === 'new-file' && e.relativePath === 'Alpha Signals/600/late.csv')
    // Cycles are one interval apart: the file comes in the cycle after the one running at publication, or the next.
    expect(arrived.cycleNo).toBeLessThanOrEqual(publishedDuring + 2)
    const expected = createHash('sha256').update(await generatedBytes('late-upload', 300_000)).digest('hex')
    expect(arrived.sha256).toBe(expected)
    expect(await sha256OfFile(join(out, 'Alpha Signals/600/late.csv'))).toBe(expected)
    expect(arrived.path).toBe(join(out, 'Alpha Signals/600/late.csv'))

    expect((await watcher.signal('SIGTERM')).code).toBe(0)
    expect(watcher.nonJsonLines).toEqual([])
    expect(watcher.of('stopped')).toHaveLength(1)
    expect(await listFiles(out)).not.toContain('.numerbay-sync.lock')
  })

  it('runs the hook once per file, with the documented arguments and environment, also after a restart', async () => {
    const { out } = await setUp(sealedSpecs)
    const hook = await writeHook(0)
    // `--json` after the program is the program's argument, not the watcher's option.
    const args = ['--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL, '--exec', process.execPath, hook.script, '--model', 'my model', '--json']
    const secrets = { NUMERBAY_PASSWORD: 'not-for-hooks', HOOK_CANARY: 'passed-through' }
    const first = startWatch(args, secrets)
    await first.waitFor('the first hook run', (e) => e.type === 'hook-ran')
    await first.cycles(3)
    expect((await first.signal('SIGINT')).code).toBe(0)

    let calls = await hook.calls()
    expect(calls).toHaveLength(1)
    const path = join(out, 'Alpha Signals/600/first.csv')
    expect(calls[0]!.argv).toEqual(['--model', 'my model', '--json', path])
    const record = JSON.parse(await readFile(join(out, MANIFEST_FILE_NAME), 'utf8')) as { entries: Record<string, { sha256: string; objectName: string; key: string; hook?: { attempts: number; done: boolean } }> }
    const entry = Object.values(record.entries).find((e) => e.objectName === 'first.csv')!
    expect(entry.hook).toMatchObject({ attempts: 1, done: true })
    expect(calls[0]!.env).toMatchObject({
      NUMERBAY_FILE: path,
      NUMERBAY_ORDER_ID: '1',
      NUMERBAY_PRODUCT: 'Alpha Signals',
      NUMERBAY_ROUND: String(SELLING_ROUND),
      NUMERBAY_ARTIFACT_ID: entry.key.replace(/^order:/, ''),
      NUMERBAY_SHA256: await expectedSha256(0, 20_000),
      HOOK_CANARY: 'passed-through',
    })
    // The password and the signer's private key stay with the watcher.
    expect(calls[0]!.env.NUMERBAY_PASSWORD).toBeUndefined()
    expect(calls[0]!.env.NB_WALLET).toBeUndefined()
    // The hook's output went to stderr; stdout stayed JSON.
    expect(first.stderr).toContain('hook: uploaded')
    expect(first.nonJsonLines).toEqual([])

    // Restarted: the first file's hook succeeded and never runs again; a new file gets its own run.
    const second = startWatch(args, secrets)
    await second.cycles(1)
    await demo!.addArtifact({ order: 1, objectName: 'second.csv', content: 'id,prediction\nn1,0.5\n' })
    await second.waitFor('the second file hook', (e) => e.type === 'hook-ran' && e.relativePath === 'Alpha Signals/600/second.csv')
    const after = second.lastCycle
    await second.cycles(after + 1)
    expect((await second.signal('SIGTERM')).code).toBe(0)
    calls = await hook.calls()
    expect(calls.map((call) => call.argv.at(-1))).toEqual([path, join(out, 'Alpha Signals/600/second.csv')])
  })

  it('a failing hook is retried in the next cycles, then reported as given up, and left alone', async () => {
    const { out } = await setUp(sealedSpecs)
    const hook = await writeHook(3)
    const watcher = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL, '--exec', process.execPath, hook.script])
    const gaveUp = await watcher.waitFor('the hook to be given up', (e) => e.type === 'hook-gave-up')
    await watcher.cycles(gaveUp.cycleNo + 1)
    expect((await watcher.signal()).code).toBe(0)
    const failed = watcher.of('hook-failed')
    expect(failed.map((e) => [e.run, e.cycleNo])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ])
    expect(failed[0]).toMatchObject({ description: 'exited with code 3', maxRuns: 4, lastLines: ['hook: upload refused by the test'] })
    expect(gaveUp).toMatchObject({ run: 4, cycleNo: 4, relativePath: 'Alpha Signals/600/first.csv' })
    expect(await hook.calls()).toHaveLength(4)
    expect(watcher.of('cycle-finished').map((e) => e.ok).slice(0, 5)).toEqual([false, false, false, false, true])
  })

  it('a rollover: waits it out, then reports the orders that missed the round and the new round', async () => {
    const { out } = await setUp(
      [
        { order: 1, size: 1000, name: 'delivered.csv' },
        // Sealed to a key the buyer does not hold: uploaded, but it never arrives.
        { order: 2, size: 1000, name: 'old-key.csv' },
      ],
      { orders: [{ id: 5, buyer: 1, product: 1, rounds: [SELLING_ROUND, SELLING_ROUND + 1] }] },
    )
    const watcher = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL])
    await watcher.cycles(1)
    expect(watcher.of('waiting-for-seller').map((e) => e.orderId).sort()).toEqual([2, 3, 4, 5])
    await demo!.rollover({ durationMs: 1_500 })
    const round = await watcher.waitFor('the new round', (e) => e.type === 'round' && e.round === SELLING_ROUND + 1)
    expect(round.previous).toBe(SELLING_ROUND)
    expect(watcher.of('waiting-for-rollover').length).toBeGreaterThanOrEqual(1)
    expect(watcher.of('waiting-for-rollover')[0]).toMatchObject({ round: SELLING_ROUND })
    const missed = watcher.of('missed').map((e) => ({ orderId: e.orderId, uploaded: e.uploaded, round: e.round }))
    expect(missed.sort((a, b) => (a.orderId as number) - (b.orderId as number))).toEqual([
      { orderId: 2, uploaded: 1, round: SELLING_ROUND },
      { orderId: 3, uploaded: 0, round: SELLING_ROUND },
      { orderId: 4, uploaded: 0, round: SELLING_ROUND },
      { orderId: 5, uploaded: 0, round: SELLING_ROUND },
    ])
    // Order 5 covers the new round too: waiting for its seller again.
    await watcher.waitFor('order 5 waiting in the new round', (e) => e.type === 'waiting-for-seller' && e.orderId === 5 && e.round === SELLING_ROUND + 1)
    expect((await watcher.signal()).code).toBe(0)
    // The round's file stays on disk after the rollover pruned it on the server.
    expect(await sha256OfFile(join(out, 'Alpha Signals/600/delivered.csv'))).toBe(await expectedSha256(0, 1000))
  })

  it("honours a 503 storm's Retry-After: 2 (the demo server's request times)", async () => {
    const { out } = await setUp(sealedSpecs)
    const watcher = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL])
    await watcher.cycles(1)
    const from = demo!.requests.length
    // More 503s than one cycle's retries (1 + 3): a cycle fails, and the next waits as asked too.
    demo!.faults.storm({ target: 'api', status: 503, retryAfter: 2, count: 5 })
    const backoff = await watcher.waitFor('a backoff', (e) => e.type === 'backing-off')
    expect(backoff).toMatchObject({ retryAfterMs: 2000, problem: { code: 'API_SERVER_ERROR' } })
    expect(backoff.delayMs as number).toBeGreaterThanOrEqual(2000)
    // The cycle after the failed one gets the storm's last 503, waits, and goes through.
    const recovered = await watcher.cycles(backoff.cycleNo + 1)
    expect(recovered.ok).toBe(true)
    expect((await watcher.signal()).code).toBe(0)

    const api = demo!.requests.slice(from).filter((r) => r.kind === 'api')
    const stormed = api.filter((r) => r.retryAfter !== undefined)
    expect(stormed).toHaveLength(5)
    for (const answer of stormed) {
      const next = api.find((r) => r.seq > answer.seq)!
      // Timers may fire a few ms early by rounding; nothing came back before the 2 s the server asked.
      expect(next.at - answer.at).toBeGreaterThanOrEqual(1_990)
    }
  })

  it('an expired token leads to exactly one new sign-in, with the same means', async () => {
    const { out } = await setUp(sealedSpecs)
    const watcher = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL])
    await watcher.cycles(1)
    expect(walletSignIns()).toBe(1)
    demo!.faults.expireTokens()
    const again = await watcher.waitFor('a new sign-in', (e) => e.type === 'signed-in' && e.again === true)
    expect(again.method).toBe('wallet')
    await watcher.cycles(again.cycleNo + 2)
    expect((await watcher.signal()).code).toBe(0)
    expect(walletSignIns()).toBe(2)
    expect(watcher.of('signed-in').map((e) => e.again)).toEqual([false, true])
    expect(watcher.of('backing-off')).toEqual([])
  })

  it('SIGTERM mid-transfer: exit 0 within 5 s, the partial kept; the next run resumes it with Range', async () => {
    const size = 24 * MiB
    const { out } = await setUp([{ order: 1, size, name: 'big.bin' }])
    // The body goes quiet at 1 MiB: the signal lands on a transfer that is certain to be unfinished.
    demo!.faults.stallStorage(1, MiB)
    const watcher = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL])
    await until('the transfer to stall', () => demo!.requests.some((r) => r.kind === 'storage' && r.bytesSent === MiB && !r.completed))
    const { code, ms } = await watcher.signal('SIGTERM')
    expect(code).toBe(0)
    expect(ms).toBeLessThan(5_000)
    expect(watcher.stderr).toContain('Stopping: keeping partial files for the next run')
    const files = await listFiles(out)
    expect(files).not.toContain('.numerbay-sync.lock')
    expect(files).not.toContain('Alpha Signals/600/big.bin')
    const partial = files.find((file) => file.startsWith('.numerbay-partial/') && file.endsWith('.part'))!
    expect((await stat(join(out, partial))).size).toBeGreaterThan(0)

    demo!.faults.clear()
    const before = demo!.requests.length
    const once = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--once'])
    expect((await once.done()).code).toBe(0)
    const storage = demo!.requests.slice(before).filter((r) => r.kind === 'storage')
    expect(storage).toHaveLength(1)
    expect(storage[0]!.range).toMatch(/^bytes=[1-9]\d*-$/)
    expect(await sha256OfFile(join(out, 'Alpha Signals/600/big.bin'))).toBe(await expectedSha256(0, size))
  })

  it.runIf(process.platform === 'linux')('between cycles it keeps no file of the folder open: the lock is a file, not an open handle', async () => {
    const { out } = await setUp(sealedSpecs)
    const watcher = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--interval', '2s'])
    for (const cycle of [1, 2]) {
      // Right after a cycle ends the watcher sleeps for the interval.
      await watcher.cycles(cycle)
      const fds = await readdir(`/proc/${watcher.child.pid}/fd`)
      const open = await Promise.all(fds.map((fd) => readlink(`/proc/${watcher.child.pid}/fd/${fd}`).catch(() => '')))
      expect(open.filter((target) => target.startsWith(out))).toEqual([])
    }
    expect(await listFiles(out)).toContain('.numerbay-sync.lock')
    expect((await watcher.signal()).code).toBe(0)
  })

  it('a second watcher, or a sync, on the same folder is refused with a clear error', async () => {
    const { out } = await setUp(sealedSpecs)
    const watcher = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL])
    await watcher.cycles(1)
    const second = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL])
    expect((await second.done()).code).toBe(1)
    expect(second.stderr).toContain('Another sync is already writing to this folder.')
    const sync = spawn(process.execPath, [binPath, '--api', demo!.apiUrl, 'sync', '--out', out, '--signer', 'env:NB_WALLET'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] })
    let syncErr = ''
    sync.stderr.on('data', (chunk: Buffer) => (syncErr += chunk.toString()))
    expect(await new Promise((resolve) => sync.on('close', resolve))).toBe(1)
    expect(syncErr).toContain('Another sync is already writing to this folder.')
    // The first one carries on.
    await watcher.cycles(watcher.lastCycle + 1)
    expect((await watcher.signal()).code).toBe(0)
  })

  it('--once exits 0 when nothing failed and 1 when a file failed; a plain file whose x-goog-hash does not match is refused', async () => {
    const { out } = await setUp([
      { order: 1, size: 5_000, name: 'sealed.csv' },
      { product: 3, size: 70_000, name: 'open.csv' },
    ])
    // Both tries of the plain file carry wrong hashes.
    demo!.faults.corruptHash(2, 'open.csv')
    const bad = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--once'])
    expect((await bad.done()).code).toBe(1)
    expect(bad.of('file-failed')).toEqual([expect.objectContaining({ relativePath: 'Open Data/600/open.csv', problem: expect.objectContaining({ code: 'DOWNLOAD_CHECKSUM_MISMATCH' }) })])
    expect(bad.of('cycle-finished')).toEqual([expect.objectContaining({ ok: false, failedFiles: 1, nextInMs: null })])
    expect(await listFiles(out)).not.toContain('Open Data/600/open.csv')

    const good = startWatch(['--out', out, '--signer', 'env:NB_WALLET', '--once'])
    expect((await good.done()).code).toBe(0)
    expect(good.of('new-file').map((e) => e.relativePath)).toEqual(['Open Data/600/open.csv'])
    expect(await sha256OfFile(join(out, 'Open Data/600/open.csv'))).toBe(await expectedSha256(1, 70_000))
    const record = JSON.parse(await readFile(join(out, MANIFEST_FILE_NAME), 'utf8')) as { entries: Record<string, { objectName: string; checksums?: { crc32c?: string; md5?: string } }> }
    expect(Object.values(record.entries).find((e) => e.objectName === 'open.csv')!.checksums).toMatchObject({ crc32c: expect.any(String), md5: expect.any(String) })
  })

  it('--once against an unreachable API exits 1 and says why; a long-running watcher waits for it instead', async () => {
    const { out } = await setUp(sealedSpecs)
    const dead = 'http://127.0.0.1:9/backend-api/v1'
    const once = spawn(process.execPath, [binPath, '--api', dead, 'watch', '--out', out, '--signer', 'env:NB_WALLET', '--once'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] })
    let onceErr = ''
    once.stderr.on('data', (chunk: Buffer) => (onceErr += chunk.toString()))
    expect(await new Promise((resolve) => once.on('close', resolve))).toBe(1)
    expect(onceErr).toContain('NumerBay could not be reached.')

    const child = spawn(process.execPath, [binPath, '--api', dead, 'watch', '--json', '--out', out, '--signer', 'env:NB_WALLET', '--interval', INTERVAL], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] })
    const watcher = new Watcher(child)
    watchers.push(watcher)
    await until('two backoffs', () => watcher.of('backing-off').length >= 2, 60_000)
    expect(watcher.of('backing-off').slice(0, 2).map((e) => [e.failures, (e.problem as { code: string }).code])).toEqual([
      [1, 'API_UNREACHABLE'],
      [2, 'API_UNREACHABLE'],
    ])
    expect(watcher.of('backing-off')[0]!.delayMs as number).toBeGreaterThanOrEqual(1_000)
    expect(watcher.exit).toBeNull()
    expect((await watcher.signal('SIGINT')).code).toBe(0)
  })
})

import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer, type DemoServerHandle } from '../../../src/demo-server'
import type { SyncEvent } from '../../../src/shared/downloads'
import { partialPathFor } from '../../../src/main/downloads/paths'
import { sha256OfFile } from '../../../src/main/downloads/manifest'
import { serializeKeyFile } from '../../../src/main/crypto/key-file'
import { DEMO_WALLET_KEY } from '../../helpers/demo-server'
import { buildSeed, CURRENT_KEY, expectedSha256, listFiles, removeDir, tempOutDir, type ArtifactSpec } from './harness'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const bin = join(root, 'bin/numerbay-desktop.js')

let demo: DemoServerHandle | null = null
let outDir: string | null = null
let dataDir: string

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'inherit' })
  dataDir = await mkdtemp(join(tmpdir(), 'numerbay-cli-data-'))
}, 120_000)

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

afterEach(async () => {
  await demo?.close()
  demo = null
  if (outDir) await removeDir(outDir)
  outDir = null
})

function cliEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NUMERBAY_DATA_DIR: dataDir, SYNC_TEST_WALLET: DEMO_WALLET_KEY, NUMERBAY_API_URL: '' }
}

interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  events: SyncEvent[]
}

/** Runs the built CLI; `killWhen` may send it `signal` (SIGKILL by default) on an event. */
function runCli(args: string[], killWhen?: (event: SyncEvent) => boolean, signal: NodeJS.Signals = 'SIGKILL', env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...cliEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    const result: CliRun = { code: null, signal: null, stdout: '', stderr: '', events: [] }
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      result.stdout += `${line}\n`
      if (!line.startsWith('{')) return
      const event = JSON.parse(line) as SyncEvent
      result.events.push(event)
      if (killWhen && child.exitCode === null && !child.killed && killWhen(event)) child.kill(signal)
    })
    child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      result.code = code
      result.signal = signal
      resolve(result)
    })
  })
}

async function setUp(specs: ArtifactSpec[]) {
  demo = await startDemoServer({ seed: buildSeed(specs), port: 0 })
  outDir = await tempOutDir()
  return { box: demo, out: outDir }
}

const MiB = 1024 * 1024

describe('numerbay-desktop sync (built CLI, child process)', () => {
  it('survives a SIGKILL mid-sync: the next run completes, hashes match, stored bytes are not fetched again', async () => {
    const size = 24 * MiB
    // A small first file is done early; the big ones leave a wide window for the kill.
    const specs: ArtifactSpec[] = [
      { order: 1, size: MiB, name: 's1.bin' },
      { order: 1, size, name: 's2.bin' },
      { product: 3, size, name: 'p1.bin' },
      { order: 1, size, name: 's3.bin' },
    ]
    const { box, out } = await setUp(specs)
    const args = ['--api', box.apiUrl, 'sync', '--out', out, '--signer', 'env:SYNC_TEST_WALLET', '--json', '--concurrency', '2']
    // The two big files that start first go quiet at 4 MiB, so they are certain to be unfinished at the kill.
    box.faults.stallStorage(2, 4 * MiB)

    // Kill once one file is done and another is part-way through.
    const first = await runCli(args, (event) => event.type === 'progress' && event.overall.done >= 1 && event.files.some((f) => f.state === 'downloading' && f.bytesDone > MiB && f.bytesDone < size - 4 * MiB))
    expect(first.signal).toBe('SIGKILL')
    const doneBefore = new Set(first.events.flatMap((e) => (e.type === 'state' && e.state === 'done' ? [e.relativePath] : [])))
    expect(doneBefore.size).toBeGreaterThanOrEqual(1)
    expect(await listFiles(out)).toContain('.numerbay-sync.lock')

    // What each unfinished file has on disk, i.e. where the next run must resume.
    const plan = first.events.find((e): e is Extract<SyncEvent, { type: 'plan' }> => e.type === 'plan')!.plan
    const resumeAt = new Map<string, number>()
    for (const artifact of plan.downloads) {
      if (doneBefore.has(artifact.relativePath)) continue
      const partial = partialPathFor(out, artifact.key)
      const bytes = await stat(partial).then((s) => s.size, () => 0)
      // A sidecar counts only when whole: a kill while it was being written leaves a torn one, and then the sink
      // starts over (nothing is lost: plaintext is written only after the sidecar, so that partial is empty).
      const header = artifact.sealed ? await stat(`${partial}.hdr`).then((s) => (s.size === 48 ? 48 : 0), () => 0) : 0
      resumeAt.set(artifact.objectName, bytes + header)
    }
    expect([...resumeAt.values()].some((offset) => offset > 0)).toBe(true)

    // The kill may come before the second big file asked for its body: its stall must not carry over.
    box.faults.clear()
    const requestsBefore = box.requests.length
    const second = await runCli(args)
    expect(second.code).toBe(0)
    for (const [index, spec] of specs.entries()) {
      const folder = spec.product ? 'Open Data' : 'Alpha Signals'
      expect(await sha256OfFile(join(out, folder, '600', spec.name!))).toBe(await expectedSha256(index, spec.size))
    }
    const later = box.requests.slice(requestsBefore).filter((r) => r.kind === 'storage')
    for (const spec of specs) {
      const requests = later.filter((r) => r.objectName === spec.name)
      const folder = spec.product ? 'Open Data' : 'Alpha Signals'
      if (doneBefore.has(`${folder}/600/${spec.name}`)) {
        // Finished before the kill: never requested again.
        expect(requests).toEqual([])
        continue
      }
      const offset = resumeAt.get(spec.name!)!
      expect(requests).toHaveLength(1)
      if (offset > 0) expect(requests[0]!.range).toBe(`bytes=${offset}-`)
      else expect(requests[0]!.range).toBeUndefined()
      expect(requests[0]!.status).toBe(offset > 0 ? 206 : 200)
    }
    expect((await listFiles(out)).filter((f) => f.startsWith('.numerbay-partial/') || f.endsWith('.lock'))).toEqual([])
  })

  it('starts decrypt workers only when a file is to be fetched: a re-run with nothing new starts none', async () => {
    const { box, out } = await setUp([
      { order: 1, size: 3000, name: 'a.csv' },
      { product: 3, size: 2000, name: 'open.csv' },
    ])
    const args = ['--api', box.apiUrl, 'sync', '--out', out, '--signer', 'env:SYNC_TEST_WALLET', '--json']
    // Each worker started writes a CPU profile into this folder when it stops, so the files count the workers.
    const profiles = await mkdtemp(join(tmpdir(), 'numerbay-worker-profiles-'))
    const workersStarted = async (folder: string): Promise<number> => (await readdir(folder).catch(() => [])).filter((name) => name.endsWith('.cpuprofile')).length
    try {
      const first = await runCli(args, undefined, undefined, { NUMERBAY_PROFILE_WORKERS: join(profiles, 'first') })
      expect(first.code).toBe(0)
      expect(await workersStarted(join(profiles, 'first'))).toBeGreaterThanOrEqual(1)

      const again = await runCli(args, undefined, undefined, { NUMERBAY_PROFILE_WORKERS: join(profiles, 'again') })
      expect(again.code).toBe(0)
      const finished = again.events.find((e): e is Extract<SyncEvent, { type: 'finished' }> => e.type === 'finished')!
      expect(finished.summary).toMatchObject({ done: 2, bytesReceived: 0, complete: true })
      expect(await workersStarted(join(profiles, 'again'))).toBe(0)

      const dry = await runCli([...args, '--dry-run'], undefined, undefined, { NUMERBAY_PROFILE_WORKERS: join(profiles, 'dry') })
      expect(dry.code).toBe(0)
      expect(await workersStarted(join(profiles, 'dry'))).toBe(0)
    } finally {
      await rm(profiles, { recursive: true, force: true })
    }
  })

  it('prints the plan with --dry-run (writing nothing), and decrypts with --key FILE', async () => {
    const { box, out } = await setUp([
      { order: 1, size: 1000, name: 'a.csv' },
      { order: 4, size: 10, name: 'foreign.csv' },
      { order: 1, size: 10, name: 'direct.csv', direct: true },
    ])
    const dry = await runCli(['--api', box.apiUrl, 'sync', '--out', out, '--signer', 'env:SYNC_TEST_WALLET', '--dry-run'])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('get   Alpha Signals/600/a.csv')
    expect(dry.stdout).toContain('skip  Foreign Key Product/600/foreign.csv: not sealed to your key')
    expect(dry.stdout).toContain('skip  Alpha Signals/600/direct.csv: submitted directly to Numerai')
    expect(await readdir(out)).toEqual([])

    const keyFile = join(out, '..', `key-${Date.now()}.json`)
    await writeFile(keyFile, serializeKeyFile(CURRENT_KEY), { mode: 0o600 })
    try {
      const missingSignIn = await runCli(['--api', box.apiUrl, 'sync', '--out', out, '--key', keyFile])
      expect(missingSignIn.code).toBe(2)
      expect(missingSignIn.stderr).toContain('--key decrypts')
      const viaWallet = await runCli(['--api', box.apiUrl, 'sync', '--out', out, '--key', keyFile, '--signer', 'env:SYNC_TEST_WALLET'])
      expect(viaWallet.code).toBe(0)
      expect(viaWallet.stdout).toContain('done      Alpha Signals/600/a.csv')
      expect(viaWallet.stdout).toMatch(/Sync complete: 1 done, 2 skipped of 3/)
      expect(await sha256OfFile(join(out, 'Alpha Signals/600/a.csv'))).toBe(await expectedSha256(0, 1000))
    } finally {
      await rm(keyFile, { force: true })
    }
  })

  it('pauses on SIGINT: exit 130, partial files and the record kept, the lock released; the next run resumes', async () => {
    const size = 24 * MiB
    const { box, out } = await setUp([{ order: 1, size, name: 'big.bin' }])
    const args = ['--api', box.apiUrl, 'sync', '--out', out, '--signer', 'env:SYNC_TEST_WALLET', '--json']
    // The body goes quiet at 1 MiB, so the interrupt always lands on an unfinished transfer.
    box.faults.stallStorage(1, MiB)
    const first = await runCli(args, (event) => event.type === 'progress' && event.overall.bytesDone > 256 * 1024, 'SIGINT')
    expect(first.code).toBe(130)
    expect(first.stderr).toContain('Stopping: keeping partial files for the next run')
    expect(first.events.some((e) => e.type === 'paused')).toBe(true)
    expect(first.events.at(-1)).toMatchObject({ type: 'finished', summary: { complete: false, unfinished: 1 } })
    const files = await listFiles(out)
    expect(files).not.toContain('.numerbay-sync.lock')
    expect(files).not.toContain('Alpha Signals/600/big.bin')
    expect(files.some((f) => f.startsWith('.numerbay-partial/'))).toBe(true)
    box.faults.clear()
    const second = await runCli(args)
    expect(second.code).toBe(0)
    expect(box.requests.filter((r) => r.kind === 'storage').at(-1)!.range).toMatch(/^bytes=[1-9]\d*-$/)
    expect(await sha256OfFile(join(out, 'Alpha Signals/600/big.bin'))).toBe(await expectedSha256(0, size))
  })

  it('exits 1 when a file fails (tampered) and leaves nothing under its name', async () => {
    const { box, out } = await setUp([{ order: 1, size: 5000, name: 'bad.csv' }])
    await box.faults.tamper('bad.csv')
    const failed = await runCli(['--api', box.apiUrl, 'sync', '--out', out, '--signer', 'env:SYNC_TEST_WALLET'])
    expect(failed.code).toBe(1)
    expect(failed.stdout).toContain('FAILED    Alpha Signals/600/bad.csv')
    expect(failed.stderr).toContain('Some files were not downloaded')
    expect((await listFiles(out)).filter((f) => !f.startsWith('.numerbay-sync'))).toEqual([])
  })
})

// npm run bench:sync — `numerbay-desktop sync` measured against references that are not this project's code, all
// fetching from one demo server in this process, alternated in one run:
//   - curl: 4 curl processes at once, each fetching its quarter of the same signed URLs over one kept-alive
//     connection and writing them with -o to the same disk (no decryption): the transfer floor;
//   - the Python client's way, as numerbay-api's download_artifact does it per file: POST /orders/search (its
//     _resolve_order), GET generate-download-url, utils.download_file (requests, iter_content(1024), appended to
//     the file) and utils.decrypt_file (the whole file read, PyNaCl SealedBox.decrypt, written back over itself);
//     one file after another, progress bars off (show_progress_bars=False, its fastest setting);
//   - sync: the whole CLI (start-up, sign-in, key unlock, plan, transfers at the default concurrency 4);
//   - a re-run of sync on the folder it just filled (nothing new to fetch).
// Scenarios: 16 × 64 MiB and 100 × 1 MiB. Each round runs every way of a scenario once, in a rotated order; before
// each run the previous output is deleted and dirty pages are flushed (`sync`), so no run pays for another's
// write-back. Every figure is the median of the rounds with [min–max]; ratios are taken round by round (same
// conditions) and their median is printed. CPU is user + system of the whole process tree (worker threads
// included, curl's four processes summed) from /usr/bin/time; peak RSS is the largest single process. The demo
// server's CPU (this process) is shown apart: it is the same for every way and shares the two cores with it.
//
// Needs /usr/bin/time and curl (Debian: `apt-get install time curl`), and for the Python client's way
// /usr/bin/python3 with PyNaCl and requests (`apt-get install python3-nacl python3-requests`; skipped without).
// Options (env): BENCH_ROUNDS (5), BENCH_LARGE (16x64: files × MiB), BENCH_SMALL (100x1), BENCH_SCENARIOS
// (large,small), BENCH_PYTHON (1; 0 skips the slow Python client's way).

import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair, toBase64 } from '../../src/main/crypto/key-pair'
import { createNumerBayClient } from '../../src/main/numerbay/client'
import { createKeySigner, parsePrivateKeyHex } from '../../src/main/signers/software-key'
import { startDemoServer } from '../../src/demo-server'

const root = fileURLToPath(new URL('../../', import.meta.url))
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5))
const WITH_PYTHON = process.env.BENCH_PYTHON !== '0'
const PYTHON = '/usr/bin/python3'
const TIME = '/usr/bin/time'
/** Two well-known development wallets (public test keys): one buyer per scenario, so a sync fetches only its own. */
const WALLETS = ['0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d']
const PASSWORD = 'bench-password'

function shape(value: string | undefined, fallback: string): { files: number; mib: number } {
  const match = /^(\d+)x(\d+)$/.exec(value ?? fallback)
  if (!match) throw new Error(`expected FILESxMIB, got ${value}`)
  return { files: Number(match[1]), mib: Number(match[2]) }
}

interface Scenario {
  readonly id: 'large' | 'small'
  readonly files: number
  readonly mib: number
  readonly wallet: string
  readonly username: string
  readonly productId: number
}

const chosen = new Set((process.env.BENCH_SCENARIOS ?? 'large,small').split(','))
const SCENARIOS: Scenario[] = [
  { id: 'large' as const, ...shape(process.env.BENCH_LARGE, '16x64'), wallet: WALLETS[0]!, username: 'bench-large', productId: 1 },
  { id: 'small' as const, ...shape(process.env.BENCH_SMALL, '100x1'), wallet: WALLETS[1]!, username: 'bench-small', productId: 2 },
].filter((scenario) => chosen.has(scenario.id))

interface Measure {
  readonly seconds: number
  /** User + system CPU of the process tree. */
  readonly cpu: number
  /** Largest single process, MiB. */
  readonly rssMiB: number
  /** CPU the demo server (this process) spent meanwhile. */
  readonly serverCpu: number
}

/**
 * Runs a command under /usr/bin/time (wall, peak RSS, user and system CPU of it and every child it waited for).
 * Asynchronous: the demo server serving the files lives in this process, so its event loop must keep running.
 */
function timed(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const before = process.cpuUsage()
    const child = spawn(TIME, ['-f', 'BENCH_TIME %e %M %U %S', command, ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    child.on('error', reject)
    child.on('close', (code) => {
      const server = process.cpuUsage(before)
      const match = /BENCH_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr)
      if (code !== 0 || !match) {
        process.stderr.write(stderr)
        reject(new Error(`${label} failed (exit ${code})`))
        return
      }
      resolve({
        seconds: Number(match[1]),
        rssMiB: Number(match[2]) / 1024,
        cpu: Number(match[3]) + Number(match[4]),
        serverCpu: (server.user + server.system) / 1e6,
      })
    })
  })
}

// What numerbay-api's download_artifact(artifact_id=<str>, dest_path, key_path) does for each file, written out
// here with the same calls: the order list (its _resolve_order), the download URL, the body streamed with requests
// in 1 KiB pieces appended to the file (download_file; no partial exists here, so its resume branch never runs),
// then the whole file read, opened with PyNaCl's SealedBox and written back over itself (decrypt_file, which
// reads the key file each time). Progress bars off; errors raise instead of being logged.
const PYTHON_CLIENT_SCRIPT = `
import json, os, requests
from nacl.encoding import Base64Encoder
from nacl.public import PrivateKey, SealedBox

api = os.environ['BENCH_API']
login = requests.post(api + '/login/access-token', data={'username': os.environ['BENCH_USER'], 'password': os.environ['BENCH_PASSWORD']})
login.raise_for_status()
headers = {'Authorization': 'Bearer ' + login.json()['access_token']}

def fetch_json(method, path, **kwargs):
    response = requests.request(method, api + path, headers=headers, **kwargs)
    response.raise_for_status()
    return response.json()

for job in json.load(open(os.environ['BENCH_JOBS'])):
    orders = fetch_json('POST', '/orders/search', json={'role': 'buyer'})['data']
    assert any(artifact['id'] == job['id'] for order in orders if order['state'] == 'confirmed' for artifact in order['artifacts'])
    url = fetch_json('GET', '/artifacts/%s/generate-download-url' % job['id'])
    path = os.path.join(os.environ['BENCH_OUT'], job['name'])
    body = requests.get(url, stream=True)
    body.raise_for_status()
    with open(path, 'ab') as sealed:
        for piece in body.iter_content(1024):
            sealed.write(piece)
    with open(os.environ['BENCH_KEY'], encoding='utf8') as key_file:
        box = SealedBox(PrivateKey(json.load(key_file)['private_key'], encoder=Base64Encoder))
    with open(path, 'rb+') as file:
        plain = box.decrypt(file.read())
        file.seek(0)
        file.write(plain)
        file.truncate()
`

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function spread(values: number[], digits: number): string {
  return `${median(values).toFixed(digits)} [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`
}

function requireTool(path: string, install: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: install it with \`${install}\` (Debian)`)
}

async function main(): Promise<void> {
  requireTool(TIME, 'apt-get install time')
  const curl = ['/usr/bin/curl', '/usr/local/bin/curl'].find((path) => existsSync(path))
  if (!curl) throw new Error('curl is missing: install it with `apt-get install curl` (Debian); it is the transfer floor sync is measured against')
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'inherit' })
  const hasPython = WITH_PYTHON && existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import nacl, requests'], { stdio: 'ignore' }).status === 0
  if (WITH_PYTHON && !hasPython) process.stdout.write('Python client way skipped: needs /usr/bin/python3 with PyNaCl and requests (apt-get install python3-nacl python3-requests)\n')

  const key = generateKeyPair()
  process.stdout.write(`Sealing ${SCENARIOS.map((s) => `${s.files} × ${s.mib} MiB`).join(' and ')} in the demo server…\n`)
  const demo = await startDemoServer({
    port: 0,
    urlTtlSeconds: 3600,
    seed: {
      globals: { selling_round: 700 },
      users: [
        ...SCENARIOS.map((s, index) => ({ id: 10 + index, username: s.username, password: PASSWORD, wallet_private_key: s.wallet, key: { generate: true as const, private_key: toBase64(key.privateKey) } })),
        { id: 2, username: 'seller' },
      ],
      products: SCENARIOS.map((s) => ({ id: s.productId, name: `Bench ${s.id}`, owner: 2 })),
      orders: SCENARIOS.map((s, index) => ({ id: s.productId, buyer: 10 + index, product: s.productId, rounds: [700] })),
      artifacts: SCENARIOS.flatMap((s) =>
        Array.from({ length: s.files }, (_, index) => ({
          order: s.productId,
          round: 700,
          object_name: `${s.id}_${String(index).padStart(3, '0')}.bin`,
          generated: { size: s.mib * 1024 * 1024, seed: `${s.id}-${index}` },
        })),
      ),
    },
  })
  const work = await mkdtemp(join(tmpdir(), 'numerbay-bench-sync-'))
  const report: string[] = []
  try {
    const keyFile = join(work, 'numerbay.json')
    await writeFile(keyFile, JSON.stringify({ public_key: toBase64(key.publicKey), private_key: toBase64(key.privateKey) }), { mode: 0o600 })
    const out = join(work, 'out')
    const fresh = async (): Promise<void> => {
      await rm(out, { recursive: true, force: true })
      await mkdir(out, { recursive: true })
      spawnSync('sync', { stdio: 'ignore' })
    }
    const countFiles = async (dir: string): Promise<number> => (await readdir(dir).catch(() => [])).filter((name) => !name.startsWith('.')).length

    for (const scenario of SCENARIOS) {
      const gib = (scenario.files * scenario.mib) / 1024
      const client = createNumerBayClient({ baseUrl: demo.apiUrl })
      await client.signInWithWallet(createKeySigner(parsePrivateKeyHex(scenario.wallet)))
      const artifacts = demo.state.artifacts.filter((a) => a.kind === 'order' && a.order_id === scenario.productId)
      const jobs = await Promise.all(artifacts.map(async (a) => ({ id: String(a.id), name: a.object_name, url: await client.orderArtifactDownloadUrl(String(a.id)) })))
      const jobsFile = join(work, `${scenario.id}-jobs.json`)
      await writeFile(jobsFile, JSON.stringify(jobs))
      // curl's share of the work: four config files, each a list of url/output pairs fetched over one connection.
      const configs = await Promise.all(
        [0, 1, 2, 3].map(async (part) => {
          const path = join(work, `${scenario.id}-curl-${part}.conf`)
          const lines = jobs.filter((_, index) => index % 4 === part).flatMap((job) => [`url = "${job.url}"`, `output = "${join(out, job.name)}"`])
          await writeFile(path, `${lines.join('\n')}\n`)
          return path
        }),
      )
      const configList = join(work, `${scenario.id}-curl.list`)
      await writeFile(configList, `${configs.join('\n')}\n`)
      const env = { ...process.env, BENCH_JOBS: jobsFile, BENCH_KEY: keyFile, BENCH_OUT: out, BENCH_WALLET: scenario.wallet, BENCH_API: demo.apiUrl, BENCH_USER: scenario.username, BENCH_PASSWORD: PASSWORD, NUMERBAY_DATA_DIR: join(work, 'data'), NUMERBAY_API_URL: '' }
      const syncArgs = [join(root, 'bin/numerbay-desktop.js'), '--api', demo.apiUrl, 'sync', '--out', out, '--signer', 'env:BENCH_WALLET', '--json']
      const syncedDir = join(out, `Bench ${scenario.id}`, '700')

      const ways = {
        curl: async (): Promise<Measure> => {
          await fresh()
          const m = await timed('curl', '/usr/bin/xargs', ['-a', configList, '-P', '4', '-n', '1', curl, '-sS', '--fail', '-K'], env)
          const sizes = await Promise.all(jobs.map(async (job) => (await stat(join(out, job.name))).size))
          if (sizes.some((size) => size !== scenario.mib * 1024 * 1024 + 48)) throw new Error('curl left a file of the wrong size')
          return m
        },
        python: async (): Promise<Measure> => {
          await fresh()
          const m = await timed('Python client way', PYTHON, ['-c', PYTHON_CLIENT_SCRIPT], env)
          const sizes = await Promise.all(jobs.map(async (job) => (await stat(join(out, job.name))).size))
          if (sizes.some((size) => size !== scenario.mib * 1024 * 1024)) throw new Error('the Python client way left a file of the wrong size')
          return m
        },
        sync: async (): Promise<Measure> => {
          await fresh()
          const m = await timed('sync', process.execPath, syncArgs, env)
          const written = await countFiles(syncedDir)
          if (written !== scenario.files) throw new Error(`sync wrote ${written} files, expected ${scenario.files}`)
          return m
        },
      }
      type Way = keyof typeof ways
      const order: Way[] = hasPython ? ['curl', 'sync', 'python'] : ['curl', 'sync']
      const results: Record<Way | 'rerun', Measure[]> = { curl: [], sync: [], python: [], rerun: [] }
      const workersOnRerun: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        process.stdout.write(`${scenario.files} × ${scenario.mib} MiB, round ${round + 1} of ${ROUNDS}…\n`)
        for (let i = 0; i < order.length; i++) {
          const way = order[(i + round) % order.length]!
          results[way].push(await ways[way]())
          if (way === 'sync') {
            // The re-run: the folder just filled, nothing new. Each worker it starts leaves a CPU profile here.
            const profiles = join(work, `profiles-${scenario.id}-${round}`)
            results.rerun.push(await timed('sync re-run', process.execPath, syncArgs, { ...env, NUMERBAY_PROFILE_WORKERS: profiles }))
            workersOnRerun.push((await readdir(profiles).catch(() => [])).filter((name) => name.endsWith('.cpuprofile')).length)
          }
        }
      }
      await fresh()

      const row = (label: string, runs: Measure[], perGib: boolean): string =>
        `| ${label} | ${spread(runs.map((m) => m.seconds), 2)} | ${spread(runs.map((m) => (perGib ? m.cpu / gib : m.cpu)), 2)} | ${spread(runs.map((m) => m.rssMiB), 0)} | ${spread(runs.map((m) => m.serverCpu), 2)} |`
      const ratios = (a: Measure[], b: Measure[]): number[] => a.map((m, index) => m.seconds / b[index]!.seconds)
      const syncVsCurl = ratios(results.sync, results.curl)
      const cpuPerGib = median(results.sync.map((m) => m.cpu / gib))
      const lines = [
        '',
        `### ${scenario.files} × ${scenario.mib} MiB (${(gib * 1024).toFixed(0)} MiB), ${ROUNDS} rounds: median [min–max]`,
        '',
        `| way | wall s | CPU ${'s/GiB'} (user+sys, tree) | peak RSS MiB | demo server CPU s |`,
        '| --- | --- | --- | --- | --- |',
        row('4 × curl -o (no decryption)', results.curl, true),
        row('numerbay-desktop sync', results.sync, true),
        ...(hasPython ? [row("Python client's way", results.python, true)] : []),
        `| sync re-run, nothing new (CPU in s) | ${spread(results.rerun.map((m) => m.seconds), 2)} | ${spread(results.rerun.map((m) => m.cpu), 2)} | ${spread(results.rerun.map((m) => m.rssMiB), 0)} | ${spread(results.rerun.map((m) => m.serverCpu), 2)} |`,
        '',
        `sync / curl           ${spread(syncVsCurl, 2)}×   (target ≤ 1.50×) ${median(syncVsCurl) <= 1.5 ? 'met' : 'MISSED'}`,
        ...(hasPython ? [`Python way / sync     ${spread(ratios(results.python, results.sync), 2)}×`] : []),
        ...(hasPython ? [`Python way / curl     ${spread(ratios(results.python, results.curl), 2)}×`] : []),
        ...(scenario.id === 'large'
          ? [
              `sync CPU              ${cpuPerGib.toFixed(2)} core-s/GiB (target ≤ 3) ${cpuPerGib <= 3 ? 'met' : 'MISSED'}`,
              `sync peak RSS         ${median(results.sync.map((m) => m.rssMiB)).toFixed(0)} MiB (target ≤ 128) ${median(results.sync.map((m) => m.rssMiB)) <= 128 ? 'met' : 'MISSED'}`,
            ]
          : []),
        `re-run                ${median(results.rerun.map((m) => m.seconds)).toFixed(2)} s (target ≤ 0.30), ${median(results.rerun.map((m) => m.rssMiB)).toFixed(0)} MiB (target ≤ 80), workers started: ${workersOnRerun.join(', ')} (target 0)`,
      ]
      report.push(...lines)
      process.stdout.write(`${lines.join('\n')}\n`)
    }
  } finally {
    await demo.close()
    await rm(work, { recursive: true, force: true })
  }
  process.stdout.write(`\n## Summary (this run)\n${report.join('\n')}\n`)
}

await main()

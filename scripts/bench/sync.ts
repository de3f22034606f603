// npm run bench:sync — a demo server with 16 sealed files of 64 MiB, then the ways to get them onto disk, each in its
// own process under /usr/bin/time (wall time, peak RSS):
//   1. `numerbay-desktop sync` (stream, decrypt on worker threads, verify, atomic commit);
//   2. the I/O floor: the same bytes fetched to disk with no decryption: same signed URLs, concurrency 4, and the
//      same HTTP stack as sync (node:http, keep-alive), on one thread;
//   3. the Python client's way, as numerbay/utils.py does it (download_artifact): download_file streams each file
//      to disk with requests in 1 KiB chunks, then decrypt_file reads it whole, decrypts it with PyNaCl and writes
//      it back over itself; one file after another. urllib stands in for requests when requests is missing;
//   4. for reference, an idealised Python way: the whole body read into memory at once, decrypted, written.
// Targets: sync ≤ 1.3× the floor, ≥ 2× faster than the Python client's way (3), peak RSS ≤ 160 MiB.
// Runs go round-robin over the three ways; before each, the previous output is deleted and dirty pages are
// flushed (`sync`), so no way pays for another's write-back.
//
// Options (env): BENCH_FILES (16), BENCH_FILE_MIB (64), BENCH_REPEAT (3: best of N for each way).

import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair, toBase64 } from '../../src/main/crypto/key-pair'
import { createNumerBayClient } from '../../src/main/numerbay/client'
import { createKeySigner, parsePrivateKeyHex } from '../../src/main/signers/software-key'
import { startDemoServer } from '../../src/demo-server'

const root = fileURLToPath(new URL('../../', import.meta.url))
const FILES = Number(process.env.BENCH_FILES ?? 16)
const FILE_MIB = Number(process.env.BENCH_FILE_MIB ?? 64)
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3))
const WALLET = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const PYTHON = '/usr/bin/python3'

interface Measure {
  readonly seconds: number
  readonly rssMiB: number
  /** User + system CPU. */
  readonly cpuSeconds: number
}

/**
 * Runs a command under /usr/bin/time; returns wall seconds and peak RSS. Asynchronous: the demo server serving the
 * files lives in this process, so its event loop must keep running.
 */
function timed(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'BENCH_TIME %e %M %U %S', command, ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    child.on('error', reject)
    child.on('close', (code) => {
      const match = /BENCH_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr)
      if (code !== 0 || !match) {
        process.stderr.write(stderr)
        reject(new Error(`${label} failed (exit ${code})`))
        return
      }
      resolve({ seconds: Number(match[1]), rssMiB: Number(match[2]) / 1024, cpuSeconds: Number(match[3]) + Number(match[4]) })
    })
  })
}

function best(runs: Measure[]): Measure {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a))
}

const FLOOR_SCRIPT = `
import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { pipeline } from 'node:stream/promises'
const jobs = JSON.parse(await readFile(process.env.BENCH_URLS, 'utf8'))
const agent = new Agent({ keepAlive: true })
const get = (url) => new Promise((resolve, reject) => request(url, { agent }, resolve).on('error', reject).end())
let next = 0
async function worker() {
  while (next < jobs.length) {
    const job = jobs[next++]
    const response = await get(job.url)
    if (response.statusCode !== 200) throw new Error('HTTP ' + response.statusCode)
    await pipeline(response, createWriteStream(process.env.BENCH_OUT + '/' + job.name))
  }
}
await Promise.all([worker(), worker(), worker(), worker()])
`

const PYTHON_CLIENT_SCRIPT = `
import json, os, urllib.request
from nacl.public import PrivateKey, SealedBox
from nacl.encoding import Base64Encoder
try:
    import requests
except ImportError:
    requests = None
jobs = json.load(open(os.environ['BENCH_URLS']))
key_base64 = json.load(open(os.environ['BENCH_KEY']))['private_key']

def download_file(url, dest_path):
    if requests is not None:
        response = requests.get(url, stream=True)
        response.raise_for_status()
        chunks = response.iter_content(1024)
    else:
        response = urllib.request.urlopen(url)
        chunks = iter(lambda: response.read(1024), b'')
    with open(dest_path, 'ab') as dest_file:
        for chunk in chunks:
            dest_file.write(chunk)

def decrypt_file(dest_path):
    unbox = SealedBox(PrivateKey(key_base64, encoder=Base64Encoder))
    with open(dest_path, 'rb+') as file:
        decrypted_content = unbox.decrypt(file.read())
        file.seek(0)
        file.write(decrypted_content)
        file.truncate()

for job in jobs:
    dest_path = os.path.join(os.environ['BENCH_OUT'], job['name'])
    download_file(job['url'], dest_path)
    decrypt_file(dest_path)
`

const PYTHON_IDEAL_SCRIPT = `
import json, os, urllib.request
from nacl.public import PrivateKey, SealedBox
from nacl.encoding import Base64Encoder
jobs = json.load(open(os.environ['BENCH_URLS']))
key = json.load(open(os.environ['BENCH_KEY']))
box = SealedBox(PrivateKey(key['private_key'], encoder=Base64Encoder))
for job in jobs:
    with urllib.request.urlopen(job['url']) as response:
        sealed = response.read()
    plain = box.decrypt(sealed)
    with open(os.path.join(os.environ['BENCH_OUT'], job['name']), 'wb') as out:
        out.write(plain)
`

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'inherit' })
  const key = generateKeyPair()
  const size = FILE_MIB * 1024 * 1024
  process.stdout.write(`Sealing ${FILES} files of ${FILE_MIB} MiB in the demo server…\n`)
  const demo = await startDemoServer({
    port: 0,
    urlTtlSeconds: 3600,
    seed: {
      globals: { selling_round: 700 },
      users: [
        { id: 1, username: 'bench-buyer', wallet_private_key: WALLET, key: { generate: true, private_key: toBase64(key.privateKey) } },
        { id: 2, username: 'seller' },
      ],
      products: [{ id: 1, name: 'Bench Product', owner: 2 }],
      orders: [{ id: 1, buyer: 1, product: 1, rounds: [700] }],
      artifacts: Array.from({ length: FILES }, (_, index) => ({
        order: 1,
        round: 700,
        object_name: `bench_${String(index).padStart(2, '0')}.bin`,
        generated: { size, seed: `bench-${index}` },
      })),
    },
  })
  const work = await mkdtemp(join(tmpdir(), 'numerbay-bench-sync-'))
  try {
    const client = createNumerBayClient({ baseUrl: demo.apiUrl })
    await client.signInWithWallet(createKeySigner(parsePrivateKeyHex(WALLET)))
    const artifacts = demo.state.artifacts.filter((a) => a.kind === 'order')
    const jobs = await Promise.all(artifacts.map(async (a) => ({ name: a.object_name, url: await client.orderArtifactDownloadUrl(String(a.id)) })))
    const urlsFile = join(work, 'urls.json')
    const keyFile = join(work, 'numerbay.json')
    await writeFile(urlsFile, JSON.stringify(jobs))
    await writeFile(keyFile, JSON.stringify({ public_key: toBase64(key.publicKey), private_key: toBase64(key.privateKey) }), { mode: 0o600 })
    const out = join(work, 'out')
    const fresh = async (): Promise<void> => {
      await rm(out, { recursive: true, force: true })
      await mkdir(out, { recursive: true })
      spawnSync('sync', { stdio: 'ignore' })
    }
    const env = { ...process.env, BENCH_URLS: urlsFile, BENCH_KEY: keyFile, BENCH_OUT: out, BENCH_WALLET: WALLET, NUMERBAY_DATA_DIR: join(work, 'data'), NUMERBAY_API_URL: '' }
    const totalMiB = (FILES * size) / (1024 * 1024)

    const hasPyNaCl = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import nacl'], { stdio: 'ignore' }).status === 0
    const hasRequests = hasPyNaCl && spawnSync(PYTHON, ['-c', 'import requests'], { stdio: 'ignore' }).status === 0
    const floors: Measure[] = []
    const syncs: Measure[] = []
    const pythons: Measure[] = []
    const ideals: Measure[] = []
    for (let i = 0; i < REPEAT; i++) {
      await fresh()
      floors.push(await timed('I/O floor', process.execPath, ['--input-type=module', '-e', FLOOR_SCRIPT], env))
      await fresh()
      syncs.push(await timed('sync', process.execPath, [join(root, 'bin/numerbay-desktop.js'), '--api', demo.apiUrl, 'sync', '--out', out, '--signer', 'env:BENCH_WALLET', '--json'], env))
      const written = (await readdir(join(out, 'Bench Product', '700'))).length
      if (written !== FILES) throw new Error(`sync wrote ${written} files, expected ${FILES}`)
      if (hasPyNaCl) {
        await fresh()
        pythons.push(await timed('Python client way', PYTHON, ['-c', PYTHON_CLIENT_SCRIPT], env))
        await fresh()
        ideals.push(await timed('idealised Python way', PYTHON, ['-c', PYTHON_IDEAL_SCRIPT], env))
      }
    }
    const python = pythons.length > 0 ? best(pythons) : null
    const ideal = ideals.length > 0 ? best(ideals) : null
    await fresh()

    const floor = best(floors)
    const sync = best(syncs)
    const line = (label: string, m: Measure): string =>
      `${label.padEnd(34)} ${m.seconds.toFixed(2).padStart(7)} s  ${(totalMiB / m.seconds).toFixed(0).padStart(5)} MiB/s  CPU ${m.cpuSeconds.toFixed(1).padStart(5)} s  peak RSS ${m.rssMiB.toFixed(0).padStart(5)} MiB`
    const report = [
      '',
      `${FILES} sealed files × ${FILE_MIB} MiB = ${totalMiB} MiB from the demo server (best of ${REPEAT} each)`,
      line('numerbay-desktop sync', sync),
      line('I/O floor (node:http, no decryption)', floor),
      ...(python && ideal
        ? [line(`Python client way (${hasRequests ? 'requests' : 'urllib'}, PyNaCl)`, python), line('idealised Python (in memory, PyNaCl)', ideal)]
        : ['Python client way: /usr/bin/python3 with PyNaCl not installed, skipped']),
      '',
      `sync / floor     = ${(sync.seconds / floor.seconds).toFixed(2)}×   (target ≤ 1.30×) ${sync.seconds / floor.seconds <= 1.3 ? 'OK' : 'MISSED'}`,
      ...(python ? [`python / sync    = ${(python.seconds / sync.seconds).toFixed(2)}×   (target ≥ 2.00×) ${python.seconds / sync.seconds >= 2 ? 'OK' : 'MISSED'}`] : []),
      ...(ideal ? [`idealised / sync = ${(ideal.seconds / sync.seconds).toFixed(2)}×   (reference, no target)`] : []),
      `sync peak RSS    = ${sync.rssMiB.toFixed(0)} MiB (target ≤ 160 MiB) ${sync.rssMiB <= 160 ? 'OK' : 'MISSED'}`,
      `all sync runs:   ${syncs.map((m) => `${m.seconds.toFixed(2)} s/${m.rssMiB.toFixed(0)} MiB`).join(', ')}`,
      `all floor runs:  ${floors.map((m) => `${m.seconds.toFixed(2)} s/${m.rssMiB.toFixed(0)} MiB`).join(', ')}`,
      ...(pythons.length > 0 ? [`all Python runs: ${pythons.map((m) => `${m.seconds.toFixed(2)} s/${m.rssMiB.toFixed(0)} MiB`).join(', ')}`] : []),
      ...(ideals.length > 0 ? [`all ideal runs:  ${ideals.map((m) => `${m.seconds.toFixed(2)} s/${m.rssMiB.toFixed(0)} MiB`).join(', ')}`] : []),
      '',
    ]
    process.stdout.write(report.join('\n'))
  } finally {
    await demo.close()
    await rm(work, { recursive: true, force: true })
  }
}

await main()

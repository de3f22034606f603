// npm run bench:decrypt [-- --size 256m|1g] [--runs N] [--engines a,b] [--dir DIR]
// Seals a file of the given size, then decrypts it in separate processes with this project's engine (in-process,
// on a worker thread, and through the CLI), tweetnacl one-shot (numerbay.ai's path), libsodium-wrappers one-shot
// and PyNaCl one-shot (the NumerBay Python client; via /usr/bin/python3 when it has nacl). Prints wall time,
// peak RSS and the speed ratio to PyNaCl; every output is checked against the plaintext's SHA-256.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { mkdir, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import sodium from 'sodium-native'
import { generateKeyPair, type KeyPair } from '../../src/main/crypto/key-pair'
import { serializeKeyFile } from '../../src/main/crypto/key-file'
import { boxBeforeNm, SEALED_HEADER_BYTES, sealedNonce } from '../../src/main/crypto/sealed-stream'
import { sodiumStreaming } from '../../src/main/crypto/sodium-streaming'

const root = fileURLToPath(new URL('../../', import.meta.url))
const PYTHON = '/usr/bin/python3'
/** Each child reports `<peak RSS KiB> <CPU µs>` after this marker on stderr as it exits. */
const USAGE_MARKER = 'BENCH_USAGE='
const MiB = 1024 * 1024

interface Options {
  size: number
  runs: number
  engines: string[] | null
  dir: string
  keep: boolean
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(text.trim())
  if (!match) throw new Error(`bad --size ${text} (e.g. 256m, 1g)`)
  const unit = { '': 1, k: 1024, m: MiB, g: 1024 * MiB }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g']
  return Math.round(Number(match[1]) * unit)
}

function parseArgs(argv: string[]): Options {
  const options: Options = { size: 256 * MiB, runs: 1, engines: null, dir: join(tmpdir(), 'numerbay-bench-decrypt'), keep: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = (): string => {
      const next = argv[++i]
      if (next === undefined) throw new Error(`${arg} needs a value`)
      return next
    }
    if (arg === '--size') options.size = parseSize(value())
    else if (arg === '--runs') options.runs = Math.max(1, Number(value()))
    else if (arg === '--engines') options.engines = value().split(',')
    else if (arg === '--dir') options.dir = value()
    else if (arg === '--keep') options.keep = true
    else if (arg === '--help') {
      process.stdout.write('npm run bench:decrypt -- [--size 256m|1g] [--runs N] [--engines sink,sink-sha256,pool,cli,tweetnacl,libsodium,pynacl] [--dir DIR] [--keep]\n')
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}`)
  }
  return options
}

/**
 * Seals `size` pseudo-random bytes to `keyPair` exactly as crypto_box_seal does, but streaming, so the bench can
 * make 1 GiB files without holding them. (Every engine's output is checked, PyNaCl's included, so the file is
 * verified by independent implementations.) Returns the plaintext's SHA-256.
 */
async function sealStreaming(path: string, size: number, keyPair: KeyPair): Promise<string> {
  const ephemeralPublic = Buffer.alloc(32)
  const ephemeralSecret = Buffer.alloc(32)
  sodium.crypto_box_keypair(ephemeralPublic, ephemeralSecret)
  const key = boxBeforeNm(keyPair.publicKey, ephemeralSecret)
  const nonce = sealedNonce(ephemeralPublic, keyPair.publicKey)
  const stream = Buffer.alloc(sodiumStreaming.crypto_stream_xor_STATEBYTES)
  const auth = Buffer.alloc(sodiumStreaming.crypto_onetimeauth_STATEBYTES)
  const polyKey = Buffer.alloc(32)
  sodiumStreaming.crypto_stream_xor_init(stream, nonce, key)
  sodiumStreaming.crypto_stream_xor_update(stream, polyKey, polyKey)
  sodiumStreaming.crypto_onetimeauth_init(auth, polyKey)
  const hash = createHash('sha256')
  const block = Buffer.alloc(4 * MiB)
  sodium.randombytes_buf(block)
  const cipher = Buffer.alloc(block.length)
  const file = await open(path, 'w')
  try {
    await file.write(Buffer.alloc(SEALED_HEADER_BYTES), 0, SEALED_HEADER_BYTES, 0)
    for (let done = 0, counter = 0; done < size; counter++) {
      const length = Math.min(block.length, size - done)
      block.writeUInt32LE(counter, 0)
      const plain = block.subarray(0, length)
      hash.update(plain)
      sodiumStreaming.crypto_stream_xor_update(stream, cipher.subarray(0, length), plain)
      sodiumStreaming.crypto_onetimeauth_update(auth, cipher.subarray(0, length))
      await file.write(cipher, 0, length, SEALED_HEADER_BYTES + done)
      done += length
    }
    const tag = Buffer.alloc(16)
    sodiumStreaming.crypto_onetimeauth_final(auth, tag)
    await file.write(Buffer.concat([ephemeralPublic, tag]), 0, SEALED_HEADER_BYTES, 0)
  } finally {
    await file.close()
  }
  return hash.digest('hex')
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MiB })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

const PYNACL_SCRIPT = `
import json, resource, sys
from nacl.public import PrivateKey, SealedBox
from nacl.encoding import Base64Encoder
key_path, src, dst = sys.argv[1:4]
with open(key_path) as f:
    key = json.load(f)["private_key"]
box = SealedBox(PrivateKey(key, encoder=Base64Encoder))
with open(src, "rb") as f:
    data = box.decrypt(f.read())
with open(dst, "wb") as f:
    f.write(data)
usage = resource.getrusage(resource.RUSAGE_SELF)
sys.stderr.write("\\n${USAGE_MARKER}%d %d\\n" % (usage.ru_maxrss, (usage.ru_utime + usage.ru_stime) * 1e6))
`

interface Engine {
  readonly name: string
  readonly label: string
  readonly command: (key: string, input: string, output: string) => [string, string[]]
  /** The output path for this engine (the CLI writes into a folder). */
  readonly output: (dir: string, input: string) => string
}

interface Measurement {
  readonly engine: Engine
  readonly seconds: number[]
  readonly cpuSeconds: number[]
  rssMiB: number
  ok: boolean
  note?: string
}

interface RunResult {
  readonly seconds: number
  readonly cpuSeconds: number
  readonly rssKiB: number
  readonly code: number
  readonly stderr: string
}

/** Runs one process: wall time from spawn to exit; peak RSS and CPU time (user + system) as it reported them. */
function runOnce(command: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const marker = stderr.lastIndexOf(USAGE_MARKER)
      const [rss, cpu] = marker === -1 ? [] : stderr.slice(marker + USAGE_MARKER.length).trim().split(/\s+/).map(Number)
      resolve({
        seconds,
        rssKiB: rss ?? Number.NaN,
        cpuSeconds: (cpu ?? Number.NaN) / 1e6,
        code: code ?? 1,
        stderr: stderr.slice(0, marker === -1 ? undefined : marker).trim(),
      })
    })
  })
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2))
  await mkdir(options.dir, { recursive: true })
  const benchOut = join(root, 'out', 'bench')
  await mkdir(benchOut, { recursive: true })
  const rssHook = join(benchOut, 'usage-hook.mjs')
  await writeFile(
    rssHook,
    `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\n${USAGE_MARKER}' + u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) + '\\n') })\n`,
  )
  process.stdout.write('building the engine bundle and the CLI…\n')
  await build({
    absWorkingDir: root,
    entryPoints: { 'decrypt-engines': 'scripts/bench/decrypt-engines.ts', 'decrypt-worker': 'src/main/workers/decrypt-worker.ts' },
    outdir: benchOut,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  })
  // locateDecryptWorker looks for decrypt-worker.mjs beside the bundle too.
  spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' })

  const keyPair = generateKeyPair()
  const keyPath = join(options.dir, 'numerbay.json')
  await writeFile(keyPath, serializeKeyFile(keyPair), { mode: 0o600 })
  const input = join(options.dir, `sealed-${options.size}.bin`)
  process.stdout.write(`sealing ${(options.size / MiB).toFixed(0)} MiB to ${input}…\n`)
  const expected = await sealStreaming(input, options.size, keyPair)

  const node = process.execPath
  const engineScript = join(benchOut, 'decrypt-engines.mjs')
  const cliBin = join(root, 'bin', 'numerbay-desktop.js')
  const file = (dir: string): string => join(dir, 'plain.bin')
  const hasPyNaCl = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import nacl.public']).status === 0
  const all: Engine[] = [
    { name: 'sink', label: 'numerbay-desktop engine (in-process)', output: file, command: (k, i, o) => [node, ['--import', rssHook, engineScript, 'sink', k, i, o]] },
    { name: 'sink-sha256', label: 'numerbay-desktop engine + SHA-256', output: file, command: (k, i, o) => [node, ['--import', rssHook, engineScript, 'sink-sha256', k, i, o]] },
    { name: 'pool', label: 'numerbay-desktop engine + SHA-256 (worker)', output: file, command: (k, i, o) => [node, ['--import', rssHook, engineScript, 'pool', k, i, o]] },
    {
      name: 'cli',
      label: 'numerbay-desktop decrypt (CLI)',
      output: (dir, sealed) => join(dir, 'cli', sealed.split('/').pop()!),
      command: (k, i, o) => [node, ['--import', rssHook, cliBin, 'decrypt', '--key', k, '--out', join(o, '..'), i]],
    },
    { name: 'tweetnacl', label: 'tweetnacl one-shot (numerbay.ai)', output: file, command: (k, i, o) => [node, ['--import', rssHook, engineScript, 'tweetnacl', k, i, o]] },
    { name: 'libsodium', label: 'libsodium-wrappers one-shot', output: file, command: (k, i, o) => [node, ['--import', rssHook, engineScript, 'libsodium', k, i, o]] },
    ...(hasPyNaCl ? [{ name: 'pynacl', label: 'PyNaCl one-shot (Python client)', output: file, command: (k: string, i: string, o: string): [string, string[]] => [PYTHON, ['-c', PYNACL_SCRIPT, k, i, o]] }] : []),
  ]
  if (!hasPyNaCl) process.stdout.write(`PyNaCl not found (${PYTHON} -c "import nacl"): install python3-nacl to compare with the Python client.\n`)
  const engines = options.engines ? all.filter((engine) => options.engines!.includes(engine.name)) : all

  // Runs go round-robin over the engines, so a burst of load elsewhere on the machine hits them all alike.
  const results: Measurement[] = engines.map((engine) => ({ engine, seconds: [], cpuSeconds: [], rssMiB: 0, ok: true }))
  for (let run = 0; run < options.runs; run++) {
    for (const result of results) {
      if (!result.ok) continue
      const { engine } = result
      const output = engine.output(options.dir, input)
      await rm(output, { force: true })
      await mkdir(join(output, '..'), { recursive: true })
      const [command, args] = engine.command(keyPath, input, output)
      const measured = await runOnce(command, args)
      if (measured.code !== 0) {
        result.ok = false
        result.note = measured.stderr.split('\n').filter(Boolean).pop()?.slice(0, 100) ?? `exit ${measured.code}`
      } else if ((await sha256File(output)) !== expected) {
        result.ok = false
        result.note = 'wrong plaintext'
      } else {
        result.seconds.push(measured.seconds)
        result.cpuSeconds.push(measured.cpuSeconds)
        result.rssMiB = Math.max(result.rssMiB, measured.rssKiB / 1024)
      }
      await rm(output, { force: true })
      const status = result.ok ? `${measured.seconds.toFixed(2)} s wall, ${measured.cpuSeconds.toFixed(2)} s CPU, ${(measured.rssKiB / 1024).toFixed(0)} MiB` : `failed (${result.note})`
      process.stdout.write(`  run ${run + 1}: ${engine.label}: ${status}\n`)
    }
  }
  if (!options.keep) await rm(input, { force: true })

  const best = (values: number[]): number => (values.length ? Math.min(...values) : Number.NaN)
  const pynacl = results.find((result) => result.engine.name === 'pynacl' && result.ok)
  const pyWall = pynacl ? best(pynacl.seconds) : undefined
  const pyCpu = pynacl ? best(pynacl.cpuSeconds) : undefined
  const rows = results.map((result) => {
    const wall = best(result.seconds)
    const cpu = best(result.cpuSeconds)
    return [
      result.engine.label,
      result.ok ? wall.toFixed(2) : 'failed',
      result.ok ? cpu.toFixed(2) : '-',
      result.ok ? result.rssMiB.toFixed(0) : '-',
      result.ok && pyWall ? `${(pyWall / wall).toFixed(2)}×` : '-',
      result.ok && pyCpu ? `${(pyCpu / cpu).toFixed(2)}×` : '-',
      result.ok ? 'yes' : (result.note ?? 'no'),
    ]
  })
  const header = ['engine', 'wall s', 'CPU s', 'peak RSS MiB', 'vs PyNaCl (wall)', 'vs PyNaCl (CPU)', 'output verified']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |\n`
  process.stdout.write(`\n${(options.size / MiB).toFixed(0)} MiB sealed file, best of ${options.runs} run(s) each (wall: start to exit; CPU: user + system):\n\n`)
  process.stdout.write(line(header))
  process.stdout.write(line(widths.map((width) => '-'.repeat(width))))
  for (const row of rows) process.stdout.write(line(row))

  const ours = results.find((result) => result.engine.name === 'sink' && result.ok)
  if (ours) {
    const wall = best(ours.seconds)
    const speed = pyWall ? `${(pyWall / wall).toFixed(2)}× PyNaCl (target ≥ 4×)` : 'no PyNaCl to compare'
    process.stdout.write(`\nengine: ${wall.toFixed(2)} s, ${speed}; peak RSS ${ours.rssMiB.toFixed(0)} MiB (target ≤ 96 MiB)\n`)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).message}\n`)
  process.exitCode = 1
})

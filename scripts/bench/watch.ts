// npm run bench:watch — what watch mode costs while nothing happens. A demo server (in this process) with 20 active
// orders, each with one sealed file that a first `watch --once` has already fetched; then `watch --interval 1s` in a
// child process for BENCH_SECONDS (60). Measured from outside the watcher:
//   - each cycle's wall time (its own report) and its API calls (the demo server's request log, by time);
//   - each cycle's CPU (user + system of the child from /proc/<pid>/stat, read as each cycle starts and ends), and
//     the child's CPU share over the whole run after its first cycle;
//   - its resident memory: sampled every second (VmRSS) and the kernel's peak (VmHWM).
// Reference, not our code, measured in the same run with curl: (a) the same API calls as the watcher's idle cycle,
// (b) a full poll (the globals, the orders, and every order's listing: what polling each order costs), each made
// with one curl process per call from a shell loop, and with one curl process per cycle (keep-alive, `--next`).
// Targets: idle cycle < 100 ms of CPU, CPU share < 2 %, RSS < 90 MiB while idle. The machine may be shared:
// numbers are given as min / median / max, with the load average.
//
// Options (env): BENCH_SECONDS (60), BENCH_ORDERS (20), BENCH_CURL_CYCLES (20), BENCH_VERBOSE (print the series).

import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { generateKeyPair, toBase64 } from '../../src/main/crypto/key-pair'
import { startDemoServer, type DemoServerHandle } from '../../src/demo-server'

const root = fileURLToPath(new URL('../../', import.meta.url))
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60)
const ORDERS = Number(process.env.BENCH_ORDERS ?? 20)
const CURL_CYCLES = Number(process.env.BENCH_CURL_CYCLES ?? 20)
const PASSWORD = 'bench-password'
/** Hardhat account #0 (a public test key): the demo server seals the buyer's key with it. */
const WALLET = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const ROUND = 700
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

const TARGET_CYCLE_CPU_MS = 100
const TARGET_CPU_SHARE = 0.02
const TARGET_RSS_MIB = 90

/** User + system CPU of a process, in milliseconds (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
}

function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
}

function stats(values: readonly number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { min: sorted[0]!, median, max: sorted.at(-1)! }
}

function row(label: string, values: readonly number[], digits = 1): string {
  const s = stats(values)
  return `${label.padEnd(34)} ${s.min.toFixed(digits).padStart(8)} ${s.median.toFixed(digits).padStart(8)} ${s.max.toFixed(digits).padStart(8)}`
}

/** Runs a command under /usr/bin/time; returns its wall and CPU seconds. The demo server lives in this process. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; cpuSeconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'BENCH_TIME %e %U %S', command, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
    child.on('error', reject)
    child.on('close', (code) => {
      const match = /BENCH_TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(stderr)
      if (code !== 0 || !match) return reject(new Error(`${command} failed (exit ${code}): ${stderr}`))
      resolve({ seconds: Number(match[1]), cpuSeconds: Number(match[2]) + Number(match[3]) })
    })
  })
}

/**
 * API calls as curl makes them, $CYCLES times: one curl process per call (a shell loop), or one curl process for
 * all the calls of a cycle (keep-alive). $ORDER_IDS lists the orders whose listing is asked (none: globals and
 * orders only).
 */
const CURL_PER_CALL = `
for i in $(seq 1 "$CYCLES"); do
  curl -sf -o /dev/null "$API/globals/"
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"role":"buyer"}' "$API/orders/search"
  for id in $ORDER_IDS; do curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$API/artifacts/?order_id=$id"; done
done`

const CURL_PER_CYCLE = `
for i in $(seq 1 "$CYCLES"); do
  set -- -sf -o /dev/null "$API/globals/" --next -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"role":"buyer"}' "$API/orders/search"
  for id in $ORDER_IDS; do set -- "$@" --next -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$API/artifacts/?order_id=$id"; done
  curl "$@"
done`

interface PerCycle {
  readonly wallMs: number
  readonly cpuMs: number
}

async function curlCycles(script: string, env: NodeJS.ProcessEnv): Promise<PerCycle> {
  const measured = await timed('/bin/bash', ['-c', script], env)
  return { wallMs: (measured.seconds * 1000) / CURL_CYCLES, cpuMs: (measured.cpuSeconds * 1000) / CURL_CYCLES }
}

interface Cycle {
  readonly cycle: number
  readonly startedAt: number
  readonly cpuAtStart: number
  finishedAt?: number
  cpuAtEnd?: number
  durationMs?: number
  ok?: boolean
  newFiles?: number
}

async function runWatcher(demo: DemoServerHandle, out: string, keyFile: string, env: NodeJS.ProcessEnv): Promise<{ cycles: Cycle[]; window: { cpuMs: number; wallMs: number }; rss: number[]; peakMiB: number }> {
  const child = spawn(process.execPath, [join(root, 'bin/numerbay-desktop.js'), '--api', demo.apiUrl, 'watch', '--out', out, '--key', keyFile, '--username', 'bench-buyer', '--interval', '1s', '--json'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const pid = child.pid!
  const cycles: Cycle[] = []
  const rss: number[] = []
  let windowStart: { cpu: number; at: number } | null = null
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as { type: string; time: string; cycle?: number; durationMs?: number; ok?: boolean; newFiles?: number }
    if (event.type === 'cycle-started') cycles.push({ cycle: event.cycle!, startedAt: Date.parse(event.time), cpuAtStart: cpuMs(pid) })
    if (event.type === 'cycle-finished') {
      const cycle = cycles.find((c) => c.cycle === event.cycle)!
      Object.assign(cycle, { finishedAt: Date.parse(event.time), cpuAtEnd: cpuMs(pid), durationMs: event.durationMs, ok: event.ok, newFiles: event.newFiles })
      // The window starts once the first cycle (start-up and sign-in) is over.
      if (event.cycle === 1) windowStart = { cpu: cpuMs(pid), at: Date.now() }
    }
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  const sampler = setInterval(() => {
    try {
      if (windowStart) rss.push(memoryMiB(pid).rss)
    } catch {
      // exited
    }
  }, 1000)
  while (!windowStart) {
    if (child.exitCode !== null) throw new Error(`the watcher exited early: ${stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
  const end = { cpu: cpuMs(pid), at: Date.now() }
  const peakMiB = memoryMiB(pid).peak
  clearInterval(sampler)
  child.kill('SIGTERM')
  const code = await exited
  if (code !== 0) throw new Error(`the watcher exited ${code} on SIGTERM: ${stderr}`)
  const started = windowStart as { cpu: number; at: number }
  return { cycles, window: { cpuMs: end.cpu - started.cpu, wallMs: end.at - started.at }, rss, peakMiB }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'inherit' })
  const key = generateKeyPair()
  const orderIds = Array.from({ length: ORDERS }, (_, i) => i + 1)
  const demo = await startDemoServer({
    port: 0,
    seed: {
      globals: { selling_round: ROUND },
      users: [
        { id: 1, username: 'bench-buyer', password: PASSWORD, wallet_private_key: WALLET, key: { generate: true, private_key: toBase64(key.privateKey) } },
        { id: 2, username: 'seller' },
      ],
      products: orderIds.map((id) => ({ id, name: `Product ${id}`, owner: 2 })),
      orders: orderIds.map((id) => ({ id, buyer: 1, product: id, rounds: [ROUND] })),
      artifacts: orderIds.map((id) => ({ order: id, round: ROUND, object_name: `predictions_${id}.csv`, generated: { size: 50_000, seed: `bench-${id}` } })),
    },
  })
  const work = await mkdtemp(join(tmpdir(), 'numerbay-bench-watch-'))
  try {
    const keyFile = join(work, 'numerbay.json')
    await writeFile(keyFile, JSON.stringify({ public_key: toBase64(key.publicKey), private_key: toBase64(key.privateKey) }), { mode: 0o600 })
    const out = join(work, 'out')
    const env = { ...process.env, NUMERBAY_DATA_DIR: join(work, 'data'), NUMERBAY_API_URL: '', NUMERBAY_PASSWORD: PASSWORD, NUMERBAY_LOG_LEVEL: 'silent' }

    process.stdout.write(`Fetching the ${ORDERS} files once (watch --once), so that nothing is new…\n`)
    const first = await timed(process.execPath, [join(root, 'bin/numerbay-desktop.js'), '--api', demo.apiUrl, 'watch', '--out', out, '--key', keyFile, '--username', 'bench-buyer', '--once', '--json'], env)
    process.stdout.write(`  done in ${first.seconds.toFixed(2)} s\n`)

    const loadBefore = loadAverage()
    process.stdout.write(`Watching for ${SECONDS} s with a 1 s interval…\n`)
    const watched = await runWatcher(demo, out, keyFile, env)
    const loadAfter = loadAverage()
    const idle = watched.cycles.filter((c) => c.cycle > 1 && c.cpuAtEnd !== undefined)
    if (idle.some((c) => c.newFiles !== 0 || !c.ok)) throw new Error('a cycle was not idle (new files or a failure)')
    const apiCalls = idle.map((c) => demo.requests.filter((r) => r.kind === 'api' && r.at >= c.startedAt && r.at <= c.finishedAt!).length)
    const storageCalls = idle.reduce((n, c) => n + demo.requests.filter((r) => r.kind === 'storage' && r.at >= c.startedAt && r.at <= c.finishedAt!).length, 0)
    const cycleCpu = idle.map((c) => c.cpuAtEnd! - c.cpuAtStart)
    const cpuPerCycleOverall = watched.window.cpuMs / Math.max(1, idle.length)
    const share = watched.window.cpuMs / watched.window.wallMs

    // The reference: curl, making the watcher's own calls, and a full poll.
    const token = ((await (await fetch(`${demo.apiUrl}/login/access-token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: 'bench-buyer', password: PASSWORD }) })).json()) as { access_token: string }).access_token
    const curlEnv = (ids: readonly number[]): NodeJS.ProcessEnv => ({ ...process.env, API: demo.apiUrl, TOKEN: token, ORDER_IDS: ids.join(' '), CYCLES: String(CURL_CYCLES) })
    const watcherCalls = stats(apiCalls).median
    if (watcherCalls !== 2) throw new Error(`an idle cycle asked ${watcherCalls} API calls, not the globals and the orders only: the curl reference below would not be the same work`)
    const sameCalls = { perCall: await curlCycles(CURL_PER_CALL, curlEnv([])), perCycle: await curlCycles(CURL_PER_CYCLE, curlEnv([])) }
    const fullPoll = { perCall: await curlCycles(CURL_PER_CALL, curlEnv(orderIds)), perCycle: await curlCycles(CURL_PER_CYCLE, curlEnv(orderIds)) }

    const medianCpu = stats(cycleCpu).median
    const medianWall = stats(idle.map((c) => c.durationMs!)).median
    const maxRss = Math.max(...watched.rss)
    const verdict = (ok: boolean): string => (ok ? 'OK' : 'MISSED')
    const report = [
      '',
      `watch, idle: ${ORDERS} active orders, nothing new; 1 s interval; ${idle.length} idle cycles over ${(watched.window.wallMs / 1000).toFixed(0)} s (after the first)`,
      `load average before/after: ${loadBefore} / ${loadAfter} (shared machine: read min and median)`,
      `${''.padEnd(34)} ${'min'.padStart(8)} ${'median'.padStart(8)} ${'max'.padStart(8)}`,
      row('cycle wall time (ms)', idle.map((c) => c.durationMs!), 0),
      row('cycle CPU, user+sys (ms)', cycleCpu, 0),
      row('API calls per cycle', apiCalls, 0),
      row('RSS sampled each second (MiB)', watched.rss, 1),
      ...(process.env.BENCH_VERBOSE ? [`RSS series: ${watched.rss.map((v) => v.toFixed(0)).join(' ')}`, `CPU series: ${cycleCpu.join(' ')}`] : []),
      `storage requests in idle cycles:   ${storageCalls}`,
      `CPU over the run:                  ${watched.window.cpuMs.toFixed(0)} ms in ${(watched.window.wallMs / 1000).toFixed(1)} s = ${(share * 100).toFixed(2)} % (${cpuPerCycleOverall.toFixed(1)} ms per cycle, waits included)`,
      `peak RSS (VmHWM, whole life):      ${watched.peakMiB.toFixed(1)} MiB`,
      '',
      `reference: curl, ${CURL_CYCLES} cycles each (per cycle: wall, CPU; ratio = watcher median / curl)`,
      ...[
        ['same 2 calls, one curl per call (shell loop)', sameCalls.perCall],
        ['same 2 calls, one curl per cycle (keep-alive)', sameCalls.perCycle],
        [`full poll, ${2 + ORDERS} calls, one curl per call`, fullPoll.perCall],
        [`full poll, ${2 + ORDERS} calls, one curl per cycle`, fullPoll.perCycle],
      ].map(([label, m]) => {
        const ref = m as PerCycle
        return `  ${String(label).padEnd(48)} ${ref.wallMs.toFixed(0).padStart(4)} ms, ${ref.cpuMs.toFixed(0).padStart(4)} ms CPU   watcher/curl: wall ${(medianWall / ref.wallMs).toFixed(2)}×, CPU ${(medianCpu / ref.cpuMs).toFixed(2)}×`
      }),
      '',
      `idle cycle CPU (median) ${medianCpu.toFixed(0)} ms   target < ${TARGET_CYCLE_CPU_MS} ms   ${verdict(medianCpu < TARGET_CYCLE_CPU_MS)}`,
      `CPU share               ${(share * 100).toFixed(2)} %   target < ${TARGET_CPU_SHARE * 100} %     ${verdict(share < TARGET_CPU_SHARE)}`,
      `RSS while idle (max)    ${maxRss.toFixed(1)} MiB target < ${TARGET_RSS_MIB} MiB   ${verdict(maxRss < TARGET_RSS_MIB)}`,
      '',
    ]
    process.stdout.write(report.join('\n'))
  } finally {
    await demo.close()
    await rm(work, { recursive: true, force: true })
  }
}

await main()

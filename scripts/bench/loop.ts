// npm run bench:loop — how responsive the app's main process stays while it syncs: the desktop backend as the
// browser preview runs it (this process), a client on its loopback WebSocket bridge as the renderer would be
// (signer, sign-in, key unlock, then startDownloads), and a demo server in a child process holding 16 sealed files
// of 64 MiB (so its work is not this process's). perf_hooks.monitorEventLoopDelay samples this process's event
// loop from the start of the downloads to the end of the run; for reference, the same is measured while idle
// just before (on a machine shared with other work, a timer is late even when this process does nothing, and
// that floor shows there). A sample is the interval between two 10 ms timer ticks, so 10 ms means no delay.
// Also printed: the main thread's event-loop utilisation (the share of the time it was busy). Target: p99 < 50 ms.
//
// Options (env): BENCH_LOOP_FILES (16), BENCH_LOOP_FILE_MIB (64), BENCH_LOOP_RUNS (3).

import { execFileSync, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { WebSocket } from 'ws'
import { generateKeyPair, toBase64 } from '../../src/main/crypto/key-pair'
import { startPreview } from '../../src/main/preview'
import { PREVIEW_BRIDGE_PATH, type PreviewServerMessage } from '../../src/shared/ipc/preview-protocol'

const root = fileURLToPath(new URL('../../', import.meta.url))
const FILES = Number(process.env.BENCH_LOOP_FILES ?? 16)
const FILE_MIB = Number(process.env.BENCH_LOOP_FILE_MIB ?? 64)
const RUNS = Math.max(1, Number(process.env.BENCH_LOOP_RUNS ?? 3))
const WALLET = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const ms = (ns: number): string => (ns / 1e6).toFixed(1)

/** The demo server in its own process; resolves with its API URL once it listens. */
async function startDemoChild(seedFile: string): Promise<{ apiUrl: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(root, 'bin/numerbay-desktop.js'), 'demo-server', '--seed', seedFile], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const match = /API URL:\s+(\S+)/.exec(line)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`the demo server exited (${code})`)))
  })
  return {
    apiUrl,
    stop: async () => {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    },
  }
}

/** A bridge client like the preview page: hello with the token, invoke by name, events as they come. */
async function connect(origin: string, token: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${new URL(origin).port}${PREVIEW_BRIDGE_PATH}`, { origin })
  const waiting = new Map<number, (result: unknown) => void>()
  const listeners = new Set<(message: PreviewServerMessage) => void>()
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as PreviewServerMessage
    if (message.type === 'result') waiting.get(message.id)?.(message.result)
    for (const listener of listeners) listener(message)
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  socket.send(JSON.stringify({ type: 'hello', token }))
  let id = 0
  const invoke = (name: string, args?: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> =>
    new Promise((resolve) => {
      const request = ++id
      waiting.set(request, (result) => resolve(result as { ok: boolean }))
      socket.send(JSON.stringify({ type: 'invoke', id: request, name, args }))
    })
  return { invoke, listeners, close: () => socket.close() }
}

function histogramLine(label: string, histogram: IntervalHistogram): string {
  return `${label.padEnd(22)} p50 ${ms(histogram.percentile(50)).padStart(6)} ms  p99 ${ms(histogram.percentile(99)).padStart(6)} ms  max ${ms(histogram.max).padStart(7)} ms`
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'inherit' })
  const work = await mkdtemp(join(tmpdir(), 'numerbay-bench-loop-'))
  const key = generateKeyPair()
  const seedFile = join(work, 'seed.json')
  await writeFile(
    seedFile,
    JSON.stringify({
      globals: { selling_round: 700 },
      users: [
        { id: 1, username: 'bench-buyer', wallet_private_key: WALLET, key: { generate: true, private_key: toBase64(key.privateKey) } },
        { id: 2, username: 'seller' },
      ],
      products: [{ id: 1, name: 'Bench Product', owner: 2 }],
      orders: [{ id: 1, buyer: 1, product: 1, rounds: [700] }],
      artifacts: Array.from({ length: FILES }, (_, index) => ({ order: 1, round: 700, object_name: `loop_${index}.bin`, generated: { size: FILE_MIB * 1024 * 1024, seed: `loop-${index}` } })),
    }),
  )
  // The bridge needs a page to serve; the backend is what is measured, so an empty one does.
  const rendererDir = join(work, 'renderer')
  await mkdir(rendererDir)
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>bench</title>')
  process.stdout.write(`Sealing ${FILES} × ${FILE_MIB} MiB in a demo server (child process)…\n`)
  const demo = await startDemoChild(seedFile)
  // The demo wallet signs in (a software key, no device), as with the preview's own demo server.
  const preview = await startPreview({ apiUrl: demo.apiUrl, demoPrivateKey: WALLET, renderer: 'built', rendererDir })
  const client = await connect(preview.origin, preview.token)
  const lines: string[] = []
  try {
    for (const step of ['useDemoSigner', 'signInWithWallet', 'unlockKey']) {
      const result = await client.invoke(step)
      if (!result.ok) throw new Error(`${step} failed: ${JSON.stringify(result.error)}`)
    }
    for (let run = 1; run <= RUNS; run++) {
      const destination = join(work, `out-${run}`)
      const idle = monitorEventLoopDelay({ resolution: 10 })
      idle.enable()
      await new Promise((resolve) => setTimeout(resolve, 1000))
      idle.disable()

      const finished = new Promise<{ summary: { done: number; bytesReceived: number; elapsedMs: number } }>((resolve) => {
        const listener = (message: PreviewServerMessage): void => {
          if (message.type !== 'event' || message.name !== 'downloads') return
          const snapshot = message.payload as { running: boolean; summary: { done: number; bytesReceived: number; elapsedMs: number } | null }
          if (!snapshot.running && snapshot.summary) {
            client.listeners.delete(listener)
            resolve({ summary: snapshot.summary })
          }
        }
        client.listeners.add(listener)
      })
      const busy = monitorEventLoopDelay({ resolution: 10 })
      const cpu = process.cpuUsage()
      const utilisation = performance.eventLoopUtilization()
      busy.enable()
      const started = performance.now()
      const reply = await client.invoke('startDownloads', { destination })
      if (!reply.ok) throw new Error(`startDownloads failed: ${JSON.stringify(reply.error)}`)
      const { summary } = await finished
      busy.disable()
      const seconds = (performance.now() - started) / 1000
      const used = process.cpuUsage(cpu)
      const busyShare = performance.eventLoopUtilization(utilisation).utilization
      if (summary.done !== FILES) throw new Error(`the sync finished ${summary.done} of ${FILES} files`)
      const run_ = [
        `run ${run}: ${FILES} × ${FILE_MIB} MiB in ${seconds.toFixed(2)} s; this process (main thread and decrypt workers) ${((used.user + used.system) / 1e6).toFixed(2)} CPU s`,
        histogramLine('  idle, before', idle),
        histogramLine('  during the sync', busy),
        `  main thread busy ${(busyShare * 100).toFixed(1)}% of the sync`,
        `  p99 < 50 ms: ${busy.percentile(99) / 1e6 < 50 ? 'met' : 'MISSED'}`,
      ]
      lines.push(...run_)
      process.stdout.write(`${run_.join('\n')}\n`)
      await rm(destination, { recursive: true, force: true })
    }
  } finally {
    client.close()
    await preview.close()
    await demo.stop()
    await rm(work, { recursive: true, force: true })
  }
  process.stdout.write(`\nMain-process event-loop delay (monitorEventLoopDelay, 10 ms resolution):\n${lines.join('\n')}\n`)
}

await main()

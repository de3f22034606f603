// `npm run browser [-- options]` (`npm run preview` is its old name, kept for one release): the renderer in a normal browser, backed by the real services in this Node
// process over a token-protected loopback WebSocket. Development and end-to-end tests only.
import { Command } from 'commander'
import { startPreview, HARDHAT_MNEMONIC, type PreviewHandle } from '../src/main/preview'

const program = new Command('preview')
  .description('Run the NumerBay Desktop UI in a browser against the real backend (development only).')
  .option('--demo', 'start the demo server and point the API at it')
  .option('--sandbox', 'old name of --demo, kept for one release')
  .option('--ledger-emulator [mnemonic]', `use the Ledger emulator (default mnemonic: "${HARDHAT_MNEMONIC}")`)
  .option('--walletconnect-relay', 'start the local WalletConnect test relay (ws://127.0.0.1) instead of the public one')
  .option('--built', 'serve the built renderer (out/renderer; run `npx electron-vite build` first) instead of the Vite dev server')
  .option('--port <n>', 'port on 127.0.0.1 (default: any free port)', (value) => Number.parseInt(value, 10))
  .option('--data-dir <dir>', 'app data folder (default: a temporary folder removed on exit)')
  .parse()

const parsed = program.opts<{ demo?: boolean; sandbox?: boolean; ledgerEmulator?: boolean | string; walletconnectRelay?: boolean; built?: boolean; port?: number; dataDir?: string }>()
const options = { ...parsed, demo: parsed.demo ?? parsed.sandbox }

// Signals are handled from the start, so a Ctrl+C during start-up still removes what was started.
const stops: Array<() => Promise<void>> = []
let starting: Promise<PreviewHandle> | null = null
let stopping = false
const stop = async (): Promise<void> => {
  if (stopping) return
  stopping = true
  const started = await starting?.catch(() => null)
  await started?.close().catch(() => undefined)
  for (const step of stops) await step().catch(() => undefined)
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())

let relayUrl: string | undefined
if (options.walletconnectRelay) {
  // A test fixture: only in a development checkout.
  const relayModule = '../test/fixtures/walletconnect/relay'
  const { startTestRelay } = (await import(relayModule)) as typeof import('../test/fixtures/walletconnect/relay')
  const relay = await startTestRelay()
  relayUrl = relay.url
  stops.push(() => relay.close())
}

starting = startPreview({
  ...(options.demo ? { demo: true } : {}),
  ...(options.ledgerEmulator ? { ledgerEmulator: options.ledgerEmulator } : {}),
  ...(relayUrl ? { walletConnectRelayUrl: relayUrl } : {}),
  ...(options.built ? { renderer: 'built' as const } : {}),
  ...(options.port ? { port: options.port } : {}),
  ...(options.dataDir ? { dataDir: options.dataDir } : {}),
})
const preview = await starting
if (!stopping) {
  console.log('NumerBay Desktop preview (development only)')
  console.log(`  open:       ${preview.url}`)
  if (preview.apiUrl) console.log(`  API:        ${preview.apiUrl}`)
  if (options.ledgerEmulator) console.log('  Ledger:     emulator')
  if (relayUrl) console.log(`  WC relay:   ${relayUrl}`)
  console.log(`  data:       ${preview.dataDir}`)
  console.log('Dialogs are answered in the page (a prompt for a path). Ctrl+C stops.')
}

// Starts the browser preview: the desktop backend in this Node process, the renderer (Vite on the sources, or the
// build) on 127.0.0.1 with the preview client injected, and the bridge. Development and end-to-end tests only.

import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, isAbsolute, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PREVIEW_CLIENT_PATH } from '../../shared/ipc/preview-protocol'
import { RENDERER_CSP } from '../../shared/csp'
import { readEnvironment } from '../config/environment'
import { createBackend, type Backend } from '../desktop/backend'
import { createDefaultServices, serviceOptionsFrom, type ServiceFactories } from '../desktop/services'
import { createDemoServerPort } from '../desktop/adapters/demo-server'
import { ensurePrivateDir } from '../fs/data-dir'
import { createBridge } from './bridge'
import { ScriptedDialogs } from './dialogs'

/** The Hardhat test mnemonic: its first Ledger Live account is the demo server's demo buyer. */
export const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export interface PreviewOptions {
  /** Start the demo server and point the API at it (its demo wallet works as `useDemoSigner`). */
  readonly demo?: boolean
  /** An API URL to use instead (e.g. a demo server a test started with its own seed). */
  readonly apiUrl?: string
  /** With `apiUrl`: that demo server's wallet key (its demo signer then works, as with `demo`). */
  readonly demoPrivateKey?: string
  /** Use the Ledger emulator: true for the Hardhat mnemonic, or a NUMERBAY_LEDGER_TRANSPORT value / mnemonic. */
  readonly ledgerEmulator?: boolean | string
  /** A WalletConnect relay (the test relay, ws://127.0.0.1:PORT); the project id is not needed then. */
  readonly walletConnectRelayUrl?: string
  /** 0 (default) picks a free port. Always binds 127.0.0.1. */
  readonly port?: number
  /** `dev`: Vite dev server on the sources (default); `built`: the built renderer (`npx electron-vite build`). */
  readonly renderer?: 'dev' | 'built'
  /** Where the built renderer is (default out/renderer). */
  readonly rendererDir?: string
  /** App data folder (settings, keyring, sessions); a fresh temporary one by default, removed on close. */
  readonly dataDir?: string
  /** Base environment for the services (default process.env). */
  readonly env?: NodeJS.ProcessEnv
  /** Replaces the real services (tests). */
  readonly services?: ServiceFactories
  /** The time between watch checks ("Keep this folder in sync"); default watch's own (2 minutes). Tests use less. */
  readonly watchIntervalMs?: number
}

export interface PreviewHandle {
  /** Open this in a browser: it carries the bridge token in its fragment. */
  readonly url: string
  readonly origin: string
  readonly token: string
  readonly backend: Backend
  /** Queue dialog answers: `dialogs.answer('folder', '/tmp/out')`; `dialogs.asked` lists what was asked. */
  readonly dialogs: ScriptedDialogs
  /** Links and folders the app asked to open (the preview does not open them). */
  readonly opened: { readonly external: string[]; readonly folders: string[] }
  readonly apiUrl: string | null
  readonly dataDir: string
  close(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** index.html with the preview client loaded before the app's own scripts. */
export function injectPreviewClient(html: string): string {
  const tag = `<script type="module" src="${PREVIEW_CLIENT_PATH}"></script>`
  const firstScript = html.search(/<script\b/i)
  if (firstScript === -1) return html.replace(/<\/head>/i, `${tag}</head>`)
  return `${html.slice(0, firstScript)}${tag}\n    ${html.slice(firstScript)}`
}

async function bundlePreviewClient(): Promise<string> {
  const { build } = await import('esbuild')
  const result = await build({
    entryPoints: [join(repoRoot, 'src/renderer/src/bridge/preview-client.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

function emulatorSpec(value: boolean | string): string {
  if (value === true) return `emulator:${HARDHAT_MNEMONIC}`
  return String(value).startsWith('emulator:') ? String(value) : `emulator:${String(value)}`
}

/** Starts it; the bridge's token is random per start and travels in `url`'s fragment. */
export async function startPreview(options: PreviewOptions = {}): Promise<PreviewHandle> {
  const cleanups: Array<() => Promise<void> | void> = []
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) await Promise.resolve(step()).catch(() => undefined)
  }
  try {
    const ownDataDir = options.dataDir === undefined
    const dataDir = await ensurePrivateDir(options.dataDir ?? (await mkdtemp(join(tmpdir(), 'numerbay-preview-'))))
    if (ownDataDir) cleanups.push(() => rm(dataDir, { recursive: true, force: true }))

    const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) }
    if (options.ledgerEmulator) env.NUMERBAY_LEDGER_TRANSPORT = emulatorSpec(options.ledgerEmulator)
    if (options.walletConnectRelayUrl) env.NUMERBAY_WC_RELAY_URL = options.walletConnectRelayUrl
    const environment = readEnvironment(env)

    let apiUrl = options.apiUrl ?? null
    let demoPrivateKey: string | null = options.demoPrivateKey ?? null
    const services = options.services ?? createDefaultServices({ dataDir, ...serviceOptionsFrom(environment) })
    if (options.demo && !apiUrl) {
      const demo = createDemoServerPort()
      cleanups.push(() => demo.close())
      const started = await demo.start()
      apiUrl = started.apiUrl
      demoPrivateKey = started.demoPrivateKey
    }

    const dialogs = new ScriptedDialogs()
    const opened = { external: [] as string[], folders: [] as string[] }
    const backend = await createBackend({
      dataDir,
      dialogs,
      shell: {
        openExternal: async (url) => {
          opened.external.push(url)
        },
        openPath: async (path) => {
          opened.folders.push(path)
        },
      },
      info: { name: 'NumerBay Desktop', version: process.env.npm_package_version ?? '0.0.0', platform: process.platform, shell: 'preview' },
      services,
      environment,
      // The demo server (or the API a test gave) is for this run; it wins over NUMERBAY_API_URL like a flag.
      ...(apiUrl ? { settingsForThisRun: { apiUrl } } : {}),
      ...(apiUrl && demoPrivateKey ? { demoWallet: { apiUrl, privateKey: demoPrivateKey } } : {}),
      ...(options.watchIntervalMs !== undefined ? { watchIntervalMs: options.watchIntervalMs } : {}),
      onFailure: (name, code, internal) => {
        if (code === 'INTERNAL') console.error(`[preview] ${name} failed:`, internal instanceof Error ? internal.message : 'error')
      },
    })
    cleanups.push(() => backend.close())

    const token = randomBytes(24).toString('hex')
    let origin = ''
    const bridge = createBridge({ backend, dialogs, token, origin: () => origin })
    cleanups.push(() => bridge.close())
    const clientCode = await bundlePreviewClient()

    const mode = options.renderer ?? 'dev'
    let httpServer: Server
    if (mode === 'built') {
      const root = options.rendererDir ?? join(repoRoot, 'out/renderer')
      httpServer = createServer((request, response) => void serveBuilt(root, clientCode, request, response, () => origin))
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject)
        httpServer.listen(options.port ?? 0, '127.0.0.1', () => resolve())
      })
      cleanups.push(() => new Promise<void>((resolve) => httpServer.close(() => resolve())))
    } else {
      const vite = await startViteDevServer(clientCode, options.port ?? 0)
      cleanups.push(() => vite.close())
      httpServer = vite.httpServer
    }
    httpServer.on('upgrade', (request: IncomingMessage, socket, head) => {
      bridge.handleUpgrade(request, socket, head)
    })
    const port = (httpServer.address() as AddressInfo).port
    origin = `http://127.0.0.1:${port}`

    let closing: Promise<void> | null = null
    return {
      url: `${origin}/#token=${token}`,
      origin,
      token,
      backend,
      dialogs,
      opened,
      apiUrl,
      dataDir,
      close: () => (closing ??= cleanup()),
    }
  } catch (error) {
    await cleanup()
    throw error
  }
}

/**
 * Whether a request's Host names this server as the page knows it (127.0.0.1 or localhost, on its port). Like
 * Vite's allowedHosts in the dev server: a name rebound to 127.0.0.1 by another site (DNS rebinding) is refused.
 */
export function isPreviewHost(host: string | undefined, origin: string): boolean {
  const port = new URL(origin).port
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

async function serveBuilt(root: string, clientCode: string, request: IncomingMessage, response: ServerResponse, origin: () => string): Promise<void> {
  const headers = { 'content-security-policy': RENDERER_CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' }
  if (!isPreviewHost(request.headers.host, origin())) {
    response.writeHead(403, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Blocked request: this host is not allowed.')
    return
  }
  const url = new URL(request.url ?? '/', 'http://placeholder')
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, headers).end()
    return
  }
  if (url.pathname === PREVIEW_CLIENT_PATH) {
    response.writeHead(200, { ...headers, 'content-type': contentTypes['.js']! }).end(clientCode)
    return
  }
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    response.writeHead(400, headers).end()
    return
  }
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
  const inside = relative(root, file)
  if (inside.startsWith('..') || isAbsolute(inside) || pathname.includes('\0')) {
    response.writeHead(404, headers).end()
    return
  }
  try {
    const body = await readFile(file)
    const type = contentTypes[extname(file)] ?? 'application/octet-stream'
    response.writeHead(200, { ...headers, 'content-type': type })
    response.end(extname(file) === '.html' ? injectPreviewClient(body.toString('utf8')) : body)
  } catch {
    response.writeHead(404, headers).end()
  }
}

/**
 * Vite in middleware mode on our own HTTP server: in its own server mode Vite exits the process on SIGTERM or
 * when stdin ends, which would skip the preview's cleanup (and end a test runner's worker).
 */
async function startViteDevServer(clientCode: string, port: number): Promise<{ httpServer: Server; close: () => Promise<void> }> {
  const { createServer: createVite } = await import('vite')
  const { default: react } = await import('@vitejs/plugin-react')
  const httpServer = createServer()
  const vite = await createVite({
    configFile: false,
    root: join(repoRoot, 'src/renderer'),
    resolve: { alias: { '@renderer': join(repoRoot, 'src/renderer/src'), '@shared': join(repoRoot, 'src/shared') } },
    logLevel: 'warn',
    clearScreen: false,
    appType: 'spa',
    server: { middlewareMode: true, hmr: { server: httpServer } },
    plugins: [
      react(),
      {
        name: 'numerbay:preview-client',
        configureServer(server) {
          server.middlewares.use(PREVIEW_CLIENT_PATH, (_request, response) => {
            response.setHeader('content-type', contentTypes['.js']!)
            response.end(clientCode)
          })
        },
        transformIndexHtml: (html) => injectPreviewClient(html),
      },
    ],
  })
  httpServer.on('request', vite.middlewares)
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(port, '127.0.0.1', () => resolve())
    })
  } catch (error) {
    await vite.close()
    throw error
  }
  return {
    httpServer,
    close: async () => {
      await vite.close()
      await new Promise<void>((resolve) => httpServer.close(() => resolve()))
    },
  }
}

// Shared set-up for the sync tests: a demo server seed with a buyer whose keys we know, a signed-in client, and a
// sync run through the same workflow as the app and the CLI (src/main/workflows/sync-run.ts).

import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SyncEvent, SyncPlan, SyncSummary } from '../../../src/shared/downloads'
import { DecryptPool } from '../../../src/main/workers/decrypt-pool'
import { keyPairFromPrivateKey, keyFromBase64, toBase64, type KeyPair } from '../../../src/main/crypto/key-pair'
import type { SyncEngine, SyncEngineOptions } from '../../../src/main/downloads/engine'
import type { KeySource } from '../../../src/main/workflows/keys'
import { openSyncRun, type SyncWorkers } from '../../../src/main/workflows/sync-run'
import { createNumerBayClient, type NumerBayClient } from '../../../src/main/numerbay/client'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import { afterEach } from 'vitest'
import { generatedBytes, startDemoServer, type DemoServerHandle, type DemoServerOptions, type SeedInput } from '../../../src/demo-server'
import { DEMO_WALLET_KEY } from '../../helpers/demo-server'
import { keysV2 } from '../../helpers/vectors'

/** The buyer's current key (from the shared vectors) and an older key kept in the keyring. */
export const CURRENT_KEY: KeyPair = keyPairFromPrivateKey(keyFromBase64(keysV2.keys_v27.private_key) as Uint8Array)
export const OLD_KEY: KeyPair = keyPairFromPrivateKey(new Uint8Array(32).fill(7))
export const FOREIGN_KEY: KeyPair = keyPairFromPrivateKey(new Uint8Array(32).fill(9))
export const CURRENT_PUBLIC = toBase64(CURRENT_KEY.publicKey)
export const OLD_PUBLIC = toBase64(OLD_KEY.publicKey)
export const FOREIGN_PUBLIC = toBase64(FOREIGN_KEY.publicKey)
export const SELLING_ROUND = 600

export interface ArtifactSpec {
  readonly order?: number
  readonly product?: number
  readonly size: number
  readonly name?: string
  readonly round?: number
  readonly state?: 'active' | 'pending' | 'failed'
  readonly direct?: boolean
}

/**
 * A buyer (user 1, the Hardhat #0 wallet, key = CURRENT_KEY), a seller (user 2), and products/orders:
 * order 1 → product 1 (sealed to the current key), order 2 → product 2 (sealed to OLD_KEY),
 * order 3 → product 3 (unencrypted), order 4 → product 4 (sealed to a key we do not hold).
 */
export function buildSeed(artifacts: readonly ArtifactSpec[], extra: { products?: SeedInput['products']; orders?: SeedInput['orders'] } = {}): SeedInput {
  return {
    globals: { selling_round: SELLING_ROUND },
    users: [
      { id: 1, username: 'buyer', wallet_private_key: DEMO_WALLET_KEY, key: { generate: true, private_key: keysV2.keys_v27.private_key } },
      { id: 2, username: 'seller' },
    ],
    products: [
      { id: 1, name: 'Alpha Signals', owner: 2 },
      { id: 2, name: 'Old Key Product', owner: 2 },
      { id: 3, name: 'Open Data', owner: 2, use_encryption: false },
      { id: 4, name: 'Foreign Key Product', owner: 2 },
      ...(extra.products ?? []),
    ],
    orders: [
      { id: 1, buyer: 1, product: 1, rounds: [SELLING_ROUND] },
      { id: 2, buyer: 1, product: 2, rounds: [SELLING_ROUND], buyer_public_key: OLD_PUBLIC },
      { id: 3, buyer: 1, product: 3, rounds: [SELLING_ROUND], buyer_public_key: null },
      { id: 4, buyer: 1, product: 4, rounds: [SELLING_ROUND], buyer_public_key: FOREIGN_PUBLIC },
      ...(extra.orders ?? []),
    ],
    artifacts: artifacts.map((spec, index) => ({
      ...(spec.order !== undefined ? { order: spec.order } : { product: spec.product ?? 3 }),
      round: spec.round ?? SELLING_ROUND,
      ...(spec.name ? { object_name: spec.name } : {}),
      state: spec.state ?? 'active',
      is_numerai_direct: spec.direct ?? false,
      generated: { size: spec.size, seed: `artifact-${index}` },
    })),
  }
}

/** SHA-256 of artifact `index`'s plaintext (the demo server generates it from the seed string). */
export async function expectedSha256(index: number, size: number): Promise<string> {
  return createHash('sha256').update(await generatedBytes(`artifact-${index}`, size)).digest('hex')
}

export async function signedInClient(demo: DemoServerHandle, fetchImpl?: typeof fetch): Promise<NumerBayClient> {
  const client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: { retries: 3, minTimeoutMs: 5, maxTimeoutMs: 20 }, ...(fetchImpl ? { fetch: fetchImpl } : {}) })
  await client.signInWithWallet(createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY)))
  return client
}

export function keyring(...pairs: KeyPair[]): (publicKeyBase64: string) => KeyPair | null {
  return (publicKey) => {
    const pair = pairs.find((candidate) => toBase64(candidate.publicKey) === publicKey)
    // A copy, as the vault hands out: the engine wipes it after opening the sink.
    return pair ? { publicKey: Uint8Array.from(pair.publicKey), privateKey: Uint8Array.from(pair.privateKey) } : null
  }
}

export async function tempOutDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'numerbay-sync-test-'))
}

export async function removeDir(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true })
  } catch (error) {
    // Something wrote into the folder after its run closed: name it, so a leak is found rather than retried away.
    const left = await readdir(dir, { recursive: true }).catch(() => [])
    throw new Error(`could not remove ${dir}; it holds: ${left.join(', ')}`, { cause: error })
  }
}

/** A demo server and an output folder, started for one test. */
export interface TestPlace {
  readonly demo: DemoServerHandle
  readonly outDir: string
}

/**
 * A demo server and an output folder for each test of the file that calls this (at its top level): `start` makes
 * them, and the afterEach registered here closes the server and removes the folder. `setUp(specs)` starts on a
 * seed of those artifacts and signs a client in.
 */
export function demoPerTest(): {
  start(options: DemoServerOptions): Promise<TestPlace>
  setUp(specs: ArtifactSpec[]): Promise<TestPlace & { readonly client: NumerBayClient }>
} {
  let place: { demo: DemoServerHandle | null; outDir: string | null } = { demo: null, outDir: null }
  afterEach(async () => {
    const { demo, outDir } = place
    place = { demo: null, outDir: null }
    await demo?.close()
    if (outDir) await removeDir(outDir)
  })
  const start = async (options: DemoServerOptions): Promise<TestPlace> => {
    place.demo = await startDemoServer({ port: 0, ...options })
    place.outDir = await tempOutDir()
    return { demo: place.demo, outDir: place.outDir }
  }
  return {
    start,
    async setUp(specs) {
      const started = await start({ seed: buildSeed(specs) })
      return { ...started, client: await signedInClient(started.demo) }
    },
  }
}

/** Key pairs as a key source: each one held, in the order given. */
export function keySource(pairs: readonly KeyPair[]): KeySource {
  const lookup = keyring(...pairs)
  return { holds: (key) => lookup(key) !== null, knows: (key) => lookup(key) !== null, keyPairFor: lookup, held: () => pairs.map((pair) => toBase64(pair.publicKey)) }
}

export interface RunOptions {
  readonly keys?: KeyPair[]
  readonly scope?: 'active' | 'all'
  readonly engine?: Partial<Omit<SyncEngineOptions, 'outDir'>>
  readonly pool?: DecryptPool
  /** The workers the run uses, built over the pool (to inject faults into sinks). */
  readonly workers?: (pool: DecryptPool) => SyncWorkers
  /** Called with the engine before it runs (to pause, cancel, inject). */
  readonly onEngine?: (engine: SyncEngine) => void
}

export interface RunResult {
  readonly plan: SyncPlan
  readonly summary: SyncSummary
  readonly events: SyncEvent[]
  readonly engine: SyncEngine
}

/** One sync run through the sync-run workflow. */
export async function runSync(client: NumerBayClient, outDir: string, options: RunOptions = {}): Promise<RunResult> {
  const pool = options.pool ?? new DecryptPool({ size: 2 })
  const { concurrency = 4, rehash = false, ...engine } = options.engine ?? {}
  try {
    const sync = await openSyncRun(
      { run: (task) => task(client), keys: keySource(options.keys ?? [CURRENT_KEY, OLD_KEY]), workers: options.workers?.(pool) ?? pool },
      { outDir, scope: options.scope ?? 'active', concurrency, rehash, engine: { retry: { retries: 6, minTimeoutMs: 5, maxTimeoutMs: 50 }, progressIntervalMs: 20, ...engine } },
    )
    try {
      const events: SyncEvent[] = []
      sync.engine.subscribe((event) => events.push(event))
      options.onEngine?.(sync.engine)
      const summary = await sync.run()
      return { plan: sync.plan, summary, events, engine: sync.engine }
    } finally {
      await sync.close()
    }
  } finally {
    if (!options.pool) await pool.close()
  }
}

/** Every file under `dir` (relative, POSIX), hidden ones included. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name
      if (entry.isDirectory()) await walk(rel)
      else out.push(rel)
    }
  }
  await walk('')
  return out.sort()
}

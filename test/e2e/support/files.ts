import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generatedBytes } from '../../../src/demo-server'
import { demoSeed } from '../../helpers/demo-server'

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Every regular, non-hidden file under `dir` (the sync manifest is hidden), with its SHA-256. */
export async function hashTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      const path = join(at, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile()) out.set(path, sha256(await readFile(path)))
    }
  }
  await walk(dir)
  return out
}

interface SeedArtifact {
  readonly order?: number
  readonly product?: number
  readonly filename: string
  readonly state?: string
  readonly is_numerai_direct?: boolean
  readonly content?: string
  readonly generated?: { readonly size: number; readonly seed: string }
}

/**
 * The plaintexts a "sync all active" of the demo buyer must produce: active, downloadable artifacts of the
 * confirmed orders covering the selling round (order artifacts), and the product artifacts of the
 * unencrypted product the buyer holds an active order for. Computed from the demo seed.
 */
export async function expectedDemoSyncHashes(): Promise<Map<string, string>> {
  const seed = demoSeed() as unknown as {
    globals: { selling_round: number }
    orders: Array<{ id: number; buyer: number; product: number; rounds: number[]; state: string; mode?: string }>
    products: Array<{ id: number; use_encryption?: boolean }>
    artifacts: SeedArtifact[]
  }
  const round = seed.globals.selling_round
  const active = seed.orders.filter((order) => order.buyer === 1 && order.state === 'confirmed' && order.rounds.includes(round) && (order.mode ?? 'file') === 'file')
  const activeIds = new Set(active.map((order) => order.id))
  const plainProducts = new Set(
    active.filter((order) => seed.products.find((product) => product.id === order.product)?.use_encryption === false).map((order) => order.product),
  )
  const wanted = seed.artifacts.filter(
    (artifact) =>
      (artifact.state ?? 'active') === 'active' &&
      !artifact.is_numerai_direct &&
      ((artifact.order !== undefined && activeIds.has(artifact.order)) || (artifact.product !== undefined && plainProducts.has(artifact.product))),
  )
  const hashes = new Map<string, string>()
  for (const artifact of wanted) {
    const bytes = artifact.generated ? await generatedBytes(artifact.generated.seed, artifact.generated.size) : Buffer.from(artifact.content ?? '', 'utf8')
    hashes.set(artifact.filename, sha256(bytes))
  }
  return hashes
}

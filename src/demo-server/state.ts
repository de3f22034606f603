// The demo server's in-memory database (users, products, orders, artifacts), built from a seed with every
// artifact stored, sealed to its order's key where NumerBay's sellers would seal it.

import { createHash, randomBytes } from 'node:crypto'
import sodium from 'sodium-native'
import { AppError } from '../shared/errors'
import { createKeyBlob } from '../main/crypto/key-scheme'
import { generateKeyPair, keyFromBase64, keyPairFromPrivateKey, toBase64 } from '../main/crypto/key-pair'
import { createKeySigner, parsePrivateKeyHex } from '../main/signers/software-key'
import { addressFromPrivateKey } from '../main/signers/signature'
import { Readable } from 'node:stream'
import { generatedStream } from './content'
import type { Seed, SeedArtifact, SeedUser } from './seed'
import type { ObjectStore } from './storage'

export interface DemoUser {
  id: number
  username: string
  email: string | null
  password: string | null
  public_address: string | null
  nonce: string | null
  is_active: boolean
  social_discord: string | null
  social_linkedin: string | null
  social_twitter: string | null
  social_website: string | null
  default_receiving_wallet_address: string | null
  public_key: string | null
  encrypted_private_key: string | null
  public_key_v2: string | null
  encrypted_private_key_v2: string | null
}

export interface DemoProduct {
  id: number
  name: string
  sku: string
  owner_id: number
  use_encryption: boolean
  is_active: boolean
  category: { id: number; name: string; slug: string; tournament: number; is_per_round: boolean }
}

export interface DemoOrder {
  id: number
  buyer_id: number
  product_id: number
  rounds: number[]
  round_order: number
  state: string
  mode: string
  price: number
  buyer_public_key: string | null
  date_order: string
}

export interface DemoArtifact {
  kind: 'order' | 'product'
  id: string | number
  order_id: number | null
  product_id: number
  round_tournament: number
  object_name: string
  object_size: number | null
  state: string
  is_numerai_direct: boolean
  date: string
}

export interface DemoState {
  globals: { id: number; selling_round: number; active_round: number; is_doing_round_rollover: boolean }
  users: DemoUser[]
  products: DemoProduct[]
  orders: DemoOrder[]
  artifacts: DemoArtifact[]
}

/** Naive UTC ISO without offset, as NumerBay serialises datetimes. */
export function naiveUtc(date = new Date()): string {
  return date.toISOString().replace('Z', '000')
}

/** A stand-in for MetaMask's eth_encrypt output: only its presence matters to clients (it cannot be opened). */
function legacyPlaceholderBlob(publicKey: string): string {
  const body = JSON.stringify({ version: 'x25519-xsalsa20-poly1305', nonce: toBase64(randomBytes(24)), ephemPublicKey: publicKey, ciphertext: toBase64(randomBytes(80)) })
  return `0x${Buffer.from(body, 'utf8').toString('hex')}`
}

async function buildUser(seed: SeedUser): Promise<DemoUser> {
  const walletKey = seed.wallet_private_key ? parsePrivateKeyHex(seed.wallet_private_key) : null
  const address = seed.address ?? (walletKey ? addressFromPrivateKey(walletKey).toLowerCase() : null)
  const user: DemoUser = {
    id: seed.id,
    username: seed.username ?? address ?? `user${seed.id}`,
    email: seed.email ?? null,
    password: seed.password ?? null,
    public_address: address,
    nonce: null,
    is_active: seed.is_active,
    social_discord: seed.socials.discord ?? null,
    social_linkedin: seed.socials.linkedin ?? null,
    social_twitter: seed.socials.twitter ?? null,
    social_website: seed.socials.website ?? null,
    default_receiving_wallet_address: null,
    public_key: null,
    encrypted_private_key: null,
    public_key_v2: null,
    encrypted_private_key_v2: null,
  }
  if (seed.key && 'generate' in seed.key) {
    if (!walletKey) throw new AppError('INVALID_ARGUMENT', { message: `Demo user ${seed.id}: key.generate needs wallet_private_key.` })
    const fixed = seed.key.private_key ? keyFromBase64(seed.key.private_key) : null
    if (seed.key.private_key && !fixed) throw new AppError('INVALID_ARGUMENT', { message: `Demo user ${seed.id}: key.private_key is not base64 of 32 bytes.` })
    const signer = createKeySigner(walletKey)
    const created = await createKeyBlob(signer, fixed ? keyPairFromPrivateKey(fixed) : generateKeyPair())
    await signer.close?.()
    user.public_key_v2 = toBase64(created.keyPair.publicKey)
    user.encrypted_private_key_v2 = created.blob
    created.keyPair.privateKey.fill(0)
  } else if (seed.key) {
    user.public_key_v2 = seed.key.public_key_v2
    user.encrypted_private_key_v2 = seed.key.encrypted_private_key_v2
  }
  if (seed.legacy_key && 'private_key' in seed.legacy_key) {
    const privateKey = keyFromBase64(seed.legacy_key.private_key)
    if (!privateKey) throw new AppError('INVALID_ARGUMENT', { message: `Demo user ${seed.id}: legacy_key.private_key is not base64 of 32 bytes.` })
    user.public_key = toBase64(keyPairFromPrivateKey(privateKey).publicKey)
    user.encrypted_private_key = legacyPlaceholderBlob(user.public_key)
  } else if (seed.legacy_key) {
    user.public_key = seed.legacy_key.public_key
    user.encrypted_private_key = seed.legacy_key.encrypted_private_key
  }
  walletKey?.fill(0)
  return user
}

function hex32(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 32)
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot > 0 ? filename.slice(dot) : ''
}

/** Seals `plaintext` to a base64 X25519 public key with libsodium's sealed box, as NumerBay sellers do. */
export function sealTo(publicKeyBase64: string, plaintext: Uint8Array): Buffer {
  const publicKey = keyFromBase64(publicKeyBase64)
  if (!publicKey) throw new AppError('INVALID_ARGUMENT', { message: 'The buyer public key is not base64 of 32 bytes.' })
  const out = Buffer.alloc(plaintext.length + sodium.crypto_box_SEALBYTES)
  sodium.crypto_box_seal(out, Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength), Buffer.from(publicKey))
  return out
}

export type ArtifactContent = { text?: string; base64?: string; generated?: { size: number; seed: string } }

export function contentOf(artifact: Pick<SeedArtifact, 'content' | 'content_base64' | 'generated'>): ArtifactContent {
  return {
    ...(artifact.content !== undefined ? { text: artifact.content } : {}),
    ...(artifact.content_base64 !== undefined ? { base64: artifact.content_base64 } : {}),
    ...(artifact.generated ? { generated: artifact.generated } : {}),
  }
}

/**
 * Stores an artifact's bytes: sealed to `sealKey` when given (one sealed box over the whole file, as sellers
 * upload, but written as a stream), plaintext otherwise. Returns the stored size.
 */
export async function storeContent(store: ObjectStore, objectName: string, content: ArtifactContent, sealKey: string | null): Promise<number> {
  const source = content.generated
    ? generatedStream(content.generated.seed, content.generated.size)
    : Readable.from([content.base64 !== undefined ? Buffer.from(content.base64, 'base64') : Buffer.from(content.text ?? '', 'utf8')])
  if (sealKey === null) return store.put(objectName, source)
  const publicKey = keyFromBase64(sealKey)
  if (!publicKey) throw new AppError('INVALID_ARGUMENT', { message: 'The buyer public key is not base64 of 32 bytes.' })
  return store.putSealed(objectName, publicKey, source)
}

/** Builds the in-memory database from a seed and writes every artifact (sealed where needed) to the store. */
export async function buildState(seed: Seed, store: ObjectStore): Promise<DemoState> {
  const users = await Promise.all(seed.users.map(buildUser))
  const products: DemoProduct[] = seed.products.map((p) => ({
    id: p.id,
    name: p.name,
    sku: p.sku ?? p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    owner_id: p.owner,
    use_encryption: p.use_encryption,
    is_active: p.is_active,
    category: p.category,
  }))
  const sellingRound = seed.globals.selling_round
  const orders: DemoOrder[] = seed.orders.map((o) => {
    const product = products.find((p) => p.id === o.product)
    const buyer = users.find((u) => u.id === o.buyer)
    if (!product || !buyer) throw new AppError('INVALID_ARGUMENT', { message: `Demo order ${o.id}: unknown product or buyer.` })
    const key = o.buyer_public_key === 'auto' ? (product.use_encryption ? (buyer.public_key_v2 ?? buyer.public_key) : null) : o.buyer_public_key
    return {
      id: o.id,
      buyer_id: o.buyer,
      product_id: o.product,
      rounds: [...o.rounds].sort((a, b) => a - b),
      round_order: Math.min(sellingRound, ...o.rounds),
      state: o.state,
      mode: o.mode,
      price: o.price,
      buyer_public_key: key,
      date_order: o.date_order ?? naiveUtc(new Date(Date.now() - o.id * 3_600_000)),
    }
  })
  const artifacts: DemoArtifact[] = []
  let nextProductArtifactId = 1
  for (const [index, a] of seed.artifacts.entries()) {
    const order = a.order !== undefined ? orders.find((o) => o.id === a.order) : undefined
    const productId = order ? order.product_id : a.product!
    const product = products.find((p) => p.id === productId)
    if (!product || (a.order !== undefined && !order)) throw new AppError('INVALID_ARGUMENT', { message: `Demo artifact ${index}: unknown order or product.` })
    const kind = order ? 'order' : 'product'
    const id = kind === 'order' ? String(a.id ?? hex32('artifact', a.order!, index)) : Number(a.id ?? nextProductArtifactId++)
    const objectName = a.object_name ?? (a.is_numerai_direct ? `${product.sku}_${a.round}_numerai${extensionOf(a.filename)}` : `${product.sku}_${a.round}_${hex32('object', id)}${extensionOf(a.filename)}`)
    const sealKey = kind === 'order' && !a.is_numerai_direct ? (order!.buyer_public_key ?? null) : null
    const hasContent = a.content !== undefined || a.content_base64 !== undefined || a.generated !== undefined
    const stored = hasContent && a.state !== 'pruned' && a.state !== 'failed' ? await storeContent(store, objectName, contentOf(a), sealKey) : null
    artifacts.push({
      kind,
      id,
      order_id: order?.id ?? null,
      product_id: productId,
      round_tournament: a.round,
      object_name: objectName,
      // The web seller UI reports the encrypted size; the Python client reports nothing (null).
      object_size: stored,
      state: a.state,
      is_numerai_direct: a.is_numerai_direct,
      date: naiveUtc(),
    })
  }
  return {
    globals: { id: 1, selling_round: sellingRound, active_round: seed.globals.active_round ?? sellingRound, is_doing_round_rollover: false },
    users,
    products,
    orders,
    artifacts,
  }
}

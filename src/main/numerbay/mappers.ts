// API records turned into what the app and the CLI show (the user, order and artifact rows), with NumerBay's own
// rules for which orders are active and which key opens an order's files.

import type {
  AccountKeyKind,
  ArtifactRow,
  OrderKeyStatus,
  OrderRow,
  UserSummary,
} from '../../shared/numerbay'
import type { ApiOrder, ApiOrderArtifact, ApiProductArtifact, ApiUser } from './schemas'

export function accountKeyKind(user: ApiUser): AccountKeyKind {
  if (user.public_key_v2 && user.encrypted_private_key_v2) return 'v2'
  if (user.public_key) return 'legacy'
  return 'none'
}

export function toUserSummary(user: ApiUser): UserSummary {
  return {
    id: user.id,
    username: user.username,
    publicAddress: user.public_address,
    keyKind: accountKeyKind(user),
    publicKeyV2: user.public_key_v2,
    publicKeyLegacy: user.public_key,
  }
}

/** The keys this app holds: the current one (if any) and the keyring's (known without unlocking it). */
export interface KnownKeys {
  readonly currentPublicKey: string | null
  readonly keyringPublicKeys: readonly string[]
}

export function orderKeyStatus(buyerPublicKey: string | null, keys: KnownKeys): OrderKeyStatus {
  if (!buyerPublicKey) return 'unencrypted'
  if (keys.currentPublicKey === buyerPublicKey) return 'current'
  if (keys.keyringPublicKeys.includes(buyerPublicKey)) return 'keyring'
  return 'missing'
}

/** Confirmed and covering the selling round: what NumerBay's validate_buyer requires for downloads. */
export function isActiveOrder(order: Pick<ApiOrder, 'state' | 'rounds'>, sellingRound: number): boolean {
  return order.state === 'confirmed' && order.rounds.includes(sellingRound)
}

export function orderTiming(rounds: readonly number[], sellingRound: number): OrderRow['timing'] {
  if (rounds.includes(sellingRound)) return 'current'
  if (rounds.some((round) => round > sellingRound)) return 'future'
  return 'past'
}

export function toOrderRow(order: ApiOrder, sellingRound: number, keys: KnownKeys): OrderRow {
  const rounds = [...order.rounds].sort((a, b) => a - b)
  return {
    id: order.id,
    productId: order.product.id,
    productName: order.product.name,
    productSku: order.product.sku,
    category: order.product.category?.slug ?? null,
    isPerRound: order.product.category?.is_per_round ?? false,
    rounds,
    state: order.state,
    mode: order.mode,
    active: isActiveOrder(order, sellingRound),
    timing: orderTiming(rounds, sellingRound),
    buyerPublicKey: order.buyer_public_key,
    keyStatus: orderKeyStatus(order.buyer_public_key, keys),
    dateOrder: order.date_order,
  }
}

export function orderArtifactRow(artifact: ApiOrderArtifact, order: Pick<ApiOrder, 'id' | 'buyer_public_key'> & { product: { id: number } }): ArtifactRow {
  return {
    kind: 'order',
    id: artifact.id,
    orderId: artifact.order_id ?? order.id,
    productId: order.product.id,
    objectName: artifact.object_name,
    objectSize: artifact.object_size,
    roundTournament: artifact.round_tournament,
    state: artifact.state,
    isNumeraiDirect: artifact.is_numerai_direct ?? false,
    // Numerai-direct copies are never encrypted (protocol §5).
    encrypted: Boolean(order.buyer_public_key) && !(artifact.is_numerai_direct ?? false),
  }
}

export function productArtifactRow(artifact: ApiProductArtifact, productId: number): ArtifactRow {
  return {
    kind: 'product',
    id: artifact.id,
    orderId: null,
    productId: artifact.product_id ?? productId,
    objectName: artifact.object_name,
    objectSize: artifact.object_size,
    roundTournament: artifact.round_tournament,
    state: artifact.state,
    isNumeraiDirect: false,
    encrypted: false,
  }
}

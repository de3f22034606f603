// Which orders follow a new key and which keep the old one, worked out as NumerBay's server will, for the report
// shown before a key replacement.

import type { RekeyOrderLine, RekeyReason, ReplaceKeyReport } from '../../shared/numerbay'
import { accountKeyKind } from '../numerbay/mappers'
import type { ApiGlobals, ApiOrder, ApiUser } from '../numerbay/schemas'

/**
 * Why an order will or will not follow a new key. Mirrors PUT /users/me (protocol §2): the server re-keys
 * exactly the confirmed orders whose rounds include the selling round and that have a buyer_public_key.
 */
export function rekeyReason(order: Pick<ApiOrder, 'state' | 'rounds' | 'buyer_public_key'>, sellingRound: number): RekeyReason {
  if (order.buyer_public_key === null) return 'unencrypted'
  if (order.state === 'pending') return 'pending'
  if (order.state !== 'confirmed') return 'not-confirmed'
  if (order.rounds.includes(sellingRound)) return 'rekeyed'
  if (order.rounds.some((round) => round > sellingRound)) return 'future-round'
  return 'past'
}

/** Builds the report shown before a key replacement; nothing is changed. */
export function planKeyReplacement(user: ApiUser, orders: readonly ApiOrder[], globals: Pick<ApiGlobals, 'selling_round'>, oldKeyArchivable: boolean): ReplaceKeyReport {
  const sellingRound = globals.selling_round
  const lines: RekeyOrderLine[] = orders.map((order) => ({
    orderId: order.id,
    productName: order.product.name,
    rounds: [...order.rounds].sort((a, b) => a - b),
    state: order.state,
    reason: rekeyReason(order, sellingRound),
    uploadedArtifacts: order.artifacts.filter((a) => !a.is_numerai_direct).length,
    buyerPublicKey: order.buyer_public_key,
  }))
  const kind = accountKeyKind(user)
  return {
    sellingRound,
    currentKeyKind: kind,
    oldPublicKey: kind === 'v2' ? user.public_key_v2 : kind === 'legacy' ? user.public_key : null,
    followNewKey: lines.filter((line) => line.reason === 'rekeyed'),
    keepOldKey: lines.filter((line) => line.reason !== 'rekeyed' && line.reason !== 'unencrypted'),
    unencrypted: lines.filter((line) => line.reason === 'unencrypted'),
    uploadedFilesOnOldKey: lines.filter((line) => line.reason !== 'unencrypted').reduce((n, line) => n + line.uploadedArtifacts, 0),
    oldKeyArchivable,
  }
}

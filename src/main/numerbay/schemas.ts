// The shapes of NumerBay's API answers as zod schemas: loose objects (a field the server adds breaks nothing) that
// still fail clearly when a field the app reads is missing or wrong.

import { z } from 'zod'
import { ADDRESS_PATTERN } from '../../shared/address'

// Response schemas for the NumerBay API (protocol §0-4). Loose objects: NumerBay adds fields over time and
// this app must keep working; only the fields the app reads are checked. Optional fields may be null or absent.

const nullableString = z.string().nullish().transform((v) => v ?? null)
const nullableInt = z.number().int().nullish().transform((v) => v ?? null)
const nullableBool = z.boolean().nullish().transform((v) => v ?? null)
/**
 * The account's wallet: 0x and 40 hex digits, or none ("" is how NumerBay stores a disconnected wallet). It names
 * the local keyring file, so anything else (a path, a URL) is refused rather than carried along.
 */
const publicAddress = z
  .union([z.literal(''), z.string().regex(ADDRESS_PATTERN, 'not an 0x address')])
  .nullish()
  .transform((v) => (v ? v : null))

export const apiUserSchema = z.looseObject({
  id: z.number().int(),
  username: z.string(),
  email: nullableString,
  is_active: nullableBool,
  public_address: publicAddress,
  social_discord: nullableString,
  social_linkedin: nullableString,
  social_twitter: nullableString,
  social_website: nullableString,
  public_key: nullableString,
  encrypted_private_key: nullableString,
  public_key_v2: nullableString,
  encrypted_private_key_v2: nullableString,
})
export type ApiUser = z.infer<typeof apiUserSchema>

export const loginResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  user: apiUserSchema,
})
export type ApiLoginResponse = z.infer<typeof loginResponseSchema>

export const nonceResponseSchema = z.looseObject({ nonce: z.string().min(1) })

export const globalsSchema = z.looseObject({
  selling_round: z.number().int(),
  active_round: nullableInt,
  is_doing_round_rollover: nullableBool,
})
export type ApiGlobals = z.infer<typeof globalsSchema>

export const categorySchema = z.looseObject({
  id: nullableInt,
  name: nullableString,
  slug: nullableString,
  tournament: nullableInt,
  is_per_round: nullableBool,
})

export const productSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  sku: nullableString,
  use_encryption: nullableBool,
  is_active: nullableBool,
  category: categorySchema.nullish().transform((v) => v ?? null),
})

export const orderArtifactSchema = z.looseObject({
  id: z.string(),
  order_id: nullableInt,
  date: nullableString,
  round_tournament: nullableInt,
  object_name: nullableString,
  object_size: nullableInt,
  state: z.string(),
  is_numerai_direct: nullableBool,
})
export type ApiOrderArtifact = z.infer<typeof orderArtifactSchema>

export const productArtifactSchema = z.looseObject({
  id: z.number().int(),
  product_id: nullableInt,
  date: nullableString,
  round_tournament: nullableInt,
  object_name: nullableString,
  object_size: nullableInt,
  state: z.string(),
})
export type ApiProductArtifact = z.infer<typeof productArtifactSchema>

export const orderSchema = z.looseObject({
  id: z.number().int(),
  date_order: nullableString,
  round_order: nullableInt,
  rounds: z.array(z.number().int()).nullish().transform((v) => v ?? []),
  state: z.string(),
  mode: z.string().nullish().transform((v) => v ?? 'file'),
  buyer_public_key: nullableString,
  product: productSchema,
  // Untyped on the server (Optional[List] of ORM rows): keep only what parses as an order artifact.
  artifacts: z
    .array(z.unknown())
    .nullish()
    .transform((rows) => (rows ?? []).flatMap((row) => {
      const parsed = orderArtifactSchema.safeParse(row)
      return parsed.success ? [parsed.data] : []
    })),
})
export type ApiOrder = z.infer<typeof orderSchema>

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ total: z.number().int(), data: z.array(item) })
}
export interface ApiPage<T> {
  readonly total: number
  readonly data: T[]
}

/** generate-download-url answers a bare JSON string (not {url}); anything else is an error. */
export const downloadUrlSchema = z.string().regex(/^https?:\/\//, 'not an http(s) URL')

/** FastAPI error bodies: {"detail": "text"} or, for validation errors (422), {"detail": [{loc, msg, type}]}. */
export const errorBodySchema = z.looseObject({
  detail: z.union([
    z.string(),
    z.array(z.looseObject({ msg: z.string().optional(), loc: z.array(z.union([z.string(), z.number()])).optional() })),
  ]),
})

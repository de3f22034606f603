// The demo server's seed format (documented in docs/user/demo-server.md, "Your own seed"). Everything has defaults,
// so a seed can be as small as one user and one order.

import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { AppError } from '../shared/errors'

const generatedSchema = z.object({ size: z.number().int().nonnegative(), seed: z.string() })

const v2KeySchema = z.union([
  z.object({
    /** Make a real v2 blob at start-up: the wallet signs a fresh salt exactly like the web app. */
    generate: z.literal(true),
    /** Optional fixed X25519 private key (base64) so the key survives restarts; random otherwise. */
    private_key: z.string().optional(),
  }),
  z.object({ public_key_v2: z.string(), encrypted_private_key_v2: z.string() }),
])

const legacyKeySchema = z.union([
  /** A legacy v1 key from a private key (base64); the stored eth_decrypt blob is a placeholder. */
  z.object({ private_key: z.string() }),
  z.object({ public_key: z.string(), encrypted_private_key: z.string() }),
])

export const seedUserSchema = z.object({
  id: z.number().int().positive(),
  username: z.string().optional(),
  /** Stored exactly as given (NumerBay matches addresses case-sensitively); derived from wallet_private_key if absent. */
  address: z.string().optional(),
  /** The wallet's secp256k1 key (0x hex): needed for `key.generate`. */
  wallet_private_key: z.string().optional(),
  password: z.string().optional(),
  email: z.string().optional(),
  is_active: z.boolean().default(true),
  socials: z
    .object({ discord: z.string().nullish(), linkedin: z.string().nullish(), twitter: z.string().nullish(), website: z.string().nullish() })
    .partial()
    .default({}),
  key: v2KeySchema.optional(),
  legacy_key: legacyKeySchema.optional(),
})

export const seedProductSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  sku: z.string().optional(),
  owner: z.number().int().positive(),
  use_encryption: z.boolean().default(true),
  is_active: z.boolean().default(true),
  category: z
    .object({
      id: z.number().int().default(1),
      name: z.string().default('Predictions'),
      slug: z.string().default('numerai-predictions'),
      tournament: z.number().int().default(8),
      is_per_round: z.boolean().default(true),
    })
    .default({ id: 1, name: 'Predictions', slug: 'numerai-predictions', tournament: 8, is_per_round: true }),
})

export const seedOrderSchema = z.object({
  id: z.number().int().positive(),
  buyer: z.number().int().positive(),
  product: z.number().int().positive(),
  rounds: z.array(z.number().int()).min(1),
  state: z.enum(['pending', 'confirmed', 'expired', 'invalid_currency']).default('confirmed'),
  mode: z.enum(['file', 'stake', 'stake_with_limit']).default('file'),
  price: z.number().default(1),
  /** "auto" (default): the buyer's v2 key, else legacy key, if the product is encrypted; or null, or a base64 key. */
  buyer_public_key: z.union([z.literal('auto'), z.null(), z.string()]).default('auto'),
  date_order: z.string().optional(),
})

export const seedArtifactSchema = z
  .object({
    /** Order artifacts: 32 hex (made up if absent). Product artifacts: an integer (made up if absent). */
    id: z.union([z.string(), z.number().int()]).optional(),
    order: z.number().int().optional(),
    product: z.number().int().optional(),
    round: z.number().int(),
    /** The uploader's file name: only its extension survives, as on NumerBay. Default "predictions.csv". */
    filename: z.string().default('predictions.csv'),
    object_name: z.string().optional(),
    state: z.enum(['pending', 'active', 'failed', 'marked_for_pruning', 'pruned', 'expired']).default('active'),
    is_numerai_direct: z.boolean().default(false),
    /** UTF-8 content. */
    content: z.string().optional(),
    content_base64: z.string().optional(),
    /** Deterministic pseudo-random bytes, generated on the fly (for large files). */
    generated: generatedSchema.optional(),
  })
  .refine((a) => (a.order === undefined) !== (a.product === undefined), 'an artifact needs exactly one of "order" or "product"')

export const seedSchema = z.object({
  globals: z.object({ selling_round: z.number().int(), active_round: z.number().int().optional() }),
  users: z.array(seedUserSchema),
  products: z.array(seedProductSchema).default([]),
  orders: z.array(seedOrderSchema).default([]),
  artifacts: z.array(seedArtifactSchema).default([]),
})

export type Seed = z.infer<typeof seedSchema>
export type SeedInput = z.input<typeof seedSchema>
export type SeedUser = z.infer<typeof seedUserSchema>
export type SeedArtifact = z.infer<typeof seedArtifactSchema>

export function parseSeed(value: unknown, where = 'seed'): Seed {
  const parsed = seedSchema.safeParse(value)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
    throw new AppError('INVALID_ARGUMENT', { message: `The demo server ${where} is not valid: ${issues}` })
  }
  return parsed.data
}

export async function readSeedFile(path: string): Promise<Seed> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new AppError('FILE_NOT_FOUND', { message: `Cannot read the seed file ${path}.`, cause })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new AppError('INVALID_ARGUMENT', { message: `The seed file ${path} is not JSON.` })
  }
  return parseSeed(json, `seed file ${path}`)
}

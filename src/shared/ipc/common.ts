// Schemas the whole contract shares: the error info, no-argument channels, absolute paths, times, addresses and
// read-only lists.

import { z } from 'zod'
import { ADDRESS_PATTERN } from '../address'

/** The serialised ErrorInfo (src/shared/errors): codes, words and an action; never secrets. */
export const errorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  action: z.string(),
  expected: z.boolean().optional(),
  detail: z.string().optional(),
})

/** Invoke channels that take no argument declare this as their args schema. */
export const noArgs = z.undefined()

/** An absolute local path (POSIX or Windows), as chosen in a dialog or dropped on the window. */
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => !value.includes('\0'), 'Path contains a NUL character.')
  .refine((value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\'), 'Path must be absolute.')

/** Milliseconds since the Unix epoch. */
export const epochMsSchema = z.number().int().nonnegative()

/** 0x-prefixed Ethereum address (any case). */
export const addressSchema = z.string().regex(ADDRESS_PATTERN)

/** A read-only list: results and events are snapshots the renderer must not mutate. */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item).readonly()
}

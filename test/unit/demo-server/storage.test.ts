import { readdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { text } from 'node:stream/consumers'
import { afterEach, describe, expect, it } from 'vitest'
import { createObjectStore, type ObjectStore } from '../../../src/demo-server/storage'

let store: ObjectStore | undefined
afterEach(async () => {
  await store?.close()
})

describe('demo object store', () => {
  it('keeps objects with hostile names inside its folder, each apart', async () => {
    store = await createObjectStore()
    const names = ['.', '..', '', '../escape.csv', '/etc/passwd', 'a'.repeat(400), 'C:\\x', 'ok.csv']
    for (const [i, name] of names.entries()) expect(await store.put(name, new TextEncoder().encode(`object ${i}`))).toBe(`object ${i}`.length)
    for (const [i, name] of names.entries()) expect(await text(store.read(name, 0, 100))).toBe(`object ${i}`)
    expect(await readdir(store.dir)).toHaveLength(names.length)
    expect(await readdir(dirname(store.dir))).not.toContain('escape.csv')
  })
})

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DecryptProgress } from '../../../src/shared/ipc'
import { DecryptPool } from '../../../src/main/workers/decrypt-pool'
import { keyPairFromPrivateKey, toBase64, type KeyPair } from '../../../src/main/crypto/key-pair'
import { writeKeyFile } from '../../../src/main/crypto/key-file'
import { createDecryptPort } from '../../../src/main/desktop/adapters/decrypt'
import type { VaultPort } from '../../../src/main/desktop/ports'
import { sealTo } from '../../../src/demo-server'

const CURRENT = keyPairFromPrivateKey(new Uint8Array(32).fill(1))
const OLDER = keyPairFromPrivateKey(new Uint8Array(32).fill(2))
const FOREIGN = keyPairFromPrivateKey(new Uint8Array(32).fill(3))

/** Just the vault surface decryption uses: known public keys and copies of their pairs. */
function vaultHolding(...pairs: KeyPair[]): VaultPort {
  // Uint8Array.from copies; a key may be a Buffer, whose slice() is a view the adapter's wipe would zero.
  const copy = (pair: KeyPair): KeyPair => ({ publicKey: Uint8Array.from(pair.publicKey), privateKey: Uint8Array.from(pair.privateKey) })
  return {
    knownKeys: () => ({ currentPublicKey: toBase64(pairs[0]!.publicKey), keyringPublicKeys: pairs.slice(1).map((pair) => toBase64(pair.publicKey)) }),
    keyPairFor: (publicKey: string) => {
      const pair = pairs.find((candidate) => toBase64(candidate.publicKey) === publicKey)
      return pair ? copy(pair) : null
    },
  } as unknown as VaultPort
}

let dir: string
let pool: DecryptPool
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'decrypt-adapter-'))
  pool = new DecryptPool({ size: 1 })
  await mkdir(join(dir, 'in', 'round-600'), { recursive: true })
  await writeFile(join(dir, 'in', 'current.csv'), sealTo(toBase64(CURRENT.publicKey), Buffer.from('current key')))
  await writeFile(join(dir, 'in', 'round-600', 'older.csv'), sealTo(toBase64(OLDER.publicKey), Buffer.from('older key')))
  await writeFile(join(dir, 'in', 'foreign.csv'), sealTo(toBase64(FOREIGN.publicKey), Buffer.from('not yours')))
}, 30_000)
afterAll(async () => {
  await pool.close()
  await rm(dir, { recursive: true, force: true })
})

describe('offline decrypt adapter', () => {
  it('tries the current key, then the keyring, keeps folder layout, and reports each file', async () => {
    const port = createDecryptPort(async () => vaultHolding(CURRENT, OLDER), pool)
    const progress: DecryptProgress[] = []
    const out = join(dir, 'out')
    const result = await port.run({ runId: 'r1', inputs: [join(dir, 'in')], outputDir: out }, (step) => progress.push(step), new AbortController().signal)
    expect(result.succeeded).toBe(2)
    expect(result.failed).toBe(1)
    expect(await readFile(join(out, 'current.csv'), 'utf8')).toBe('current key')
    expect(await readFile(join(out, 'round-600', 'older.csv'), 'utf8')).toBe('older key')
    const foreign = result.results.find((entry) => entry.input.endsWith('foreign.csv'))!
    expect(foreign.ok).toBe(false)
    expect(foreign.error?.code).toBe('SEALED_AUTH_FAILED')
    const last = progress.at(-1)!
    expect(last.filesDone).toBe(3)
    expect(last.filesTotal).toBe(3)
    expect(progress.filter((step) => step.lastResult !== null)).toHaveLength(3)
  })

  it('uses a key file instead of the vault when given one', async () => {
    const keyFile = join(dir, 'foreign.json')
    await writeKeyFile(keyFile, FOREIGN)
    const port = createDecryptPort(async () => null, pool)
    const out = join(dir, 'out-keyfile')
    const result = await port.run({ runId: 'r2', inputs: [join(dir, 'in', 'foreign.csv')], outputDir: out, keyFile }, () => undefined, new AbortController().signal)
    expect(result.succeeded).toBe(1)
    expect(await readFile(join(out, 'foreign.csv'), 'utf8')).toBe('not yours')
  })

  it('refuses without keys, and reports a missing input without stopping the others', async () => {
    await expect(createDecryptPort(async () => null, pool).run({ runId: 'r3', inputs: [join(dir, 'in')], outputDir: join(dir, 'x') }, () => undefined, new AbortController().signal)).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
    const port = createDecryptPort(async () => vaultHolding(CURRENT), pool)
    const result = await port.run({ runId: 'r4', inputs: [join(dir, 'missing.bin'), join(dir, 'in', 'current.csv')], outputDir: join(dir, 'out-missing') }, () => undefined, new AbortController().signal)
    expect(result.results.map((entry) => [entry.ok, entry.error?.code ?? null])).toEqual([
      [false, 'FILE_NOT_FOUND'],
      [true, null],
    ])
  })

  it('stops at once when cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    const port = createDecryptPort(async () => vaultHolding(CURRENT), pool)
    const result = await port.run({ runId: 'r5', inputs: [join(dir, 'in', 'current.csv')], outputDir: join(dir, 'out-cancel') }, () => undefined, controller.signal)
    expect(result.results.map((entry) => entry.error?.code)).toEqual(['CANCELLED'])
  })
})

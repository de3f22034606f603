import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DecryptProgress } from '../../../src/shared/ipc'
import { DecryptPool } from '../../../src/main/workers/decrypt-pool'
import { keyPairFromPrivateKey, toBase64, type KeyPair } from '../../../src/main/crypto/key-pair'
import { writeKeyFile } from '../../../src/main/crypto/key-file'
import { DecryptDomain } from '../../../src/main/desktop/domains/decrypt'
import { EventHub } from '../../../src/main/desktop/event-hub'
import { Services } from '../../../src/main/desktop/services'
import { ScriptedDialogs } from '../../../src/main/preview/dialogs'
import { decryptOffline } from '../../../src/main/workflows/decrypt-offline'
import { vaultKeys, type KeyHolder, type KeySource } from '../../../src/main/workflows/keys'
import { defaultSettings } from '../../../src/shared/ipc/settings'
import { sealTo } from '../../../src/demo-server'

const CURRENT = keyPairFromPrivateKey(new Uint8Array(32).fill(1))
const OLDER = keyPairFromPrivateKey(new Uint8Array(32).fill(2))
const FOREIGN = keyPairFromPrivateKey(new Uint8Array(32).fill(3))

/** Just the vault surface decryption uses: known public keys and copies of their pairs. */
function vaultHolding(...pairs: KeyPair[]): KeySource {
  // Uint8Array.from copies; a key may be a Buffer, whose slice() is a view the domain's wipe would zero.
  const copy = (pair: KeyPair): KeyPair => ({ publicKey: Uint8Array.from(pair.publicKey), privateKey: Uint8Array.from(pair.privateKey) })
  const find = (publicKey: string) => pairs.find((candidate) => toBase64(candidate.publicKey) === publicKey)
  const holder: KeyHolder = {
    knownKeys: () => ({ currentPublicKey: toBase64(pairs[0]!.publicKey), keyringPublicKeys: pairs.slice(1).map((pair) => toBase64(pair.publicKey)) }),
    holds: (publicKey) => find(publicKey) !== undefined,
    keyPairFor: (publicKey) => {
      const pair = find(publicKey)
      return pair ? copy(pair) : null
    },
  }
  return vaultKeys(holder)
}

/** The Offline decrypt screen's domain over the real worker pool; any output folder is allowed here. */
function decryptDomain(keys: KeySource | null, dialogs = new ScriptedDialogs()) {
  const events = new EventHub()
  const progress: DecryptProgress[] = []
  events.subscribe((name, payload) => name === 'decryptProgress' && progress.push(payload as DecryptProgress))
  const services = new Services({ workers: () => pool }, { settings: () => defaultSettings })
  const domain = new DecryptDomain({ services, events, dialogs, keys: async () => keys, connectKeyFile: () => null, permitFolder: (path) => path, recordWritten: async () => undefined })
  const run = (inputs: string[], outputDir: string, keySource: 'vault' | 'key-file' = 'vault') => domain.handlers.decryptFiles({ inputs, outputDir, keySource, existing: 'fail' })
  return { domain, run, progress }
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

describe('offline decryption (the Offline decrypt screen and the workflow under it)', () => {
  it('tries the current key, then the keyring, keeps folder layout, and reports each file', async () => {
    const { run, progress } = decryptDomain(vaultHolding(CURRENT, OLDER))
    const out = join(dir, 'out')
    const result = await run([join(dir, 'in')], out)
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
    const dialogs = new ScriptedDialogs()
    const { domain, run } = decryptDomain(null, dialogs)
    // The key file comes from main's own dialog: the window never names its path.
    dialogs.answer('files', [keyFile])
    expect(await domain.handlers.chooseDecryptKeyFile(undefined)).toEqual({ name: 'foreign.json', publicKey: toBase64(FOREIGN.publicKey) })
    const out = join(dir, 'out-keyfile')
    const result = await run([join(dir, 'in', 'foreign.csv')], out, 'key-file')
    expect(result.succeeded).toBe(1)
    expect(await readFile(join(out, 'foreign.csv'), 'utf8')).toBe('not yours')
  })

  it('refuses without keys, and reports a missing input without stopping the others', async () => {
    await expect(decryptDomain(null).run([join(dir, 'in')], join(dir, 'x'))).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
    const result = await decryptDomain(vaultHolding(CURRENT)).run([join(dir, 'missing.bin'), join(dir, 'in', 'current.csv')], join(dir, 'out-missing'))
    expect(result.results.map((entry) => [entry.ok, entry.error?.code ?? null])).toEqual([
      [false, 'FILE_NOT_FOUND'],
      [true, null],
    ])
  })

  it('stops at once when cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    const outcomes = await decryptOffline(
      { inputs: [join(dir, 'in', 'current.csv')], outputDir: join(dir, 'out-cancel'), recursive: true, existing: 'fail' },
      [CURRENT],
      (job) => pool.decryptFile({ keyPair: job.keyPair, input: job.input, target: job.target, signal: job.signal }),
      controller.signal,
    )
    expect(outcomes.map((entry) => entry.error?.code)).toEqual(['CANCELLED'])
  })
})

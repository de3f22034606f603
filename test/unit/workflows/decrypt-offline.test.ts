// The offline-decryption workflow over a fake decryptor: jobs, existing outputs, key trial, failures.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { keyPairFromPrivateKey, toBase64 } from '../../../src/main/crypto/key-pair'
import { decryptOffline, type DecryptOneFile } from '../../../src/main/workflows/decrypt-offline'
import { AppError } from '../../../src/shared/errors'

const A = keyPairFromPrivateKey(new Uint8Array(32).fill(1))
const B = keyPairFromPrivateKey(new Uint8Array(32).fill(2))

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offline-workflow-'))
  await mkdir(join(dir, 'in', 'sub'), { recursive: true })
  await writeFile(join(dir, 'in', 'a.csv'), 'for A')
  await writeFile(join(dir, 'in', 'sub', 'b.csv'), 'for B')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

/** "Decrypts" a file whose text names the key it was sealed to, by copying it; any other key fails the tag. */
const fakeDecrypt = (tried: string[]): DecryptOneFile => async (job) => {
  const text = await readFile(job.input, 'utf8')
  const name = toBase64(job.keyPair.publicKey) === toBase64(A.publicKey) ? 'A' : 'B'
  tried.push(`${job.input.split('/').at(-1)}:${name}`)
  if (!text.endsWith(name)) throw new AppError('SEALED_AUTH_FAILED')
  job.onProgress(text.length)
  await writeFile(job.target, text.toUpperCase(), { flag: job.overwrite ? 'w' : 'wx' })
  return { path: job.target, plaintextBytes: text.length }
}

describe('offline decryption workflow', () => {
  it('walks folders (recursively when asked), tries each key, keeps relative paths', async () => {
    const tried: string[] = []
    const out = join(dir, 'out')
    const outcomes = await decryptOffline({ inputs: [join(dir, 'in')], outputDir: out, recursive: true, existing: 'fail' }, [A, B], fakeDecrypt(tried), new AbortController().signal)
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      ['a.csv', 'decrypted'],
      ['sub/b.csv', 'decrypted'],
    ])
    expect(tried).toEqual(['a.csv:A', 'b.csv:A', 'b.csv:B'])
    expect(await readFile(join(out, 'sub', 'b.csv'), 'utf8')).toBe('FOR B')
    const flat = await decryptOffline({ inputs: [join(dir, 'in')], outputDir: join(dir, 'flat'), recursive: false, existing: 'fail' }, [A], fakeDecrypt([]), new AbortController().signal)
    expect(flat.map((o) => o.name)).toEqual(['a.csv'])
  })

  it('skips, replaces or refuses an existing output, as asked', async () => {
    const out = join(dir, 'out')
    await mkdir(out)
    await writeFile(join(out, 'a.csv'), 'mine')
    const input = [join(dir, 'in', 'a.csv')]
    const skip = await decryptOffline({ inputs: input, outputDir: out, recursive: false, existing: 'skip' }, [A], fakeDecrypt([]), new AbortController().signal)
    expect(skip[0]).toMatchObject({ status: 'skipped', error: { code: 'FILE_EXISTS' } })
    expect(await readFile(join(out, 'a.csv'), 'utf8')).toBe('mine')
    const fail = await decryptOffline({ inputs: input, outputDir: out, recursive: false, existing: 'fail' }, [A], fakeDecrypt([]), new AbortController().signal)
    expect(fail[0]?.status).toBe('failed')
    expect(await readFile(join(out, 'a.csv'), 'utf8')).toBe('mine')
    const beside = await decryptOffline({ inputs: input, outputDir: out, recursive: false, existing: 'rename' }, [A], fakeDecrypt([]), new AbortController().signal)
    expect(beside[0]).toMatchObject({ status: 'decrypted', output: join(out, 'a (2).csv') })
    expect(await readFile(join(out, 'a.csv'), 'utf8')).toBe('mine')
    expect(await readFile(join(out, 'a (2).csv'), 'utf8')).toBe('FOR A')
    await decryptOffline({ inputs: input, outputDir: out, recursive: false, existing: 'replace' }, [A], fakeDecrypt([]), new AbortController().signal)
    expect(await readFile(join(out, 'a.csv'), 'utf8')).toBe('FOR A')
  })

  it('reports unusable inputs and keeps going; needs a key; refuses a file as the output folder', async () => {
    const events: string[] = []
    const outcomes = await decryptOffline(
      { inputs: [join(dir, 'nope.bin'), join(dir, 'in', 'a.csv')], outputDir: join(dir, 'out'), recursive: false, existing: 'fail' },
      [A],
      fakeDecrypt([]),
      new AbortController().signal,
      { onPlanned: (files, bytes) => events.push(`planned ${files} ${bytes}`), onFileDone: (o) => events.push(`${o.name} ${o.status}`) },
    )
    expect(outcomes.map((o) => [o.status, o.error?.code ?? null])).toEqual([
      ['failed', 'FILE_NOT_FOUND'],
      ['decrypted', null],
    ])
    expect(events).toEqual([`${join(dir, 'nope.bin')} failed`, 'planned 1 5', 'a.csv decrypted'])
    await expect(decryptOffline({ inputs: [join(dir, 'in')], outputDir: join(dir, 'out'), recursive: false, existing: 'fail' }, [], fakeDecrypt([]), new AbortController().signal)).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
    await expect(
      decryptOffline({ inputs: [join(dir, 'in')], outputDir: join(dir, 'in', 'a.csv'), recursive: false, existing: 'fail', outputName: '--out' }, [A], fakeDecrypt([]), new AbortController().signal),
    ).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY', message: expect.stringMatching(/^--out is a file/) })
  })
})

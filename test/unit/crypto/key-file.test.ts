import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  defaultKeyFilePath,
  generateKeyPair,
  readKeyFile,
  toBase64,
  writeKeyFile,
} from '../../../src/main/crypto'
import { readEnvironment } from '../../../src/main/config/environment'
import { keysV2 } from '../../helpers/vectors'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nb-keyfile-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const vectorFile = JSON.stringify({ public_key: keysV2.keys_v27.public_key, private_key: keysV2.keys_v27.private_key })

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return (error as { code: string }).code
  }
  return 'resolved'
}

describe('key file (numerbay.json)', () => {
  it('reads the web app export', async () => {
    const path = join(dir, 'numerbay.json')
    await writeFile(path, vectorFile)
    const pair = await readKeyFile(path)
    expect(toBase64(pair.publicKey)).toBe(keysV2.keys_v27.public_key)
    expect(toBase64(pair.privateKey)).toBe(keysV2.keys_v27.private_key)
  })

  it('writes exactly {"public_key","private_key"} with mode 0600, and reads it back', async () => {
    const path = join(dir, 'numerbay.json')
    await writeFile(join(dir, 'src.json'), vectorFile)
    const pair = await readKeyFile(join(dir, 'src.json'))
    await writeKeyFile(path, pair)
    expect(await readFile(path, 'utf8')).toBe(vectorFile)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const fresh = generateKeyPair()
    const other = join(dir, 'fresh.json')
    await writeKeyFile(other, fresh)
    const back = await readKeyFile(other)
    expect(Buffer.from(back.privateKey).equals(Buffer.from(fresh.privateKey))).toBe(true)
  })

  it('never replaces an existing file unless asked', async () => {
    const path = join(dir, 'numerbay.json')
    await writeFile(path, 'keep me')
    expect(await codeOf(writeKeyFile(path, generateKeyPair()))).toBe('FILE_EXISTS')
    expect(await readFile(path, 'utf8')).toBe('keep me')
    await writeKeyFile(path, generateKeyPair(), { overwrite: true })
    expect(JSON.parse(await readFile(path, 'utf8'))).toHaveProperty('private_key')
  })

  it('rejects a folder, a missing file, bad JSON, wrong lengths and a mismatched pair with typed errors', async () => {
    const folder = join(dir, 'folder')
    await mkdir(folder)
    expect(await codeOf(readKeyFile(folder))).toBe('IS_A_DIRECTORY')
    expect(await codeOf(readKeyFile(join(dir, 'absent.json')))).toBe('FILE_NOT_FOUND')

    const cases: [string, string][] = [
      ['{not json', 'KEY_FILE_INVALID'],
      ['[]', 'KEY_FILE_INVALID'],
      ['"text"', 'KEY_FILE_INVALID'],
      [JSON.stringify({ private_key: keysV2.keys_v27.private_key }), 'KEY_FILE_INVALID'],
      [JSON.stringify({ public_key: keysV2.keys_v27.public_key, private_key: Buffer.alloc(31, 1).toString('base64') }), 'KEY_FILE_INVALID'],
      [JSON.stringify({ public_key: Buffer.alloc(33, 1).toString('base64'), private_key: keysV2.keys_v27.private_key }), 'KEY_FILE_INVALID'],
      [JSON.stringify({ public_key: keysV2.keys_v27.public_key, private_key: keysV2.keys_v27.private_key.replace(/=$/, '') }), 'KEY_FILE_INVALID'],
      [JSON.stringify({ public_key: keysV2.keys_v27.public_key, private_key: keysV2.keys_v27.private_key.replace(/\+/g, '-').replace(/\//g, '_') + ' ' }), 'KEY_FILE_INVALID'],
      [JSON.stringify({ public_key: keysV2.keys_v01.public_key, private_key: keysV2.keys_v27.private_key }), 'KEY_FILE_MISMATCH'],
    ]
    for (const [text, code] of cases) {
      const path = join(dir, 'bad.json')
      await writeFile(path, text)
      expect(await codeOf(readKeyFile(path)), text).toBe(code)
    }
  })

  it('never puts key material in an error message', async () => {
    const path = join(dir, 'mismatch.json')
    await writeFile(path, JSON.stringify({ public_key: keysV2.keys_v01.public_key, private_key: keysV2.keys_v27.private_key }))
    const error = await readKeyFile(path).catch((e: Error & { detail?: string }) => e)
    expect(String((error as Error).message) + String((error as { detail?: string }).detail)).not.toContain(keysV2.keys_v27.private_key)
  })

  it('follows NUMERBAY_KEY_PATH like the Python client, else ./numerbay.json', () => {
    const keyPath = (env: NodeJS.ProcessEnv) => readEnvironment(env).keyPath
    expect(keyPath({})).toBeUndefined()
    expect(keyPath({ NUMERBAY_KEY_PATH: '' })).toBeUndefined()
    expect(defaultKeyFilePath(keyPath({ NUMERBAY_KEY_PATH: 'keys/k.json' }), '/work')).toBe(resolve('/work/keys/k.json'))
    expect(defaultKeyFilePath(keyPath({ NUMERBAY_KEY_PATH: '/abs/k.json' }), '/work')).toBe('/abs/k.json')
    expect(defaultKeyFilePath(keyPath({}), '/work')).toBe(resolve('/work/numerbay.json'))
  })
})

// The file logger: levels, redaction by configuration, owner-only files, rotation, and the bundle scrubber.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileLogger, noopLogger, resolveLogLevel, scrubSecrets, stripQuery } from '../../../src/main/log'
import { readEnvironment } from '../../../src/main/config/environment'

let dataDir: string
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'numerbay-log-'))
})
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

async function lines(path: string): Promise<Record<string, unknown>[]> {
  return (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('resolveLogLevel', () => {
  it('--verbose is debug, else NUMERBAY_LOG_LEVEL, else info; nonsense is ignored', () => {
    const level = (env: NodeJS.ProcessEnv) => readEnvironment(env).logLevel
    expect(resolveLogLevel(level({}))).toBe('info')
    expect(resolveLogLevel(level({ NUMERBAY_LOG_LEVEL: 'WARN' }))).toBe('warn')
    expect(resolveLogLevel(level({ NUMERBAY_LOG_LEVEL: 'loud' }))).toBe('info')
    expect(resolveLogLevel(level({ NUMERBAY_LOG_LEVEL: 'error' }), true)).toBe('debug')
  })
})

describe('createFileLogger', () => {
  it('writes JSON lines at and above its level, with the process name and child bindings', async () => {
    const log = createFileLogger({ dataDir, name: 'cli', level: 'info' })
    log.debug('hidden')
    log.info({ event: 'sign-in', userId: 7 }, 'signed in')
    log.child({ component: 'ledger' }).warn({ event: 'ledger-status', state: 'locked' }, 'Ledger status')
    log.level = 'debug'
    log.debug('now shown')
    await log.close()
    const written = await lines(join(dataDir, 'logs', 'cli.log'))
    expect(written.map((line) => line.msg)).toEqual(['signed in', 'Ledger status', 'now shown'])
    expect(written[0]).toMatchObject({ level: 'info', process: 'cli', event: 'sign-in', userId: 7 })
    expect(written[1]).toMatchObject({ level: 'warn', component: 'ledger', state: 'locked' })
  })

  it('redacts fields named like secrets (top level and one down) and strips URL queries', async () => {
    const log = createFileLogger({ dataDir, name: 'app', level: 'debug' })
    log.info({
      privateKey: 'PRIVATE',
      signature: '0xSIG',
      token: 'TOKEN',
      request: { authorization: 'Bearer TOKEN2', url: 'https://storage.example/o/file.csv?X-Goog-Signature=abc&X-Goog-Expires=600' },
      walletConnect: { uri: 'wc:abc@2?relay-protocol=irn&symKey=KEY' },
      url: 'https://x.test/path?sig=1',
      storageKey: 'SK',
      password: 'hunter2',
    })
    await log.close()
    const text = await readFile(join(dataDir, 'logs', 'app.log'), 'utf8')
    for (const secret of ['PRIVATE', '0xSIG', 'TOKEN', 'X-Goog-Signature', 'symKey', 'sig=1', 'SK"', 'hunter2']) expect(text).not.toContain(secret)
    expect(text).toContain('https://storage.example/o/file.csv?[redacted]')
  })

  it('creates the folder 0700 and the file 0600, and nothing at all when nothing is logged', async () => {
    const quiet = createFileLogger({ dataDir, name: 'cli', level: 'warn' })
    quiet.info('below the level')
    await quiet.close()
    await expect(stat(join(dataDir, 'logs'))).rejects.toMatchObject({ code: 'ENOENT' })
    const log = createFileLogger({ dataDir, name: 'cli', level: 'info' })
    log.info('x')
    await log.close()
    expect((await stat(join(dataDir, 'logs'))).mode & 0o777).toBe(0o700)
    expect((await stat(join(dataDir, 'logs', 'cli.log'))).mode & 0o777).toBe(0o600)
  })

  it('rotates past its size and keeps only so many old files', async () => {
    const log = createFileLogger({ dataDir, name: 'cli', level: 'info', size: '1K', keep: 2 })
    for (let i = 0; i < 60; i++) {
      log.info({ i, padding: 'x'.repeat(100) }, 'line')
      await new Promise((resolve) => setImmediate(resolve))
    }
    await log.close()
    const files = (await readdir(join(dataDir, 'logs'))).filter((name) => name.startsWith('cli.log')).sort()
    expect(files).toEqual(['cli.log', 'cli.log.1', 'cli.log.2'])
  })

  it('a folder it cannot create makes it silent, never a crash', async () => {
    // A file where the data folder should be: the logs folder cannot be made under it (ENOTDIR).
    await writeFile(join(dataDir, 'not-a-folder'), '')
    const log = createFileLogger({ dataDir: join(dataDir, 'not-a-folder'), name: 'cli', level: 'info' })
    expect(() => log.info('x')).not.toThrow()
    await log.close()
    expect(() => noopLogger.child({ a: 1 }).error('x')).not.toThrow()
  })
})

describe('scrubSecrets (support bundle excerpts)', () => {
  it('removes keys, signatures, tokens, WalletConnect URIs and signed URL queries, keeps the rest', () => {
    const privateHex = `0x${'ab'.repeat(32)}`
    const signatureHex = `0x${'cd'.repeat(65)}`
    const base64Key = Buffer.alloc(32, 7).toString('base64')
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXBhcnQ'
    const text = [
      `key ${privateHex} sig ${signatureHex}`,
      `{"private_key":"${base64Key}","msg":"ok","encrypted_private_key_v2":"abc"}`,
      `Authorization: Bearer ${jwt}`,
      'pair wc:7f6e504bfad60b485450578e05678ed3e8e8c4751d3c6160be17160d63ec90f9@2?relay-protocol=irn&symKey=587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303',
      'GET https://storage.googleapis.com/bucket/object.csv?X-Goog-Algorithm=GOOG4&X-Goog-Signature=0123 200',
      `raw ${base64Key} end`,
    ].join('\n')
    const scrubbed = scrubSecrets(text)
    for (const secret of [privateHex.slice(2), signatureHex.slice(2), base64Key, jwt, 'symKey', 'X-Goog-Signature', '"abc"']) expect(scrubbed).not.toContain(secret)
    expect(scrubbed).toContain('"msg":"ok"')
    expect(scrubbed).toContain('https://storage.googleapis.com/bucket/object.csv?[redacted] 200')
    expect(stripQuery('https://a.test/p')).toBe('https://a.test/p')
  })
})

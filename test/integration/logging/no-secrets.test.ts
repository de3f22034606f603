// A full sign-in, unlock and sync against the demo server with the log at debug level, then the doctor and its
// support bundle: the log says what happened (sign-in, unlock, the plan, every file, the summary, each request)
// and neither the log nor the bundle holds a private key, the storage key, a signature, the access token, a
// WalletConnect URI or a signed URL's query.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytesToHex } from '@noble/hashes/utils.js'
import { parseKeyBlob, storageKeyFromSignature, unlockKeyBlob } from '../../../src/main/crypto/key-scheme'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import { SUPPORT_NOTICE } from '../../../src/shared/diagnostics'
import type { DemoServerHandle } from '../../../src/demo-server'
import { runCliInProcess } from '../../helpers/cli'
import { DEMO_ADDRESS, DEMO_WALLET_KEY, startTestDemoServer } from '../../helpers/demo-server'

const ESC = String.fromCharCode(27)
/** Any ANSI escape sequence (colour, cursor). */
const ANSI = new RegExp(`${ESC}\\[`)

let demo: DemoServerHandle
let dir: string
let dataDir: string
/** Every secret value this run handled, in each form it could be written in. */
const secrets: { name: string; value: string }[] = []

function addSecret(name: string, bytesOrText: Uint8Array | string): void {
  if (typeof bytesOrText === 'string') {
    secrets.push({ name, value: bytesOrText })
    return
  }
  const hex = bytesToHex(bytesOrText)
  const base64 = Buffer.from(bytesOrText).toString('base64')
  for (const value of [hex, hex.toUpperCase(), base64, base64.replace(/=+$/, ''), Buffer.from(bytesOrText).toString('base64url')]) secrets.push({ name, value })
}

/** Things shaped like secrets, whatever their value. */
const SHAPES: [string, RegExp][] = [
  ['WalletConnect URI', /wc:[0-9a-f]{16,}/i],
  ['signed URL query', /[?&](X-Goog-Signature|X-Amz-Signature|Signature|sig)=/i],
  ['bearer token', /Bearer\s+[A-Za-z0-9._-]{16,}/],
  ['JWT', /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./],
  ['65-byte signature hex', /(0x)?[0-9a-f]{130}/i],
]

function findSecrets(text: string): string[] {
  const found = secrets.filter((secret) => text.includes(secret.value)).map((secret) => secret.name)
  for (const [name, shape] of SHAPES) if (shape.test(text)) found.push(name)
  return [...new Set(found)]
}

const env = () => ({ NUMERBAY_DATA_DIR: dataDir, NUMERBAY_API_URL: demo.apiUrl, DEMO_KEY: DEMO_WALLET_KEY, NUMERBAY_LOG_LEVEL: 'debug' })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'numerbay-log-secrets-'))
  dataDir = join(dir, 'data')
  demo = await startTestDemoServer()

  // The secrets of this account: the wallet key, the v2 private key, the storage key and the salt signature.
  const signer = createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY))
  addSecret('wallet private key', parsePrivateKeyHex(DEMO_WALLET_KEY))
  const user = demo.state.users.find((candidate) => candidate.public_address?.toLowerCase() === DEMO_ADDRESS.toLowerCase())!
  const blob = user.encrypted_private_key_v2!
  const pair = await unlockKeyBlob(blob, signer)
  addSecret('account private key', pair.privateKey)
  const signature = await signer.signPersonalMessage(new TextEncoder().encode(parseKeyBlob(blob).salt))
  addSecret('salt signature', signature)
  addSecret('storage key', storageKeyFromSignature(signature))

  // What crossed the wire is added after the run: the access tokens and signed URLs the demo server issued. The
  // login signature, a fresh one each run, is caught by its shape (65 bytes of hex).
}, 60_000)

afterAll(async () => {
  await demo?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the log of a full demo sync at debug level', () => {
  let log: string

  beforeAll(async () => {
    const run = await runCliInProcess(['sync', '--out', join(dir, 'purchases'), '--signer', 'env:DEMO_KEY'], { env: env() })
    expect(run.stderr).not.toMatch(/error:/)
    expect(run.code).toBe(0)
    log = await readFile(join(dataDir, 'logs', 'cli.log'), 'utf8')
    for (const token of demo.issued.tokens) addSecret('access token', token)
    for (const url of demo.issued.downloadUrls) addSecret('signed URL query', new URL(url).search.slice(1))
  }, 120_000)

  it('says what happened: command, sign-in, unlock, the plan, each file, the summary, requests at debug', () => {
    const events = log.trim().split('\n').map((line) => JSON.parse(line) as { event?: string; level: string; state?: string })
    const names = new Set(events.map((line) => line.event))
    for (const name of ['command', 'sign-in', 'key-unlocked', 'sync-plan', 'sync-file', 'sync-finished', 'http', 'exit']) expect(names, name).toContain(name)
    expect(events.some((line) => line.event === 'sync-file' && line.state === 'done')).toBe(true)
    expect(events.some((line) => line.level === 'debug')).toBe(true)
    expect(secrets.some((secret) => secret.name === 'access token')).toBe(true)
    expect(secrets.some((secret) => secret.name === 'signed URL query')).toBe(true)
  })

  it('holds no secret', () => {
    expect(findSecrets(log)).toEqual([])
  })

  it('is owner-only', async () => {
    expect((await stat(join(dataDir, 'logs', 'cli.log'))).mode & 0o777).toBe(0o600)
    expect((await stat(join(dataDir, 'logs'))).mode & 0o777).toBe(0o700)
  })
})

describe('doctor against the demo server and the Ledger emulator', () => {
  const emulator = 'emulator:test test test test test test test test test test test junk'

  it('signs in to size the next sync, sees the emulated Ledger and its Ethereum app, and writes a bundle with no secret in it', async () => {
    const bundle = join(dir, 'support.json')
    const run = await runCliInProcess(['doctor', '--json', '--bundle', bundle, '--out', join(dir, 'purchases-2'), '--signer', 'env:DEMO_KEY'], {
      env: { ...env(), NUMERBAY_LEDGER_TRANSPORT: emulator, NUMERBAY_WC_RELAY_URL: 'ws://127.0.0.1:9' },
    })
    const report = JSON.parse(run.stdout) as { checks: { id: string; status: string; summary: string }[] }
    const byId = Object.fromEntries(report.checks.map((check) => [check.id, check]))
    expect(byId.api).toMatchObject({ status: 'ok', summary: expect.stringContaining('selling round') })
    expect(byId.clock!.status).toBe('ok')
    expect(byId['usb-module']).toMatchObject({ status: 'ok', summary: expect.stringContaining('emulator') })
    expect(byId['ethereum-app']).toMatchObject({ status: 'ok', summary: expect.stringContaining('1.19.1') })
    expect(byId['data-folder']!.status).toBe('ok')
    expect(byId['key-files']!.status).toBe('ok')
    expect(byId['free-space']).toMatchObject({ status: 'ok', summary: expect.stringMatching(/The next sync fetches .+ \(\d+ file\(s\)\)/) })
    // The local relay here is not running: a failed check, so exit 1.
    expect(byId['walletconnect-relay']!.status).toBe('failed')
    expect(run.code).toBe(1)

    const text = await readFile(bundle, 'utf8')
    expect((await stat(bundle)).mode & 0o777).toBe(0o600)
    const parsed = JSON.parse(text) as { notice: string; checks: unknown[]; logs: Record<string, string[]> }
    expect(parsed.notice).toBe(SUPPORT_NOTICE)
    expect(parsed.checks).toHaveLength(report.checks.length)
    expect(parsed.logs['cli.log']!.length).toBeGreaterThan(5)
    expect(run.stderr).toContain('support never asks for your private key')
    expect(findSecrets(text)).toEqual([])
  }, 60_000)

  it('a Ledger in another app is a warning on the Ethereum app, and the human report has one line per check', async () => {
    const run = await runCliInProcess(['doctor', '--out', join(dir, 'purchases-3')], { env: { ...env(), NUMERBAY_LEDGER_TRANSPORT: `${emulator};mode=other-app;app=Bitcoin`, NUMERBAY_WC_RELAY_URL: 'ws://127.0.0.1:9' } })
    expect(run.stdout).toMatch(/warning\s+Ethereum app: The Bitcoin app is open, not the Ethereum app\.\n\s+fix: Open the Ethereum app on the Ledger\./)
    expect(run.stdout).toMatch(/skipped\s+Free space: .*not signed in/)
    expect(run.stdout).not.toMatch(ANSI)
  }, 60_000)
})

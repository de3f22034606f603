import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readKeyFile, toBase64, unlockKeyBlob } from '../../../src/main/crypto'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import { runCliInProcess } from '../../helpers/cli'
import { keysV2 } from '../../helpers/vectors'
import { makeWorkDir, removeWorkDir } from './fixtures'

/** Hardhat account #1: a different wallet from the one that made the vectors. */
const OTHER_WALLET = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const env = { NB_WALLET: keysV2.wallet.private_key, NB_OTHER: OTHER_WALLET }

let dir: string
beforeEach(async () => {
  dir = await makeWorkDir('nb-cli-key-')
})
afterEach(async () => {
  await removeWorkDir(dir)
})

describe('numerbay-desktop key unlock', () => {
  it('unlocks web-app blobs (v = 27/28 and v = 0/1 wallets) into numerbay.json, mode 0600', async () => {
    for (const [form, vector] of Object.entries({ v27: keysV2.keys_v27, v01: keysV2.keys_v01 })) {
      const blob = join(dir, `blob-${form}.json`)
      await writeFile(blob, vector.encrypted_private_key_v2)
      const out = join(dir, `numerbay-${form}.json`)
      const run = await runCliInProcess(['key', 'unlock', '--blob', blob, '--signer', 'env:NB_WALLET', '--out', out], { env })
      expect(run.code, run.stderr).toBe(0)
      expect(await readFile(out, 'utf8')).toBe(JSON.stringify({ public_key: vector.public_key, private_key: vector.private_key }))
      expect((await stat(out)).mode & 0o777).toBe(0o600)
      expect(run.stdout).toContain(`public key ${vector.public_key}`)
      expect(run.stdout + run.stderr).not.toContain(vector.private_key)
    }
  })

  it('accepts the blob as a quoted JSON string too (as the API returns it)', async () => {
    const blob = join(dir, 'quoted.json')
    await writeFile(blob, JSON.stringify(keysV2.keys_v27.encrypted_private_key_v2) + '\n')
    const run = await runCliInProcess(['key', 'unlock', '--blob', blob, '--signer', 'env:NB_WALLET', '--out', join(dir, 'k.json')], { env })
    expect(run.code, run.stderr).toBe(0)
  })

  it('a salt signed by another wallet does not unlock: exit 1, one clear line, no key file', async () => {
    const blob = join(dir, 'blob.json')
    await writeFile(blob, keysV2.keys_v27.encrypted_private_key_v2)
    const run = await runCliInProcess(['key', 'unlock', '--blob', blob, '--signer', 'env:NB_OTHER', '--out', join(dir, 'k.json')], { env })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('error: Your wallet signature did not unlock this key.')
    expect(await readdir(dir)).toEqual(['blob.json'])
  })

  it('refuses to replace a key file without --force, before asking for a signature', async () => {
    const blob = join(dir, 'blob.json')
    await writeFile(blob, keysV2.keys_v27.encrypted_private_key_v2)
    await writeFile(join(dir, 'k.json'), 'old')
    const run = await runCliInProcess(['key', 'unlock', '--blob', blob, '--signer', 'env:NB_WALLET', '--out', join(dir, 'k.json')], { env })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/already exists; use --force/)
    expect(run.stderr).not.toContain('Signing')
    expect(await readFile(join(dir, 'k.json'), 'utf8')).toBe('old')
    const forced = await runCliInProcess(['key', 'unlock', '--blob', blob, '--signer', 'env:NB_WALLET', '--out', join(dir, 'k.json'), '--force'], { env })
    expect(forced.code).toBe(0)
    expect(toBase64((await readKeyFile(join(dir, 'k.json'))).publicKey)).toBe(keysV2.keys_v27.public_key)
  })

  it('bad blob, unknown signer, missing variable, missing options', async () => {
    await writeFile(join(dir, 'bad.json'), '{"data": 1}')
    const bad = await runCliInProcess(['key', 'unlock', '--blob', join(dir, 'bad.json'), '--signer', 'env:NB_WALLET', '--out', join(dir, 'k.json')], { env })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('"data" and "salt"')

    await writeFile(join(dir, 'blob.json'), keysV2.keys_v27.encrypted_private_key_v2)
    const unknown = await runCliInProcess(['key', 'unlock', '--blob', join(dir, 'blob.json'), '--signer', 'metamask', '--out', join(dir, 'k.json')], { env })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown signer')

    const missing = await runCliInProcess(['key', 'unlock', '--blob', join(dir, 'blob.json'), '--signer', 'env:NOT_SET', '--out', join(dir, 'k.json')], { env })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('NOT_SET is not set')

    expect((await runCliInProcess(['key', 'unlock', '--signer', 'env:NB_WALLET'], { env })).code).toBe(2)
    expect((await runCliInProcess(['key', 'unlock', '--blob', join(dir, 'blob.json')], { env })).code).toBe(2)
    expect(await readdir(dir)).toEqual(['bad.json', 'blob.json'])
  })
})

describe('numerbay-desktop key new', () => {
  it('creates a key pair: the upload file unlocks with the same wallet (library and CLI) to the key file written', async () => {
    const out = join(dir, 'numerbay.json')
    const outBlob = join(dir, 'upload.json')
    const run = await runCliInProcess(['key', 'new', '--signer', 'env:NB_WALLET', '--out-blob', outBlob, '--out', out], { env })
    expect(run.code, run.stderr).toBe(0)
    const upload = JSON.parse(await readFile(outBlob, 'utf8')) as { public_key: string; encrypted_private_key: string }
    expect(Object.keys(upload)).toEqual(['public_key', 'encrypted_private_key'])
    const keyFile = await readKeyFile(out)
    expect(upload.public_key).toBe(toBase64(keyFile.publicKey))
    const stored = JSON.parse(upload.encrypted_private_key) as Record<string, string>
    expect(Object.keys(stored)).toEqual(['data', 'salt'])
    expect(stored.salt).toMatch(/^Sign this to retrieve your encryption key\.\n\nSalt:[A-Za-z0-9+/]{43}=$/)

    const unlocked = await unlockKeyBlob(upload.encrypted_private_key, createKeySigner(parsePrivateKeyHex(keysV2.wallet.private_key)))
    expect(toBase64(unlocked.privateKey)).toBe(toBase64(keyFile.privateKey))

    const again = join(dir, 'again.json')
    const viaCli = await runCliInProcess(['key', 'unlock', '--blob', outBlob, '--signer', 'env:NB_WALLET', '--out', again], { env })
    expect(viaCli.code, viaCli.stderr).toBe(0)
    expect(await readFile(again, 'utf8')).toBe(await readFile(out, 'utf8'))

    const wrongWallet = await runCliInProcess(['key', 'unlock', '--blob', outBlob, '--signer', 'env:NB_OTHER', '--out', join(dir, 'x.json')], { env })
    expect(wrongWallet.code).toBe(1)
  })

  it('never overwrites either output without --force', async () => {
    await writeFile(join(dir, 'upload.json'), 'keep')
    const run = await runCliInProcess(['key', 'new', '--signer', 'env:NB_WALLET', '--out-blob', join(dir, 'upload.json'), '--out', join(dir, 'k.json')], { env })
    expect(run.code).toBe(1)
    expect(await readdir(dir)).toEqual(['upload.json'])
    expect(await readFile(join(dir, 'upload.json'), 'utf8')).toBe('keep')
    const same = await runCliInProcess(['key', 'new', '--signer', 'env:NB_WALLET', '--out-blob', join(dir, 'k.json'), '--out', join(dir, 'k.json')], { env })
    expect(same.code).toBe(2)
  })
})

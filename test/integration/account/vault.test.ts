import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sodium from 'sodium-native'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readKeyFile, writeKeyFile } from '../../../src/main/crypto/key-file'
import { decryptSealedFile } from '../../../src/main/crypto/sealed-file'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { generatedStream } from '../../../src/demo-server'
import { keyFromBase64, keyPairFromPrivateKey, toBase64, type KeyPair } from '../../../src/main/crypto/key-pair'
import { createNumerBayClient, type NumerBayClient } from '../../../src/main/numerbay'
import { createKeySigner, parsePrivateKeyHex } from '../../../src/main/signers/software-key'
import { createVault, type Vault } from '../../../src/main/vault'
import type { DemoServerHandle, SeedInput } from '../../../src/demo-server'
import type { ReplaceKeyReport } from '../../../src/shared/numerbay'
import { DEMO_LEGACY_PRIVATE_KEY, DEMO_WALLET_KEY, SECOND_WALLET_KEY, THIRD_WALLET_KEY, demoSeed, startTestDemoServer } from '../../helpers/demo-server'
import { keysV2 } from '../../helpers/vectors'

const fastRetry = { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 20 }
const demoSigner = () => createKeySigner(parsePrivateKeyHex(DEMO_WALLET_KEY))

/** Downloads an order artifact the way the app does: generate-download-url, then a plain GET. */
async function downloadOrderArtifact(client: NumerBayClient, artifactId: string): Promise<Buffer> {
  const url = await client.orderArtifactDownloadUrl(artifactId)
  const response = await fetch(url)
  expect(response.status).toBe(200)
  return Buffer.from(await response.arrayBuffer())
}

function open(sealed: Buffer, pair: KeyPair): string | null {
  const out = Buffer.alloc(sealed.length - sodium.crypto_box_SEALBYTES)
  return sodium.crypto_box_seal_open(out, sealed, Buffer.from(pair.publicKey), Buffer.from(pair.privateKey)) ? out.toString('utf8') : null
}

describe('vault against the demo server', () => {
  let demo: DemoServerHandle
  let dataDir: string
  let vault: Vault
  let client: NumerBayClient

  const start = async (seed?: SeedInput): Promise<void> => {
    demo = await startTestDemoServer(seed ? { seed } : {})
    client = createNumerBayClient({ baseUrl: demo.apiUrl, retry: fastRetry })
  }
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'nb-vault-'))
    vault = createVault({ dataDir, autoLockMs: 0 })
  })
  afterEach(async () => {
    vault.lock()
    await demo?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('unlocks, exports numerbay.json (0600, no overwrite) and the file decrypts a sealed artifact', async () => {
    await start()
    const signer = demoSigner()
    const { user } = await client.signInWithWallet(signer)
    expect((await vault.setAccount(user)).state).toBe('locked')
    const status = await vault.unlock(signer)
    expect(status).toMatchObject({ state: 'unlocked', publicKey: user.public_key_v2 })

    const out = join(dataDir, 'numerbay.json')
    await vault.exportKeyFile(out)
    expect((await stat(out)).mode & 0o777).toBe(0o600)
    const text = await readFile(out, 'utf8')
    expect(text).toMatch(/^\{"public_key":"[^"]{44}","private_key":"[^"]{44}"\}$/)
    await expect(vault.exportKeyFile(out)).rejects.toMatchObject({ code: 'FILE_EXISTS' })

    const exported = await readKeyFile(out)
    const orders = await client.searchOrders()
    const order = orders.data.find((o) => o.id === 101)!
    expect(order.buyer_public_key).toBe(toBase64(exported.publicKey))
    const artifact = order.artifacts.find((a) => a.object_name?.endsWith('.csv') && a.state === 'active' && !a.is_numerai_direct)!
    const sealed = await downloadOrderArtifact(client, artifact.id)
    expect(open(sealed, exported)).toContain('id,prediction')
    // The same bytes through the vault's lookup (what the downloads engine uses).
    expect(open(sealed, vault.keyPairFor(order.buyer_public_key!)!)).toContain('id,prediction')

    // The 2 MiB generated artifact, streamed from the signed URL through the app's streaming decryption.
    const big = order.artifacts.find((a) => a.object_name?.endsWith('.parquet'))!
    const response = await fetch(await client.orderArtifactDownloadUrl(big.id))
    const target = join(dataDir, 'alpha_full.parquet')
    await decryptSealedFile({ keyPair: await readKeyFile(out), input: Readable.fromWeb(response.body! as never), target })
    const expected = createHash('sha256')
    for await (const chunk of generatedStream('demo-alpha-520', 2097152)) expected.update(chunk as Buffer)
    expect(createHash('sha256').update(await readFile(target)).digest('hex')).toBe(expected.digest('hex'))
  })

  it('refuses a blob whose salt another wallet signed, and changes nothing on the server', async () => {
    // The account is wallet #1's, but its stored v2 blob was made by wallet #0 (the shared test vector).
    const seed = demoSeed()
    const users = seed.users.map((u) => (u.id === 3 ? { ...u, key: { public_key_v2: keysV2.keys_v27.public_key, encrypted_private_key_v2: keysV2.keys_v27.encrypted_private_key_v2 } } : u))
    await start({ ...seed, users })
    const signer = createKeySigner(parsePrivateKeyHex(SECOND_WALLET_KEY))
    const { user } = await client.signInWithWallet(signer)
    await vault.setAccount(user)
    await expect(vault.unlock(signer)).rejects.toMatchObject({ code: 'VAULT_WRONG_WALLET' })
    expect(vault.status().state).toBe('locked')

    const before = JSON.stringify({ users: demo.state.users, orders: demo.state.orders })
    let confirmed = false
    await expect(
      vault.replaceKey({ client, signer, confirm: async () => (confirmed = true) }),
    ).rejects.toMatchObject({ code: 'VAULT_WRONG_WALLET' })
    expect(confirmed).toBe(true)
    expect(JSON.stringify({ users: demo.state.users, orders: demo.state.orders })).toBe(before)
    expect(demo.requests.some((r) => r.method === 'PUT')).toBe(false)
  })

  it('refuses a signer that is not the account wallet', async () => {
    await start()
    const { user } = await client.signInWithPassword('password-buyer', 'demo-password')
    await vault.setAccount(user)
    await expect(vault.unlock(demoSigner())).rejects.toMatchObject({ code: 'ACCOUNT_WALLET_MISMATCH' })
  })

  it('replaces the key: exact re-keying, old files still decrypt through the keyring, socials kept', async () => {
    await start()
    const signer = demoSigner()
    const { user } = await client.signInWithWallet(signer)
    await vault.setAccount(user)
    const oldKey = user.public_key_v2!
    const oldArtifact = demo.state.artifacts.find((a) => a.order_id === 101 && a.object_name.endsWith('.csv') && a.state === 'active' && !a.is_numerai_direct)!
    let report: ReplaceKeyReport | undefined
    const result = await vault.replaceKey({
      client,
      signer,
      confirm: async (r) => {
        report = r
        // Nothing is uploaded before the confirmation.
        expect(demo.requests.some((q) => q.method === 'PUT')).toBe(false)
        return true
      },
    })
    expect(report!.sellingRound).toBe(520)
    expect(report!.followNewKey.map((l) => l.orderId).sort()).toEqual([101, 102, 107, 108])
    expect(Object.fromEntries(report!.keepOldKey.map((l) => [l.orderId, l.reason]))).toEqual({ 103: 'future-round', 104: 'pending', 105: 'past', 109: 'not-confirmed' })
    expect(report!.unencrypted.map((l) => l.orderId)).toEqual([106])
    expect(report!.oldKeyArchivable).toBe(true)

    // What the server did matches the report exactly.
    expect([...result.rekeyedOrderIds].sort()).toEqual([101, 102, 107, 108])
    expect(result.archivedOldKey).toBe(true)
    const byId = new Map(demo.state.orders.map((o) => [o.id, o.buyer_public_key]))
    for (const id of [101, 102, 107, 108]) expect(byId.get(id)).toBe(result.newPublicKey)
    for (const id of [103, 104, 105, 109]) expect(byId.get(id)).toBe(oldKey)
    expect(byId.get(106)).toBeNull()
    const me = await client.getMe()
    expect(me.public_key_v2).toBe(result.newPublicKey)
    // PUT /users/me resets omitted socials; the client echoed them.
    expect(me.social_twitter).toBe('@numerbay_demo')
    expect(me.social_website).toBe('https://example.invalid/demo')

    // Files uploaded before the replacement stay sealed to the old key: the keyring opens them.
    const sealed = await downloadOrderArtifact(client, String(oldArtifact.id))
    expect(vault.keyPairFor(result.newPublicKey)).not.toBeNull()
    expect(open(sealed, vault.keyPairFor(oldKey)!)).toContain('id,prediction')
    // A new upload follows the new key.
    const fresh = await demo.addArtifact({ order: 101, content: 'new,file\n' })
    expect(open(await downloadOrderArtifact(client, String(fresh.id)), vault.keyPairFor(result.newPublicKey)!)).toBe('new,file\n')

    // A new session (new process): unlock the new key from the server, the old one from the keyring file.
    const keyringPath = join(dataDir, 'keyring', `${user.public_address}.json`)
    expect((await stat(keyringPath)).mode & 0o777).toBe(0o600)
    expect((await stat(join(dataDir, 'keyring'))).mode & 0o777).toBe(0o700)
    const keyringFile = JSON.parse(await readFile(keyringPath, 'utf8'))
    expect(keyringFile.keys.map((k: { public_key: string }) => k.public_key)).toEqual([oldKey])
    expect(JSON.stringify(keyringFile)).not.toContain(toBase64(vault.keyPairFor(oldKey)!.privateKey))
    const next = createVault({ dataDir, autoLockMs: 0 })
    await next.setAccount(me)
    expect(next.status()).toMatchObject({ state: 'locked', keyringPublicKeys: [oldKey], keyringUnlocked: false })
    expect(next.keyPairFor(oldKey)).toBeNull()
    await next.unlock(demoSigner())
    expect(open(sealed, next.keyPairFor(oldKey)!)).toContain('id,prediction')
    next.lock()
  })

  it('does not replace anything when the confirmation is declined', async () => {
    await start()
    const signer = demoSigner()
    const { user } = await client.signInWithWallet(signer)
    await vault.setAccount(user)
    await expect(vault.replaceKey({ client, signer, confirm: async () => false })).rejects.toMatchObject({ code: 'KEY_REPLACE_NOT_CONFIRMED' })
    expect((await client.getMe()).public_key_v2).toBe(user.public_key_v2)
  })

  it('recognises a legacy account; an imported key file decrypts its orders and is kept in the keyring', async () => {
    await start()
    const signer = createKeySigner(parsePrivateKeyHex(THIRD_WALLET_KEY))
    const { user } = await client.signInWithWallet(signer)
    expect((await vault.setAccount(user)).state).toBe('legacy')
    await expect(vault.unlock(signer)).rejects.toMatchObject({ code: 'ACCOUNT_LEGACY_KEY' })

    const file = join(dataDir, 'old-numerbay.json')
    await writeKeyFile(file, keyPairFromPrivateKey(keyFromBase64(DEMO_LEGACY_PRIVATE_KEY)!))
    const orders = await client.searchOrders()
    const report = await vault.importKeyFile(file, { orders: orders.data, signer })
    expect(report).toMatchObject({ matches: 'legacy', orderIds: [301], addedToKeyring: true, publicKey: user.public_key })
    expect(vault.status()).toMatchObject({ state: 'unlocked', publicKey: user.public_key })
    const artifact = orders.data[0]!.artifacts[0]!
    expect(open(await downloadOrderArtifact(client, artifact.id), vault.keyPairFor(user.public_key!)!)).toContain('id,prediction')

    // Replacing a legacy key: the imported old key is already in the keyring.
    const result = await vault.replaceKey({ client, signer, confirm: async (r) => r.currentKeyKind === 'legacy' && r.oldKeyArchivable })
    expect(result).toMatchObject({ oldPublicKey: user.public_key, archivedOldKey: true, rekeyedOrderIds: [301] })
  })

  it('says when an imported key file is not the account key', async () => {
    await start()
    const signer = demoSigner()
    const { user } = await client.signInWithWallet(signer)
    await vault.setAccount(user)
    const file = join(dataDir, 'other.json')
    await writeKeyFile(file, keyPairFromPrivateKey(keyFromBase64(DEMO_LEGACY_PRIVATE_KEY)!))
    const report = await vault.importKeyFile(file, { orders: (await client.searchOrders()).data })
    expect(report).toMatchObject({ matches: 'none', orderIds: [], addedToKeyring: false })
    expect(vault.status().state).toBe('locked')
  })
})

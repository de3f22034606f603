import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { removeStaleTemps, STALE_TEMP_AGE_MS, tempPathFor, writeFileAtomic } from '../../../src/main/fs/atomic-file'

const dirs: string[] = []
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nb-sweep-'))
  dirs.push(dir)
  return dir
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** Creates `name` in `dir` last modified `ageMs` ago. */
async function plant(dir: string, name: string, ageMs: number): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, 'x')
  const when = new Date(Date.now() - ageMs)
  await utimes(path, when, when)
  return path
}

const OLD = STALE_TEMP_AGE_MS + 60_000

describe('removeStaleTemps', () => {
  it('removes an old temp file of the named target, and only that', async () => {
    const dir = await tempDir()
    const target = join(dir, 'settings.json')
    const stale = await plant(dir, '.settings.json.0123456789ab.tmp', OLD)
    const lookalikes = [
      '.settings.json.0123456789ab.tmp.bak', // the user's copy
      'settings.json.0123456789ab.tmp', // not hidden
      '.settings.json.0123456789AB.tmp', // upper case: not what tempPathFor writes
      '.settings.json.0123456789a.tmp', // 11 hex
      '.settings.json.0123456789abc.tmp', // 13 hex
      '.settings.json.0123456789ab.part', // another tag (a decrypt in progress)
      '.other.json.0123456789ab.tmp', // another target's
      '.settings.jsonX0123456789abXtmp', // dots are literal
    ]
    for (const name of lookalikes) await plant(dir, name, OLD)
    expect(await removeStaleTemps([target])).toEqual([stale])
    expect((await readdir(dir)).sort()).toEqual([...lookalikes].sort())
  })

  it('keeps a temp file younger than the threshold (another process may be writing it)', async () => {
    const dir = await tempDir()
    const fresh = await plant(dir, '.k.json.aaaaaaaaaaaa.tmp', STALE_TEMP_AGE_MS - 60_000)
    const real = tempPathFor(join(dir, 'k.json'))
    await writeFile(real, 'in progress')
    expect(await removeStaleTemps([join(dir, 'k.json')])).toEqual([])
    expect((await readdir(dir)).sort()).toEqual([fresh, real].map((p) => p.slice(dir.length + 1)).sort())
    // The same files count as stale for a clock an hour ahead.
    const later = Date.now() + 60 * 60_000
    expect((await removeStaleTemps([join(dir, 'k.json')], { now: () => later })).sort()).toEqual([fresh, real].sort())
  })

  it('never removes a folder or a symlink with a temp name, nor what a symlink points to', async () => {
    const dir = await tempDir()
    const precious = await plant(dir, 'precious.txt', OLD)
    await symlink(precious, join(dir, '.k.json.bbbbbbbbbbbb.tmp'))
    await mkdir(join(dir, '.k.json.cccccccccccc.tmp'))
    expect(await removeStaleTemps([join(dir, 'k.json')], { now: () => Date.now() + 2 * OLD })).toEqual([])
    expect((await readdir(dir)).sort()).toEqual(['.k.json.bbbbbbbbbbbb.tmp', '.k.json.cccccccccccc.tmp', 'precious.txt'])
  })

  it('handles several targets and folders, and a missing folder, without throwing', async () => {
    const dir = await tempDir()
    await mkdir(join(dir, 'sub'))
    const a = await plant(dir, '.a.json.dddddddddddd.tmp', OLD)
    const b = await plant(join(dir, 'sub'), '.b.json.eeeeeeeeeeee.tmp', OLD)
    const removed = await removeStaleTemps([join(dir, 'a.json'), join(dir, 'sub', 'b.json'), join(dir, 'missing', 'c.json')])
    expect(removed.sort()).toEqual([a, b].sort())
  })

  it('recognises the names writeFileAtomic really uses', async () => {
    const dir = await tempDir()
    const target = join(dir, 'record.json')
    await writeFileAtomic(target, 'v1')
    // A write killed between creating its temp file and renaming it leaves exactly such a name.
    const leftover = tempPathFor(target)
    await writeFile(leftover, '')
    expect(await removeStaleTemps([target], { now: () => Date.now() + 2 * OLD })).toEqual([leftover])
    expect(await readdir(dir)).toEqual(['record.json'])
  })
})

describe('where the sweep runs: each owner of a file clears its leftovers when it opens it', () => {
  const leftover = (dir: string, name: string) => plant(dir, `.${name}.0123456789ab.tmp`, OLD)

  it('the sync lock, for the sync record in the output folder', async () => {
    const { acquireSyncLock } = await import('../../../src/main/downloads/lock')
    const out = await tempDir()
    await leftover(out, '.numerbay-sync.json')
    const fresh = await plant(out, '..numerbay-sync.json.fedcba987654.tmp', 1000)
    const lock = await acquireSyncLock(out)
    await lock.release()
    expect(await readdir(out)).toEqual([fresh.slice(out.length + 1)])
  })

  it('the settings, keyring and WalletConnect stores, in the data folder', async () => {
    const { SettingsStore } = await import('../../../src/main/settings/store')
    const { Keyring } = await import('../../../src/main/vault/keyring')
    const { FileKeyValueStorage } = await import('../../../src/main/signers/walletconnect/file-storage')
    const data = await tempDir()
    await mkdir(join(data, 'keyring'))
    await mkdir(join(data, 'walletconnect'))
    const address = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
    await leftover(data, 'settings.json')
    await leftover(join(data, 'keyring'), `${address}.json`)
    await leftover(join(data, 'walletconnect'), 'storage.json')
    await new SettingsStore({ dataDir: data }).load()
    await Keyring.forWallet(data, address).load()
    await new FileKeyValueStorage(join(data, 'walletconnect')).load()
    expect(await readdir(data)).toEqual(expect.arrayContaining(['keyring', 'walletconnect']))
    expect((await readdir(data)).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(await readdir(join(data, 'keyring'))).toEqual([])
    expect(await readdir(join(data, 'walletconnect'))).toEqual([])
  })

  it('the key file writer, for a leftover that may hold a private key', async () => {
    const { writeKeyFile } = await import('../../../src/main/crypto/key-file')
    const dir = await tempDir()
    await leftover(dir, 'numerbay.json')
    const keyPair = { publicKey: new Uint8Array(32).fill(1), privateKey: new Uint8Array(32).fill(2) }
    await writeKeyFile(join(dir, 'numerbay.json'), keyPair)
    expect(await readdir(dir)).toEqual(['numerbay.json'])
  })
})

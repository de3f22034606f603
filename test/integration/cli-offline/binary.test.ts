import { spawnSync } from 'node:child_process'
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DecryptPool, locateDecryptWorker } from '../../../src/main/workers/decrypt-pool'
import { cliBundle, ensureCliBuilt, runCliBinary, startCliBinary } from '../../helpers/cli'
import { keysV2, sealedDir, sealedIndex } from '../../helpers/vectors'
import { randomBytes, sealWithLibsodium, sha256Hex, vectorKeyPair } from '../../unit/crypto/sealed-fixtures'
import { copySealedVectors, makeWorkDir, removeWorkDir, writeVectorKeyFile } from './fixtures'

let dir: string
let keyFile: string
beforeAll(async () => {
  ensureCliBuilt()
  dir = await makeWorkDir('nb-cli-bin-')
  keyFile = await writeVectorKeyFile(join(dir, 'numerbay.json'))
  await copySealedVectors(join(dir, 'in'))
}, 120_000)
afterAll(async () => {
  await removeWorkDir(dir)
})

describe('the real numerbay-desktop launcher (child process)', () => {
  it('prints help and exits 0; a usage error exits 2', async () => {
    const help = await runCliBinary(['decrypt', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: numerbay-desktop decrypt')
    const usage = await runCliBinary(['decrypt', '--key', keyFile, join(dir, 'in')])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain("required option '--out <dir>' not specified")
  })

  it('decrypts the vectors; a damaged key file is one line on stderr and exit 1', async () => {
    const run = await runCliBinary(['decrypt', '--key', keyFile, '--out', join(dir, 'out'), join(dir, 'in')])
    expect(run.code, run.stderr).toBe(0)
    for (const entry of sealedIndex.files) expect(sha256Hex(await readFile(join(dir, 'out', entry.file)))).toBe(entry.plaintext_sha256)

    await writeFile(join(dir, 'broken.json'), '{')
    const broken = await runCliBinary(['decrypt', '--key', join(dir, 'broken.json'), '--out', join(dir, 'out2'), join(dir, 'in')])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^error: .*broken\.json is not a valid NumerBay key file: it is not JSON\.\n {2}\S.*\n$/)
  })

  it('an unwritable output folder fails with a clear reason and writes nothing', async () => {
    const shared = join(dir, 'perm')
    const locked = join(shared, 'locked')
    await mkdir(locked, { recursive: true })
    await writeVectorKeyFile(join(shared, 'numerbay.json'))
    await writeFile(join(shared, 'sealed_1.bin'), await readFile(join(sealedDir, 'sealed_1.bin')))
    const unwritable = await makeUnwritable(locked, shared)
    try {
      const run = await runCliBinary(['decrypt', '--key', join(shared, 'numerbay.json'), '--out', locked, join(shared, 'sealed_1.bin')], {
        cwd: shared,
        ...unwritable.runAs,
      })
      expect(run.code, run.stderr).toBe(1)
      // Each way of being unwritable has its own words: a read-only disk is not a permission problem.
      expect(run.stderr).toContain(unwritable.readOnlyDisk ? `${locked} is on a read-only disk` : `You do not have permission to write in ${locked}`)
      expect(await readdir(locked)).toEqual([])
    } finally {
      await unwritable.release()
    }
  })

  it('Ctrl-C removes the file in progress and exits 130', async () => {
    const big = join(dir, 'big-in')
    await mkdir(big)
    await writeFile(join(big, 'big.bin'), await sealWithLibsodium(randomBytes(96 * 1024 * 1024), vectorKeyPair().publicKey))
    const out = join(dir, 'interrupted')
    await mkdir(out)
    const cli = startCliBinary(['decrypt', '--key', keyFile, '--out', out, join(big, 'big.bin')])
    // Interrupt as soon as the hidden temp file shows that decryption has started.
    for (let i = 0; i < 3000 && (await readdir(out)).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5))
    cli.child.kill('SIGINT')
    const run = await cli.done
    expect(run.code, run.stderr).toBe(130)
    expect(run.stderr).toContain('interrupted')
    expect(await readdir(out)).toEqual([])
  })

  it('unlocks a key with an env signer', async () => {
    await writeFile(join(dir, 'blob.json'), keysV2.keys_v01.encrypted_private_key_v2)
    const run = await runCliBinary(['key', 'unlock', '--blob', join(dir, 'blob.json'), '--signer', 'env:NB_WALLET', '--out', join(dir, 'unlocked.json')], {
      env: { NB_WALLET: keysV2.wallet.private_key },
    })
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(await readFile(join(dir, 'unlocked.json'), 'utf8'))).toEqual({ public_key: keysV2.keys_v01.public_key, private_key: keysV2.keys_v01.private_key })
  })

  it('the bundled decryption worker (out/cli/decrypt-worker.js) is found from the bundle and works', async () => {
    const location = locateDecryptWorker(pathToFileURL(cliBundle).href)
    expect(location.url.href).toBe(pathToFileURL(join(cliBundle, '..', 'decrypt-worker.js')).href)
    const pool = new DecryptPool({ size: 1, worker: location })
    try {
      const entry = sealedIndex.files.find((f) => f.file === 'sealed_1048577.bin')!
      const result = await pool.decryptFile({ keyPair: vectorKeyPair(), input: join(sealedDir, entry.file), target: join(dir, 'via-bundle') })
      expect(result.sha256).toBe(entry.plaintext_sha256)
    } finally {
      await pool.close()
    }
  })
})

/**
 * Makes `folder` unwritable for the CLI. Root ignores permission bits, so as root the folder becomes a read-only
 * tmpfs (EROFS), which works wherever the repository lives; where mounting is not allowed, the CLI runs as
 * "nobody" against a read-only folder instead (that needs the repository readable by "nobody").
 */
async function makeUnwritable(folder: string, parent: string): Promise<{ runAs: { uid?: number; gid?: number }; readOnlyDisk: boolean; release: () => Promise<void> }> {
  if (process.getuid?.() !== 0) {
    await chmod(folder, 0o555)
    return { runAs: {}, readOnlyDisk: false, release: () => chmod(folder, 0o755) }
  }
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', folder]).status === 0) {
    return { runAs: {}, readOnlyDisk: true, release: async () => void spawnSync('umount', [folder]) }
  }
  for (const path of [dir, parent]) await chmod(path, 0o755)
  await chmod(join(parent, 'numerbay.json'), 0o644)
  await chmod(folder, 0o555)
  return { runAs: { uid: 65534, gid: 65534 }, readOnlyDisk: false, release: () => chmod(folder, 0o755) }
}

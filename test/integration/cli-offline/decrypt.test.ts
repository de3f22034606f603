import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCliInProcess } from '../../helpers/cli'
import { sealedIndex, keysV2 } from '../../helpers/vectors'
import { flipped, sha256Hex } from '../../unit/crypto/sealed-fixtures'
import { copySealedVectors, makeWorkDir, removeWorkDir, sealedToAnotherKey, writeVectorKeyFile } from './fixtures'

let dir: string
let keyFile: string
beforeEach(async () => {
  dir = await makeWorkDir('nb-cli-decrypt-')
  keyFile = await writeVectorKeyFile(join(dir, 'numerbay.json'))
})
afterEach(async () => {
  await removeWorkDir(dir)
})

const sha = async (path: string): Promise<string> => sha256Hex(await readFile(path))

describe('numerbay-desktop decrypt', () => {
  it('decrypts a folder of sealed files, keeping names; skips existing outputs unless --force', async () => {
    const names = await copySealedVectors(join(dir, 'in'))
    const first = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'out'), join(dir, 'in')])
    expect(first.code).toBe(0)
    for (const entry of sealedIndex.files) {
      expect(await sha(join(dir, 'out', entry.file))).toBe(entry.plaintext_sha256)
      expect(first.stdout).toContain(`decrypted ${entry.file} -> ${join(dir, 'out', entry.file)}`)
    }
    expect((await readdir(join(dir, 'out'))).sort()).toEqual([...names].sort())
    expect(first.stderr).toContain(`${names.length} decrypted, 0 skipped, 0 failed`)

    await writeFile(join(dir, 'out', 'sealed_1.bin'), 'edited by hand')
    const again = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'out'), join(dir, 'in')])
    expect(again.code).toBe(0)
    expect(again.stderr).toContain(`skipped sealed_1.bin: ${join(dir, 'out', 'sealed_1.bin')} already exists (use --force to replace it)`)
    expect(await readFile(join(dir, 'out', 'sealed_1.bin'), 'utf8')).toBe('edited by hand')

    const forced = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'out'), '--force', join(dir, 'in', 'sealed_1.bin')])
    expect(forced.code).toBe(0)
    expect(await sha(join(dir, 'out', 'sealed_1.bin'))).toBe(sealedIndex.files.find((f) => f.file === 'sealed_1.bin')!.plaintext_sha256)
  })

  it('reports every bad file by name with its reason, decrypts the good ones, leaves nothing else, exits 1', async () => {
    const good = join(dir, 'in', 'good.bin')
    await copySealedVectors(join(dir, 'vectors'))
    const sealed = await readFile(join(dir, 'vectors', 'sealed_65536.bin'))
    await mkdir(join(dir, 'in'))
    await writeFile(good, sealed)
    const bad: Record<string, Uint8Array> = {
      'empty.bin': new Uint8Array(0),
      'short.bin': sealed.subarray(0, 40),
      'header.bin': flipped(sealed, 10),
      'tag.bin': flipped(sealed, 40),
      'body.bin': flipped(sealed, 9999),
      'last.bin': flipped(sealed, sealed.length - 1),
      'truncated.bin': sealed.subarray(0, sealed.length - 4096),
      'other-key.bin': await sealedToAnotherKey(new Uint8Array(5000)),
    }
    for (const [name, data] of Object.entries(bad)) await writeFile(join(dir, 'in', name), data)
    const run = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'out'), join(dir, 'in'), join(dir, 'missing.bin')])
    expect(run.code).toBe(1)
    const lines = run.stderr.trim().split('\n')
    expect(lines).toContain('failed empty.bin: This file is too short to be a NumerBay encrypted file (it needs at least 48 bytes).')
    expect(lines).toContain('failed short.bin: This file is too short to be a NumerBay encrypted file (it needs at least 48 bytes).')
    for (const name of ['header.bin', 'tag.bin', 'body.bin', 'last.bin', 'truncated.bin', 'other-key.bin']) {
      expect(lines).toContain(`failed ${name}: The file could not be decrypted: it is not sealed to this key, or it was damaged.`)
    }
    expect(run.stderr).toMatch(/failed .*missing\.bin: Not found/)
    expect(run.stderr).toContain('1 decrypted, 0 skipped, 9 failed')
    expect(run.stderr).not.toMatch(/\n\s+at /)
    expect(await readdir(join(dir, 'out'))).toEqual(['good.bin'])
    expect(await sha(join(dir, 'out', 'good.bin'))).toBe(sealedIndex.files.find((f) => f.file === 'sealed_65536.bin')!.plaintext_sha256)
  })

  it('with --recursive keeps subfolder paths; without it, subfolders and hidden files are ignored', async () => {
    await copySealedVectors(join(dir, 'in'))
    await copySealedVectors(join(dir, 'in', 'round-500'))
    await writeFile(join(dir, 'in', '.DS_Store'), 'junk')
    const flat = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'flat'), join(dir, 'in')])
    expect(flat.code).toBe(0)
    expect(await readdir(join(dir, 'flat'))).toHaveLength(sealedIndex.files.length)
    const deep = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'deep'), '--recursive', join(dir, 'in')])
    expect(deep.code).toBe(0)
    expect(await sha(join(dir, 'deep', 'round-500', 'sealed_1000.bin'))).toBe(sealedIndex.files.find((f) => f.file === 'sealed_1000.bin')!.plaintext_sha256)
    expect(await readdir(join(dir, 'deep', 'round-500'))).toHaveLength(sealedIndex.files.length)
  })

  it('refuses two inputs that would write the same output', async () => {
    await copySealedVectors(join(dir, 'a'))
    await copySealedVectors(join(dir, 'b'))
    const run = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'out'), join(dir, 'a', 'sealed_1.bin'), join(dir, 'b', 'sealed_1.bin')])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('same output name as')
    expect(await readdir(join(dir, 'out'))).toEqual(['sealed_1.bin'])
  })

  it('draws a progress line per file on a TTY only', async () => {
    await copySealedVectors(join(dir, 'in'))
    const tty = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'tty'), join(dir, 'in', 'sealed_1048577.bin')], { tty: true })
    expect(tty.code).toBe(0)
    expect(tty.stderr).toContain('\r')
    expect(tty.stderr).toMatch(/sealed_1048577\.bin\s+\d+%/)
    const pipe = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'pipe'), join(dir, 'in', 'sealed_1048577.bin')])
    expect(pipe.stderr).toBe('')
  })

  it('key file problems: a folder, invalid JSON, wrong lengths, a mismatched pair → one line, exit 1', async () => {
    await copySealedVectors(join(dir, 'in'))
    const input = join(dir, 'in', 'sealed_1.bin')
    const cases: [string, string | null, RegExp][] = [
      ['folder', null, /^error: The key file .* is a folder, not a file\.$/],
      ['invalid.json', '{"public_key": ', /not a valid NumerBay key file: it is not JSON/],
      ['short.json', JSON.stringify({ public_key: keysV2.keys_v27.public_key, private_key: 'AAAA' }), /"private_key" is not standard base64 of 32 bytes/],
      ['mismatch.json', JSON.stringify({ public_key: keysV2.keys_v01.public_key, private_key: keysV2.keys_v27.private_key }), /its public key does not belong to its private key/],
    ]
    for (const [name, text, pattern] of cases) {
      const path = join(dir, name)
      if (text === null) await mkdir(path)
      else await writeFile(path, text)
      const run = await runCliInProcess(['decrypt', '--key', path, '--out', join(dir, 'out'), input])
      expect(run.code, name).toBe(1)
      const [first, second, ...rest] = run.stderr.trim().split('\n')
      expect(first, name).toMatch(pattern)
      expect(second?.startsWith('  ')).toBe(true)
      expect(rest).toEqual([])
      expect(run.stderr).not.toContain(keysV2.keys_v27.private_key)
    }
  })

  it('usage errors exit 2; NUMERBAY_KEY_PATH stands in for --key', async () => {
    await copySealedVectors(join(dir, 'in'))
    const input = join(dir, 'in', 'sealed_33.bin')
    const noKey = await runCliInProcess(['decrypt', '--out', join(dir, 'out'), input])
    expect(noKey.code).toBe(2)
    expect(noKey.stderr).toContain('--key FILE (or set NUMERBAY_KEY_PATH)')
    expect((await runCliInProcess(['decrypt', '--key', keyFile, input])).code).toBe(2)
    expect((await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'out')])).code).toBe(2)
    expect((await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'out'), '--bogus', input])).code).toBe(2)

    const viaEnv = await runCliInProcess(['decrypt', '--out', 'out-env', 'in/sealed_33.bin'], { cwd: dir, env: { NUMERBAY_KEY_PATH: 'numerbay.json' } })
    expect(viaEnv.code).toBe(0)
    expect(await sha(join(dir, 'out-env', 'sealed_33.bin'))).toBe(sealedIndex.files.find((f) => f.file === 'sealed_33.bin')!.plaintext_sha256)
  })

  it('an --out that is a file fails cleanly', async () => {
    await copySealedVectors(join(dir, 'in'))
    await writeFile(join(dir, 'not-a-folder'), 'x')
    const run = await runCliInProcess(['decrypt', '--key', keyFile, '--out', join(dir, 'not-a-folder'), join(dir, 'in')])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^error: --out is a file, not a folder/)
  })

  it('--help works on decrypt and the key commands', async () => {
    for (const argv of [['decrypt', '--help'], ['key', 'unlock', '--help'], ['key', 'new', '--help'], ['--help']]) {
      const run = await runCliInProcess(argv)
      expect(run.code, argv.join(' ')).toBe(0)
      expect(run.stdout).toContain('Usage: numerbay-desktop')
    }
  })
})

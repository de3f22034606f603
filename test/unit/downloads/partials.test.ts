// Partial downloads in a folder someone else can write to (issue 14): a planted `.numerbay-partial/<hash>.part`
// symbolic link (or `.part.hdr`) must never truncate, append to or overwrite the file it points at; partials
// are private (0600 in a 0700 folder); finished files get the user's normal mode (0666 less the umask).
import { lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { constants, closeSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateKeyPair } from '../../../src/main/crypto/key-pair'
import { FileSealedSink, headerSidecarPath, openSealedSink } from '../../../src/main/crypto/sealed-sink'
import { partialPathFor, PARTIAL_DIR_NAME } from '../../../src/main/downloads/paths'
import { openPlainSink } from '../../../src/main/downloads/sink'
import { ensurePrivateFolder, openNoFollow, openNoFollowSync } from '../../../src/main/fs/private-files'
import { sealWithLibsodium } from '../crypto/sealed-fixtures'

let dir: string
let outDir: string
let victim: string
const PRECIOUS = 'someone else\'s file: it must stay exactly as it is\n'

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partials-'))
  outDir = join(dir, 'downloads')
  victim = join(dir, 'victim.txt')
  await writeFile(victim, PRECIOUS)
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777

/** What another local user plants in a shared download folder: the partial name as a link to the victim. */
async function plant(name: string): Promise<string> {
  const partialPath = partialPathFor(outDir, 'order:' + 'a'.repeat(32))
  await mkdir(join(outDir, PARTIAL_DIR_NAME), { recursive: true })
  const path = name === 'part' ? partialPath : headerSidecarPath(partialPath)
  await symlink(victim, path)
  return partialPath
}

describe('a planted partial link', () => {
  it('does not let the sealed sink truncate the file it points at', async () => {
    const partialPath = await plant('part')
    const keyPair = generateKeyPair()
    await expect(openSealedSink({ keyPair, target: join(outDir, 'x.csv'), partialPath })).rejects.toMatchObject({ code: 'UNSAFE_PATH' })
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS)
  })

  it('does not let a resumed sealed partial write into the file it points at', async () => {
    const partialPath = await plant('part')
    // A header sidecar as a resumable partial has one: the sink would replay the "partial" and write after it.
    await writeFile(headerSidecarPath(partialPath), Buffer.alloc(48, 9))
    const keyPair = generateKeyPair()
    const sealed = await sealWithLibsodium(Buffer.alloc(1000, 1), keyPair.publicKey)
    const attempt = async (): Promise<void> => {
      const sink = await openSealedSink({ keyPair, target: join(outDir, 'x.csv'), partialPath })
      await sink.write(sealed.subarray(sink.resumeOffset))
      await sink.finish()
    }
    await expect(attempt()).rejects.toMatchObject({ code: 'UNSAFE_PATH' })
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS)
  })

  it('does not let the sealed sink write its header sidecar through a link', async () => {
    const keyPair = generateKeyPair()
    const partialPath = partialPathFor(outDir, 'order:' + 'b'.repeat(32))
    await mkdir(join(outDir, PARTIAL_DIR_NAME), { recursive: true })
    const sink = await FileSealedSink.open({ keyPair, target: join(outDir, 'y.csv'), partialPath })
    // Planted after the sink opened (it removes a stale sidecar first), before the header arrives.
    await symlink(victim, headerSidecarPath(partialPath))
    const sealed = await sealWithLibsodium(Buffer.alloc(1000, 2), keyPair.publicKey)
    // The sink records a failed write and reports it on the next call.
    await sink.write(sealed).catch(() => undefined)
    await expect(sink.finish()).rejects.toMatchObject({ code: 'UNSAFE_PATH' })
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS)
  })

  it('does not let the plain sink append to the file it points at', async () => {
    const partialPath = await plant('part')
    const attempt = async (): Promise<void> => {
      const sink = await openPlainSink({ target: join(outDir, 'open.csv'), partialPath })
      await sink.write(Buffer.from('appended by the download'))
      await sink.abort({ keepPartial: true })
    }
    await expect(attempt()).rejects.toMatchObject({ code: 'UNSAFE_PATH' })
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS)
  })

  it('is refused where the platform has no O_NOFOLLOW too (the check used on Windows)', async () => {
    const link = join(dir, 'link')
    await symlink(victim, link)
    await expect(openNoFollow(link, constants.O_RDWR | constants.O_TRUNC, 0o600, { noFollowFlag: 0 })).rejects.toMatchObject({ code: 'UNSAFE_PATH' })
    expect(() => openNoFollowSync(link, constants.O_WRONLY | constants.O_TRUNC, 0o600, { noFollowFlag: 0 })).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }))
    expect(await readFile(victim, 'utf8')).toBe(PRECIOUS)
    // A regular file opens, and is truncated only after the check.
    const regular = join(dir, 'regular')
    await writeFile(regular, 'old')
    const handle = await openNoFollow(regular, constants.O_RDWR | constants.O_TRUNC, 0o600, { noFollowFlag: 0 })
    expect((await handle.stat()).size).toBe(0)
    await handle.close()
    const fd = openNoFollowSync(join(dir, 'fresh'), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600, { noFollowFlag: 0 })
    writeSync(fd, 'x')
    closeSync(fd)
    expect(await readFile(join(dir, 'fresh'), 'utf8')).toBe('x')
  })
})

describe('the partial folder', () => {
  it('is created 0700, and an existing one is narrowed to 0700', async () => {
    const fresh = join(outDir, PARTIAL_DIR_NAME)
    await ensurePrivateFolder(fresh)
    expect(await modeOf(fresh)).toBe(0o700)
    const older = join(dir, 'other', PARTIAL_DIR_NAME)
    await mkdir(older, { recursive: true, mode: 0o755 })
    await ensurePrivateFolder(older)
    expect(await modeOf(older)).toBe(0o700)
  })

  it('must not be a link (to a folder somewhere else), whether or not the platform has O_NOFOLLOW', async () => {
    const elsewhere = join(dir, 'elsewhere')
    await mkdir(elsewhere, { mode: 0o755 })
    await mkdir(outDir)
    await symlink(elsewhere, join(outDir, PARTIAL_DIR_NAME))
    for (const noFollowFlag of [undefined, 0]) {
      await expect(ensurePrivateFolder(join(outDir, PARTIAL_DIR_NAME), noFollowFlag === undefined ? {} : { noFollowFlag })).rejects.toMatchObject({ code: 'UNSAFE_PATH' })
    }
    expect(await modeOf(elsewhere)).toBe(0o755)
  })

  it('is made private by the sinks themselves, and partials are 0600 while they download', async () => {
    const plainPartial = partialPathFor(outDir, 'product:1:1')
    const plain = await openPlainSink({ target: join(outDir, 'open.csv'), partialPath: plainPartial })
    await plain.write(Buffer.from('partial data'))
    expect(await modeOf(join(outDir, PARTIAL_DIR_NAME))).toBe(0o700)
    expect(await modeOf(plainPartial)).toBe(0o600)
    await plain.abort({ keepPartial: true })

    const keyPair = generateKeyPair()
    const sealedPartial = partialPathFor(outDir, 'order:' + 'c'.repeat(32))
    const sink = await openSealedSink({ keyPair, target: join(outDir, 'sealed.csv'), partialPath: sealedPartial })
    const sealed = await sealWithLibsodium(Buffer.alloc(5000, 3), keyPair.publicKey)
    await sink.write(sealed.subarray(0, 3000))
    expect(await modeOf(sealedPartial)).toBe(0o600)
    expect(await modeOf(headerSidecarPath(sealedPartial))).toBe(0o600)
    await sink.abort({ keepPartial: true })
  })
})

describe('finished files', () => {
  it('follow the user\'s umask, like any new file', async () => {
    const previous = process.umask(0o027)
    try {
      const plain = await openPlainSink({ target: join(outDir, 'open.csv'), partialPath: partialPathFor(outDir, 'product:1:2') })
      await plain.write(Buffer.from('data'))
      await plain.finish()
      expect(await modeOf(join(outDir, 'open.csv'))).toBe(0o640)

      const keyPair = generateKeyPair()
      const sink = await openSealedSink({ keyPair, target: join(outDir, 'sealed.csv'), partialPath: partialPathFor(outDir, 'order:' + 'd'.repeat(32)) })
      await sink.write(await sealWithLibsodium(Buffer.alloc(100, 4), keyPair.publicKey))
      await sink.finish()
      expect(await modeOf(join(outDir, 'sealed.csv'))).toBe(0o640)
      expect((await lstat(join(outDir, 'sealed.csv'))).isFile()).toBe(true)
    } finally {
      process.umask(previous)
    }
  })
})

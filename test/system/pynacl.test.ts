// Cross-checks against PyNaCl (libsodium through Python, what the NumerBay Python client and sellers' tools
// use), run in a real Python process: files PyNaCl seals open with our streaming decryption, and files the
// demo server seals with its streaming sealer open with PyNaCl's SealedBox.
import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptSealedFile, generateKeyPair, toBase64 } from '../../src/main/crypto'
import { sealStreamToFile } from '../../src/demo-server/seal-stream'
import { pythonPath } from '../helpers/system-deps'

const SEAL = `
import sys, base64
from nacl.public import PublicKey, SealedBox
key = PublicKey(base64.b64decode(sys.argv[1]))
data = open(sys.argv[2], 'rb').read()
open(sys.argv[3], 'wb').write(SealedBox(key).encrypt(data))
`

const OPEN = `
import sys, base64, hashlib
from nacl.public import PrivateKey, SealedBox
key = PrivateKey(base64.b64decode(sys.stdin.readline().strip()))
plain = SealedBox(key).decrypt(open(sys.argv[1], 'rb').read())
print(hashlib.sha256(plain).hexdigest())
`

function python(script: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(pythonPath(), ['-c', script, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout.trim())))
    child.stdin?.end(input ?? '')
  })
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe('PyNaCl cross-checks', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'numerbay-pynacl-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  for (const size of [0, 1, 65_537, 3 * 1024 * 1024 + 5]) {
    it(`a ${size}-byte file sealed by PyNaCl opens with our streaming decryption`, async () => {
      const pair = generateKeyPair()
      const plain = randomBytes(size)
      await writeFile(join(dir, `plain-${size}`), plain)
      await python(SEAL, [toBase64(pair.publicKey), join(dir, `plain-${size}`), join(dir, `sealed-${size}`)])
      const result = await decryptSealedFile({ keyPair: pair, input: join(dir, `sealed-${size}`), target: join(dir, `opened-${size}`), sha256: true })
      expect(result.sha256).toBe(sha256(plain))
      expect(sha256(await readFile(join(dir, `opened-${size}`)))).toBe(sha256(plain))
    })
  }

  it('a file the demo server seals (streaming) opens with PyNaCl', async () => {
    const pair = generateKeyPair()
    const plain = randomBytes(2 * 1024 * 1024 + 3)
    const sealed = join(dir, 'demo-sealed')
    await sealStreamToFile(pair.publicKey, Readable.from([plain.subarray(0, 1000), plain.subarray(1000)]), sealed)
    // The private key goes over stdin, never on a command line other processes can read.
    expect(await python(OPEN, [sealed], `${toBase64(pair.privateKey)}\n`)).toBe(sha256(plain))
  })

  it('PyNaCl refuses a tampered file, and so do we', async () => {
    const pair = generateKeyPair()
    await writeFile(join(dir, 'plain-t'), randomBytes(1000))
    await python(SEAL, [toBase64(pair.publicKey), join(dir, 'plain-t'), join(dir, 'sealed-t')])
    const bytes = await readFile(join(dir, 'sealed-t'))
    bytes[bytes.length - 1]! ^= 1
    await writeFile(join(dir, 'sealed-t'), bytes)
    await expect(python(OPEN, [join(dir, 'sealed-t')], `${toBase64(pair.privateKey)}\n`)).rejects.toThrow(/CryptoError|Decryption failed/)
    await expect(decryptSealedFile({ keyPair: pair, input: join(dir, 'sealed-t'), target: join(dir, 'opened-t') })).rejects.toMatchObject({ code: expect.any(String) })
  })
})

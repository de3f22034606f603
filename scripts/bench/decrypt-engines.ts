// One decryption per process, for `npm run bench:decrypt` (bundled by scripts/bench/decrypt.ts into out/bench).
// Usage: node decrypt-engines.mjs <engine> <key file> <sealed input> <output>
//   engine: sink (this project's engine, in-process) | sink-sha256 (plus the plaintext's SHA-256)
//           | pool (the engine on a worker thread, with SHA-256, as the app's downloads use it)
//           | tweetnacl (the web app's path: whole file in memory) | libsodium (libsodium-wrappers, one shot)
// Engines load their libraries on demand, so each process pays only for its own (libsodium's WASM start-up
// alone would add a third of a second to every other engine).
import { readFile, writeFile } from 'node:fs/promises'
import { readKeyFile } from '../../src/main/crypto/key-file'
import type { KeyPair } from '../../src/main/crypto/key-pair'

type Engine = (keyPair: KeyPair, input: string, output: string) => Promise<void>

/** tweetnacl-sealedbox-js, as numerbay.ai uses it: nonce = BLAKE2b-24(epk ‖ pk), then nacl.box.open. */
const tweetnacl: Engine = async (keyPair, input, output) => {
  const { blake2b } = await import('@noble/hashes/blake2.js')
  const { default: nacl } = await import('tweetnacl')
  const sealed = new Uint8Array(await readFile(input))
  const epk = sealed.subarray(0, 32)
  const nonce = blake2b(new Uint8Array([...epk, ...keyPair.publicKey]), { dkLen: 24 })
  const plain = nacl.box.open(sealed.subarray(32), nonce, epk, keyPair.privateKey)
  if (!plain) throw new Error('tweetnacl: authentication failed')
  await writeFile(output, plain)
}

const libsodium: Engine = async (keyPair, input, output) => {
  const { default: sodium } = await import('libsodium-wrappers')
  await sodium.ready
  const sealed = new Uint8Array(await readFile(input))
  await writeFile(output, sodium.crypto_box_seal_open(sealed, keyPair.publicKey, keyPair.privateKey))
}

/** As `numerbay-desktop decrypt` runs it: authenticated decryption, no plaintext hash. */
const sink: Engine = async (keyPair, input, target) => {
  const { decryptSealedFile } = await import('../../src/main/crypto/sealed-file')
  await decryptSealedFile({ keyPair, input, target, sha256: false })
}

/** As downloads use it: the plaintext's SHA-256 computed on the fly as well. */
const sinkSha256: Engine = async (keyPair, input, target) => {
  const { decryptSealedFile } = await import('../../src/main/crypto/sealed-file')
  await decryptSealedFile({ keyPair, input, target })
}

const pool: Engine = async (keyPair, input, target) => {
  const { DecryptPool } = await import('../../src/main/workers/decrypt-pool')
  const workers = new DecryptPool({ size: 1 })
  try {
    await workers.decryptFile({ keyPair, input, target })
  } finally {
    await workers.close()
  }
}

const engines: Record<string, Engine> = { sink, 'sink-sha256': sinkSha256, pool, tweetnacl, libsodium }

const [name, keyPath, input, output] = process.argv.slice(2)
const engine = name ? engines[name] : undefined
if (!engine || !keyPath || !input || !output) {
  process.stderr.write(`usage: decrypt-engines <${Object.keys(engines).join('|')}> KEY INPUT OUTPUT\n`)
  process.exit(2)
}
await engine(await readKeyFile(keyPath), input, output)

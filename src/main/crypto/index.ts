/**
 * Key material and sealed files: the v2 key scheme (salt message, storage key = keccak256 of the wallet's
 * signature, wrap and unwrap), the numerbay.json key file, and libsodium sealed boxes opened as streams.
 *
 * A sealed file is `ephemeral public key (32) ‖ Poly1305 tag (16) ‖ XSalsa20 ciphertext`: crypto_box_seal over
 * the whole file, with no chunking and no length field. It is opened byte-compatibly with crypto_box_seal_open,
 * in constant memory: the nonce is BLAKE2b-24(ephemeral key ‖ our public key), the box key HSalsa20 of the X25519
 * shared secret (crypto_box_beforenm), and the first 32 keystream bytes are the Poly1305 key; each 1 MiB chunk is
 * fed to Poly1305, then decrypted in place and written. The single tag covers everything, so plaintext goes to a
 * temp file and gets its final name only after the last byte and a constant-time tag check (never over an
 * existing file unless asked); any failure deletes it.
 *
 * - `SealedBoxOpener`: the incremental open, for callers that own their bytes.
 * - `openSealedSink({ keyPair, target, partialPath?, overwrite?, sha256? })` → `resumeOffset`, `write`, `finish`
 *   → `{ path, plaintextBytes, sha256 }`, `abort({ keepPartial })`. With `partialPath` the sink resumes: the
 *   48-byte header waits in a `<partial>.hdr` sidecar, and a later run re-encrypts the partial with the same
 *   keystream to rebuild the Poly1305 (and SHA-256) state, then asks for the rest with a Range request.
 * - `decryptSealedFile({ keyPair, input: path | stream, target, overwrite?, sha256?, onProgress?, signal? })`:
 *   offline decryption of one file; reads are issued ahead through a ring of four buffers, so reading,
 *   decrypting and writing overlap.
 * - The same engine on worker threads is `DecryptPool` (src/main/workers/decrypt-pool.ts): `openSink`,
 *   `openPlainSink`, `decryptFile`, `warm`, `close`; errors keep their codes across the thread boundary.
 *
 * Everything is checked against the PyNaCl vectors in test/fixtures/vectors/sealed/ and against libsodium on
 * random sizes and random chunk splits. Speed and memory: docs/contributing/benchmarks.md.
 */

export * from './key-pair'
export * from './key-scheme'
export * from './key-file'
export * from './sealed-stream'
export * from './sealed-sink'
export * from './sealed-file'

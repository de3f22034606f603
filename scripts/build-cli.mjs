// Bundles the CLI (and its decryption worker) into out/cli so `numerbay-desktop` runs with plain Node.
// Runs on `npm ci` (prepare); node_modules stay external, so native addons load from there.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/cli/index.ts', 'decrypt-worker': 'src/main/crypto/decrypt-worker.ts' },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Split dynamic imports into chunks: commands load their libraries only when they run.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})

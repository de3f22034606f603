// Bundles the CLI (and its decryption worker) into out/cli so `numerbay-desktop` runs with plain Node.
// Runs on `npm ci` (prepare); native addons and the WalletConnect stack stay in node_modules (see EXTERNAL).
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Packages loaded from node_modules at run time: native addons (and what wraps them), and the WalletConnect
 * stack (large, loaded only for a WalletConnect signer). Everything else, pure JavaScript, is bundled: resolving
 * and loading hundreds of small ES modules at start-up cost more than the rest of the CLI's start (measured).
 */
const EXTERNAL = ['require-addon', '@node-rs/*', 'node-hid', 'usb', '@ledgerhq/*', '@walletconnect/*', 'ws', 'bufferutil', 'utf-8-validate', 'electron']

/**
 * sodium-native's JavaScript is bundled, but its addon is loaded straight from its prebuild: the package finds it
 * through require-addon, whose resolver modules cost about 25 ms of CPU and 7 MiB in every thread that loads
 * libsodium (the CLI's main thread and each decrypt worker; measured). Anything but a plain prebuild for this
 * platform (another layout, a local build) goes through require-addon as before.
 */
const sodiumAddon = {
  name: 'sodium-native-addon',
  setup(build) {
    build.onResolve({ filter: /^\.\/binding(\.js)?$/ }, (args) =>
      /[\\/]sodium-native[\\/]index\.js$/.test(args.importer) ? { path: 'sodium-native-binding', namespace: 'sodium-addon' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'sodium-addon' }, () => ({
      loader: 'js',
      resolveDir: root,
      contents: `
        const { dirname, join } = require('node:path')
        const { existsSync } = require('node:fs')
        const packageDir = dirname(require.resolve('sodium-native/package.json'))
        const prebuild = join(packageDir, 'prebuilds', process.platform + '-' + process.arch, 'sodium-native.node')
        module.exports = existsSync(prebuild) ? require(prebuild) : require('require-addon')('.', join(packageDir, 'binding.js'))
      `,
    }))
  },
}

await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/cli/index.ts', 'decrypt-worker': 'src/main/workers/decrypt-worker.ts' },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Split dynamic imports into chunks: commands load their libraries only when they run.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: EXTERNAL,
  plugins: [sodiumAddon],
  // Bundled CommonJS packages (commander, qrcode, …) call require() for Node built-ins; ES modules have none.
  banner: { js: "import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
})

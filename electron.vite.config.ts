import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

/**
 * electron-vite's ESM shim declares a top-level `require` in every main chunk that uses CommonJS syntax. A
 * module that declares its own top-level `const require = createRequire(import.meta.url)` would then make the
 * bundle a SyntaxError ("Identifier 'require' has already been declared"). Rename that module's binding.
 */
function renameModuleRequire(): Plugin {
  const declaration = /^(?:const|let|var) require = createRequire\(/m
  return {
    name: 'numerbay:rename-module-require',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.ts') || !declaration.test(code)) return null
      return { code: code.replace(/\brequire\b/g, 'moduleRequire'), map: null }
    },
  }
}

export default defineConfig({
  main: {
    plugins: [renameModuleRequire()],
    build: {
      // Native addons (node-hid, sodium-native) and WalletConnect's dynamic requires must stay external.
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          'decrypt-worker': resolve(root, 'src/main/crypto/decrypt-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() node_modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    resolve: {
      alias: { '@renderer': resolve(root, 'src/renderer/src'), '@shared': resolve(root, 'src/shared') },
    },
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
  },
})

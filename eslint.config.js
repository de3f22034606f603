import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

// Bare builtin names go in `paths` (exact match); a pattern like 'crypto' would also match './crypto'.
const bareBuiltins = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'net', 'http', 'https', 'stream']
const builtinPaths = bareBuiltins.map((name) => ({ name, message: 'No Node APIs here.' }))

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the Electron glue may import electron: everything else must run under plain Node (CLI, tests).
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/app and src/preload import electron.' }] }],
    },
  },
  {
    files: ['src/main/app/**', 'src/preload/**', 'test/unit/app/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through the preload API.' }, ...builtinPaths],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node APIs.' },
            { group: ['**/main/**', '**/cli/**', '**/demo-server/**'], message: 'The renderer imports only src/shared and its own code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/shared imports no Electron.' }, ...builtinPaths],
          patterns: [{ group: ['node:*'], message: 'src/shared imports no Node APIs.' }],
        },
      ],
    },
  },
)

import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

// Which module may import which (layers, cycles, electron only in the glue, no Node in the renderer) is
// checked by dependency-cruiser (.dependency-cruiser.cjs), the second half of `npm run lint`.
export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
)

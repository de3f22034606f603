import { defineConfig } from 'vitest/config'

/**
 * The Electron tier (`npm run test:electron`, through scripts/test-electron.mjs, which checks that the Electron
 * binary exists first). One app at a time: each test file launches the real app.
 */
export default defineConfig({
  test: {
    name: 'electron',
    include: ['test/electron/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NUMERBAY_LOG_LEVEL: 'silent' },
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
})

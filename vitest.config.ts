import { defineConfig } from 'vitest/config'
import { missingDependenciesLine, missingSystemDependencies, type MissingDependency } from './test/helpers/system-deps.ts'

/**
 * Three tiers (vitest projects), all run by `npm test`; one alone with `npx vitest run --project <name>`:
 * - unit: plain code, fakes, no servers;
 * - integration: the demo server, the Ledger emulator, the local WalletConnect relay, child processes;
 * - system: what needs the machine's own software (scripts/setup.sh installs it): Chromium for the
 *   end-to-end tests, node-hid's native library (libusb-1.0 on Linux), Python 3 with PyNaCl.
 * When the system tier's dependencies are missing, the tier is a single failing check with one line that names
 * the set-up command, instead of every test failing with its own stack trace.
 */
const SYSTEM_TESTS = ['test/system/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/integration/preview/bundle.test.ts']
const MISSING_DEPENDENCIES_CHECK = 'test/helpers/missing-system-dependencies.check.ts'

// The config is loaded once per project: probe once per process (a Python start and a native load).
process.env.NUMERBAY_SYSTEM_DEPS_PROBED ??= JSON.stringify(missingSystemDependencies())
const missing = JSON.parse(process.env.NUMERBAY_SYSTEM_DEPS_PROBED) as MissingDependency[]

export default defineConfig({
  test: {
    environment: 'node',
    // No log files from tests, unless a test asks for a level.
    env: { NUMERBAY_LOG_LEVEL: 'silent' },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and end-to-end tests start servers and child processes; two cores on CI.
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], exclude: SYSTEM_TESTS } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], exclude: SYSTEM_TESTS } },
      {
        extends: true,
        test: {
          name: 'system',
          include: missing.length === 0 ? SYSTEM_TESTS : [MISSING_DEPENDENCIES_CHECK],
          provide: { missingSystemDependencies: missing.length === 0 ? '' : missingDependenciesLine(missing) },
        },
      },
    ],
  },
})

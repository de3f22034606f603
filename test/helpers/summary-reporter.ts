import type { Reporter, TestModule } from 'vitest/node'

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", which CI tooling that does not know vitest's
 * own summary can read.
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const count = { passed: 0, failed: 0, skipped: 0 }
    for (const module of testModules) {
      let testFailed = false
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') count.passed++
        else if (state === 'failed') {
          count.failed++
          testFailed = true
        } else count.skipped++
      }
      // A file that failed to load, or whose beforeAll failed (its tests then show as skipped), is a failure all
      // the same: a run must never close on "0 failed" with a broken file.
      if (module.state() === 'failed' && !testFailed) count.failed++
    }
    count.failed += unhandledErrors.length
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`)
  }
}

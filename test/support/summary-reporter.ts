import type { Reporter, TestModule } from 'vitest/node';

/** Prints the plain closing line CI reads (`N passed, N failed`), which vitest's own summary is not. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tally = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') tally.passed++;
        else if (state === 'failed') tally.failed++;
        else tally.skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) tally.failed++;
    }
    process.stdout.write(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped\n`);
  }
}

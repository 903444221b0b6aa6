// Adds up the Jest, vitest and Playwright JSON reports given as arguments (a
// missing file counts as nothing run) and prints
// "tests: N passed, N failed, N skipped".
// Exits 1 when a test failed or when no test ran at all.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
let skipped = 0;

for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) continue;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // Jest, and vitest's Jest-compatible JSON reporter.
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    // A test file that failed without a failing test (it did not load, or a
    // hook threw) counts as one failure.
    for (const suite of report.testResults ?? []) {
      const failedTests = (suite.assertionResults ?? []).filter(
        test => test.status === 'failed',
      );
      if (suite.status === 'failed' && failedTests.length === 0) failed += 1;
    }
  } else if (report.stats) {
    // Playwright: "flaky" passed on retry.
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
  }
}

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

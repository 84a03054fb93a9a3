// Adds up the JSON reports the test runners wrote into one directory (Jest's `--json
// --outputFile`, Playwright's json reporter), and prints them as one closing line.
// Usage: node scripts/sum-test-results.mjs <directory>
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Jest counts skipped tests as pending. A file whose run failed outside any test (it did not
 * compile, a beforeAll or afterAll threw) counts as one failure more, so that a red run never
 * adds up to "0 failed".
 */
function fromJest(report) {
  const failedOutsideTests = report.testResults.filter(
    (file) =>
      file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + failedOutsideTests,
    skipped: report.numPendingTests,
  };
}

/**
 * Playwright sorts tests by outcome: `flaky` ones passed in the end (on a retry), and the
 * run's own errors (a worker fixture that failed, say) count as failures.
 */
function fromPlaywright(report) {
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected + report.errors.length,
    skipped: report.stats.skipped,
  };
}

const directory = process.argv[2];
const files = readdirSync(directory).filter((name) => name.endsWith('.json'));
if (files.length === 0) {
  console.error(`\nNo test reports in ${directory}: no test runner finished.`);
  process.exit(1);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const name of files.sort()) {
  const report = JSON.parse(readFileSync(path.join(directory, name), 'utf8'));
  const counts = 'numTotalTests' in report ? fromJest(report) : fromPlaywright(report);
  for (const kind of Object.keys(totals)) totals[kind] += counts[kind];
}

console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);

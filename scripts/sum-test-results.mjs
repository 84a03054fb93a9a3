// Adds up the counts that Jest ("Tests: 1 failed, 23 passed, 24 total") and Playwright
// ("23 passed (1.2m)", "1 failed") printed into one log, and prints them as one closing line.
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const totals = { passed: 0, failed: 0, skipped: 0 };

for (const line of text.split('\n')) {
  const jest = /^Tests:\s+(.*)$/.exec(line.trim());
  if (jest) {
    for (const [, count, kind] of jest[1].matchAll(/(\d+) (passed|failed|skipped)/g)) {
      totals[kind] += Number(count);
    }
    continue;
  }
  const playwright = /^\s*(\d+) (passed|failed|skipped)(?: \(.*\))?$/.exec(line);
  if (playwright) totals[playwright[2]] += Number(playwright[1]);
}

console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);

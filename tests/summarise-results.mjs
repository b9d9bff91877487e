// Prints CI's summary from the JSON reports that `npm test` leaves: one line per browser for the end-to-end tests
// (the outermost describe of every e2e test names its browser), then the plain closing line, "tests: N passed,
// N failed", over everything.
import { existsSync, readFileSync } from 'node:fs';

const BROWSERS = ['chromium', 'firefox'];
const total = { passed: 0, failed: 0, skipped: 0 };
const perBrowser = Object.fromEntries(BROWSERS.map((name) => [name, { passed: 0, failed: 0, skipped: 0 }]));

const bucket = (status) => (status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'skipped');
for (const file of ['test-results/unit.json', 'test-results/e2e.json']) {
  if (!existsSync(file)) {
    console.error(`missing ${file}: did every test step run?`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (!file.endsWith('e2e.json')) continue;
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      // Files that test a Chromium-only concern (security.e2e.ts, store.e2e.ts, hostileFeeds.e2e.ts) drive Playwright
      // directly, outside a browser's describe block: they run in Chromium.
      const chromiumOnly = /(security|store|hostileFeeds)\.e2e\.ts$/.test(suite.name);
      const browser = perBrowser[test.ancestorTitles[0]]
        ? test.ancestorTitles[0]
        : chromiumOnly
          ? 'chromium'
          : undefined;
      if (!perBrowser[browser]) {
        console.error(
          `e2e test outside a browser's describe block: ${[...test.ancestorTitles, test.title].join(' > ')}`,
        );
        process.exit(1);
      }
      perBrowser[browser][bucket(test.status)]++;
    }
  }
}

const counts = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
for (const browser of BROWSERS) console.log(`e2e ${browser}: ${counts(perBrowser[browser])}`);
// A browser that ran nothing is a failure, not a pass: CI must test both.
const missing = BROWSERS.filter((browser) => perBrowser[browser].passed + perBrowser[browser].failed === 0);
if (missing.length) console.error(`no end-to-end test ran in ${missing.join(' and ')}`);
console.log(`tests: ${counts(total)}`);
process.exit(total.failed || !total.passed || missing.length ? 1 : 0);

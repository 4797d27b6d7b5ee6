// Prints the one closing line CI reads, "N passed, N failed", from Vitest's JSON report plus
// the outcome of the other checks (each failed check counts as one failure).
// Usage: node scripts/test-summary.mjs <vitest-json> [failed-check-name ...]
import { readFileSync, existsSync } from 'node:fs';

const [file, ...failedChecks] = process.argv.slice(2);
let passed = 0;
let failed = failedChecks.length;
if (file && existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A file that failed without a failing test (it did not load, or a hook threw) counts once.
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) failed += 1;
  }
  if ((report.numTotalTests ?? 0) === 0) failed += 1;
} else {
  failed += 1;
  console.error(`no test report at ${file}`);
}
for (const name of failedChecks) console.error(`failed check: ${name}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

// Counts Vitest's JSON report, and (run as a script) prints the one closing line CI reads,
// "N passed, N failed", adding each failed check (type-check, lint, ...) as one failure.
// Usage: node scripts/test-summary.mjs <vitest-json> [failed-check-name ...]
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Passed and failed tests in a Vitest JSON report; a missing or empty report is one failure.
 * @param {string | undefined} file
 * @returns {{ passed: number, failed: number }}
 */
export function countReport(file) {
  if (!file || !existsSync(file)) {
    console.error(`no test report at ${file}`);
    return { passed: 0, failed: 1 };
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  // A file that failed without a failing test (it did not load, or a hook threw) counts once.
  for (const result of report.testResults ?? []) {
    const failedTests = (result.assertionResults ?? []).filter(
      (/** @type {{ status: string }} */ t) => t.status === 'failed',
    ).length;
    if (result.status === 'failed' && failedTests === 0) failed += 1;
  }
  if ((report.numTotalTests ?? 0) === 0) failed += 1;
  return { passed, failed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ...failedChecks] = process.argv.slice(2);
  const { passed, failed } = countReport(file);
  for (const name of failedChecks) console.error(`failed check: ${name}`);
  const total = failed + failedChecks.length;
  console.log(`${passed} passed, ${total} failed`);
  process.exit(total > 0 ? 1 : 0);
}

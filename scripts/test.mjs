// `npm test`: every suite (unit, cli, e2e) in one Vitest run, then one summary line.
// Makes sure the browser the e2e suite drives is there first (scripts/ensure-chromium.mjs), writes
// Vitest's JSON report to .vitest-results/results.json (CI reads it to add its own checks) and
// exits non-zero on any failure. Extra arguments go to Vitest (e.g. `npm test -- --project unit`).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { countReport } from './test-summary.mjs';

const REPORT = '.vitest-results/results.json';
/** @param {string} cmd @param {string[]} args */
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false });

if (run(process.execPath, ['scripts/ensure-chromium.mjs']).status !== 0) process.exit(1);
rmSync('.vitest-results', { recursive: true, force: true });
const vitest = run(process.execPath, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${REPORT}`,
  ...process.argv.slice(2),
]);
const { passed, failed } = countReport(REPORT);
console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(vitest.status === 0 && failed === 0 ? 0 : 1);

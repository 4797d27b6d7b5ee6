// The repository stands alone: nothing under src/, test/, scripts/ or bench/ may read or mention
// the team's folder beside the repository (its data lives in data/, see data/README.md). Prints
// every offending file and line and exits 1; exits 0 when there is none.
// Usage: node scripts/check-standalone.mjs [repository root, default: this repository]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIRS = ['src', 'test', 'scripts', 'bench'];
// Written without the literal so that this file does not match itself: two dots, a slash or
// backslash, then the folder name.
const NAME = ['sh', 'ared'].join('');
const PATTERN = new RegExp(`\\.\\.[\\\\/]+${NAME}`);

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));

/**
 * Every file under `dir`, depth first, in name order.
 * @param {string} dir
 * @returns {Generator<string>}
 */
function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** @type {string[]} */
const offences = [];
let scanned = 0;
for (const dir of DIRS.map((d) => join(root, d)).filter((d) => existsSync(d))) {
  for (const path of files(dir)) {
    scanned += 1;
    const text = readFileSync(path, 'utf8');
    text.split('\n').forEach((line, i) => {
      if (PATTERN.test(line)) offences.push(`${relative(root, path)}:${i + 1}: ${line.trim()}`);
    });
  }
}

if (offences.length > 0) {
  console.error(
    `check-standalone: ${offences.length} line(s) under ${DIRS.join('/, ')}/ refer to ../${NAME} (use the repository's data/ instead):`,
  );
  for (const o of offences) console.error(`  ${o}`);
  process.exit(1);
}
console.log(`check-standalone: ${scanned} files under ${DIRS.join('/, ')}/, none refers to ../${NAME}`);

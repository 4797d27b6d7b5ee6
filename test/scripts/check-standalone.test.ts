/** scripts/check-standalone.mjs fails on any mention of the folder beside the repository, and only then. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/check-standalone.mjs', import.meta.url));
// Built from parts so that this file itself passes the check.
const OUTSIDE = ['..', 'shared'].join('/');

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'standalone-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const check = (root: string) => spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });

describe('check-standalone', () => {
  it('passes a tree that reads only its own data', () => {
    const r = check(
      tree({
        'src/a.ts': "const x = 'data/bbq';\n",
        'test/b.test.ts': "new URL('../data', import.meta.url);\n",
        'data/README.md': `${OUTSIDE} is fine here\n`,
      }),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2 files/);
  });

  it('fails naming every offending file and line, in code and in prose, with either slash', () => {
    const r = check(
      tree({
        'src/ok.ts': 'export {};\n',
        'src/lib/x/README.md': `line one\nsee ${OUTSIDE}/docs/the-spec.md\n`,
        'test/deep/a.test.ts': `const d = '../../../${OUTSIDE.slice(3)}/datasets';\n`,
        'scripts/s.mjs': `// ${OUTSIDE.replace('/', '\\')}\n`,
        'bench/b.ts': `join(repo, '${OUTSIDE}/datasets');\n`,
        'docs/ignored.md': `${OUTSIDE}\n`,
      }),
    );
    expect(r.status).toBe(1);
    const lines = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.trim().split(':').slice(0, 2).join(':'));
    expect(lines.sort()).toEqual(['bench/b.ts:1', 'scripts/s.mjs:1', 'src/lib/x/README.md:2', 'test/deep/a.test.ts:1']);
  });
});

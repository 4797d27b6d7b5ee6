/**
 * The folder-cycle check of `npm run lint` (scripts/check-folders.mjs): it fails, naming the
 * cycle and an import on each edge, when two folders import each other (directly or around a
 * longer loop, type imports too), and passes a tree whose imports point one way, and src/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/check-folders.mjs');
const trees: string[] = [];

/** A temporary src/ tree from path → content. */
function tree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-folders-'));
  trees.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function check(dir: string): { code: number; output: string } {
  try {
    const out = execFileSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, output: out };
  } catch (e) {
    const failure = e as { status: number; stdout: string; stderr: string };
    return { code: failure.status, output: failure.stdout + failure.stderr };
  }
}

afterEach(() => {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('check-folders', () => {
  it('fails on two lib folders that import each other, and names the cycle and its imports', () => {
    const dir = tree({
      'lib/core/ids.ts': 'export const A = 1;\n',
      'lib/stats/x.ts': "import { y } from '../runner/y';\nexport const x = y;\n",
      'lib/runner/y.ts': "import type { Z } from '../stats/z';\nexport const y = 1;\nexport type W = Z;\n",
      'lib/stats/z.ts': 'export type Z = number;\n',
    });
    const { code, output } = check(dir);
    expect(code).toBe(1);
    expect(output).toContain('folder cycle lib/runner ⇄ lib/stats');
    expect(output).toContain("lib/stats/x.ts imports '../runner/y'");
    expect(output).toContain("lib/runner/y.ts imports '../stats/z'");
  });

  it('fails on a longer loop through the app folders (state → ui → views → state)', () => {
    const dir = tree({
      'state/a.svelte.ts': "import { b } from '../ui/b';\nexport const a = b;\n",
      'ui/b.ts': "export { c as b } from '../views/c';\n",
      'views/c.ts': "import { a } from '../state/a.svelte';\nexport const c = () => a;\n",
    });
    const { code, output } = check(dir);
    expect(code).toBe(1);
    expect(output).toContain('folder cycle state ⇄ ui ⇄ views');
  });

  it('passes imports that point one way, including dynamic imports and workers', () => {
    const dir = tree({
      'main.ts':
        "import './views/v';\nconst w = new Worker(new URL('./lib/results/worker.ts', import.meta.url));\nexport { w };\n",
      'views/v.ts': "export const v = () => import('../lib/charts/c');\n",
      'lib/charts/c.ts': "import { A } from '../core/ids';\nexport const c = A;\n",
      'lib/results/worker.ts': "import { A } from '../core/ids';\nexport const r = A;\n",
      'lib/core/ids.ts': 'export const A = 1;\n',
    });
    expect(check(dir)).toEqual({ code: 0, output: expect.stringContaining('no cycle') });
  });

  it('passes on src/', () => {
    expect(check(join(ROOT, 'src')).code).toBe(0);
  });
});

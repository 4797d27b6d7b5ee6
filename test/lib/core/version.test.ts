import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCommit, nodeGitRunner, readCommit, shortCommit, type GitRunner } from '../../../src/lib/core/build-info';
import { APP_COMMIT, APP_VERSION } from '../../../src/lib/core/version';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SHA = '0123456789abcdef0123456789abcdef01234567';

/** A git that answers from a table (or fails for commands it does not know). */
function scripted(answers: Readonly<Record<string, string>>): GitRunner {
  return (args) => {
    const out = answers[args.join(' ')];
    return out === undefined ? { kind: 'failed', reason: `no answer for ${args.join(' ')}` } : { kind: 'ok', out };
  };
}

/** git run directly, independently of the code under test; null when it cannot run here. */
function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return null;
  }
}

describe('app version and commit in Node', () => {
  it('takes the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
    expect(APP_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('takes the commit from git (full SHA-1, -dirty with uncommitted changes to tracked files), else null', () => {
    const head = git(['rev-parse', 'HEAD'])?.trim() ?? null;
    if (head === null) {
      expect(APP_COMMIT).toBeNull();
      return;
    }
    const dirty = (git(['status', '--porcelain', '--untracked-files=no']) ?? '').trim() !== '';
    expect(APP_COMMIT).toBe(dirty ? `${head}-dirty` : head);
  });
});

describe('readCommit', () => {
  it('reads HEAD and marks uncommitted changes', () => {
    const clean = readCommit(scripted({ 'rev-parse HEAD': `${SHA}\n`, 'status --porcelain --untracked-files=no': '' }));
    expect(clean).toEqual({ commit: SHA, dirty: false });
    expect(formatCommit(clean)).toBe(SHA);
    const dirty = readCommit(
      scripted({ 'rev-parse HEAD': `${SHA}\n`, 'status --porcelain --untracked-files=no': ' M src/x.ts\n' }),
    );
    expect(formatCommit(dirty)).toBe(`${SHA}-dirty`);
  });

  it('keeps the commit without a mark when the status cannot be read', () => {
    expect(formatCommit(readCommit(scripted({ 'rev-parse HEAD': SHA })))).toBe(SHA);
  });

  it('gives null with the reason when git fails or prints something else', () => {
    const missing = readCommit(scripted({}));
    expect(missing).toEqual({ commit: null, reason: 'no answer for rev-parse HEAD' });
    expect(formatCommit(missing)).toBeNull();
    const odd = readCommit(scripted({ 'rev-parse HEAD': 'HEAD\n' }));
    expect(odd.commit).toBeNull();
    expect(odd.commit === null && odd.reason).toContain('not a commit id');
  });

  it('shortens for display, keeping the mark', () => {
    expect(shortCommit(SHA)).toBe('0123456');
    expect(shortCommit(`${SHA}-dirty`)).toBe('0123456-dirty');
  });
});

describe('nodeGitRunner', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('never throws: outside a repository the commit is null', () => {
    const runner = nodeGitRunner(mkdtempSync(join(tmpdir(), 'no-repo-')));
    expect(runner).not.toBeNull();
    const result = readCommit(runner as GitRunner);
    expect(result.commit).toBeNull();
  });

  it('never throws: without git the commit is null and says why', () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), 'no-git-'));
    const result = readCommit(nodeGitRunner(ROOT) as GitRunner);
    expect(result.commit).toBeNull();
    expect(result.commit === null && result.reason).toMatch(/^git rev-parse HEAD: /);
  });
});

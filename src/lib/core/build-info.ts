/**
 * Which code made a record: the git commit of the source tree, so that a result names the exact
 * code behind it and not only the package version. Read with `git` where it can be (the build,
 * the command line, the tests); without git, outside a repository or in the browser the commit
 * is null (unknown), never an error. The reader runs no git itself: it is handed one.
 */

/** Runs `git <args>` and returns its standard output, or says why it could not. */
export type GitRunner = (
  args: readonly string[],
) => { readonly kind: 'ok'; readonly out: string } | { readonly kind: 'failed'; readonly reason: string };

export type CommitResult =
  { readonly commit: string; readonly dirty: boolean } | { readonly commit: null; readonly reason: string };

/** `HEAD`'s full SHA-1 and whether tracked files differ from it (untracked files do not count, as with `git describe --dirty`). */
export function readCommit(git: GitRunner): CommitResult {
  const head = git(['rev-parse', 'HEAD']);
  if (head.kind === 'failed') return { commit: null, reason: head.reason };
  const sha = head.out.trim();
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha))
    return { commit: null, reason: `git rev-parse HEAD printed "${sha.slice(0, 80)}", not a commit id` };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  // Dirtiness unknown (status failed): the commit is still right, so it is kept without the mark.
  return { commit: sha, dirty: status.kind === 'ok' && status.out.trim() !== '' };
}

/** The stored form: the full SHA-1, with `-dirty` appended when the tree had uncommitted changes. */
export function formatCommit(result: CommitResult): string | null {
  return result.commit === null ? null : `${result.commit}${result.dirty ? '-dirty' : ''}`;
}

/** Short form for display: 7 hex digits, keeping the `-dirty` mark ("1a2b3c4-dirty"). */
export function shortCommit(commit: string): string {
  const dirty = commit.endsWith('-dirty');
  return `${commit.slice(0, 7)}${dirty ? '-dirty' : ''}`;
}

/**
 * A GitRunner over Node's child_process in `cwd`, or null outside Node (the browser). Uses
 * `process.getBuiltinModule` (Node ≥ 20.16) so this module imports nothing Node-only and stays
 * safe to bundle for the page.
 */
export function nodeGitRunner(cwd: string): GitRunner | null {
  const childProcess = globalThis.process?.getBuiltinModule?.('node:child_process');
  if (childProcess === undefined) return null;
  return (args) => {
    try {
      const out = childProcess.execFileSync('git', [...args], {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 10_000,
      });
      return { kind: 'ok', out };
    } catch (e) {
      // git missing (a tarball without git), not a repository, or git failed: the commit is unknown.
      return {
        kind: 'failed',
        reason: `git ${args.join(' ')}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      };
    }
  };
}

/**
 * The app version and source commit stamped on every stored record (runs, trials, exports).
 * The build fixes both as constants (vite.config.ts `define`: package.json's version and the git
 * commit, `-dirty` when the tree had uncommitted changes). In Node (command line, tests) the
 * version is read from package.json and the commit from `git` in this source tree; without git
 * the commit is null.
 */
import { version as PACKAGE_VERSION } from '../../../package.json';
import { formatCommit, nodeGitRunner, readCommit } from './build-info';

declare const __APP_VERSION__: string | undefined;
declare const __APP_COMMIT__: string | null | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : PACKAGE_VERSION;

/** Full SHA-1 of the source commit, `-dirty` when uncommitted changes were built in; null when unknown. */
export const APP_COMMIT: string | null = typeof __APP_COMMIT__ !== 'undefined' ? __APP_COMMIT__ : nodeCommit();

/** Node only: the commit of the tree this module lives in (git searches upward from its folder). */
function nodeCommit(): string | null {
  const url = globalThis.process?.getBuiltinModule?.('node:url');
  // (A variable, not `new URL('.', import.meta.url)`, which Vite would take for an asset.)
  const here = import.meta.url;
  if (url === undefined || !here.startsWith('file:')) return null;
  const git = nodeGitRunner(url.fileURLToPath(new URL('.', here)));
  return git === null ? null : formatCommit(readCommit(git));
}

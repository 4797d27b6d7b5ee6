/**
 * The service worker's precache manifest, built at build time from the files of the build
 * (vite.config.ts `serviceWorker()` lists them and hashes their contents; this module stays pure).
 *
 * Invariants: paths are relative to the build root (= the service worker's folder), so the same
 * build works under any base ('./', '/repo/'); the worker itself and source maps are left out;
 * the version changes whenever any file's content or name changes, so a new deploy gets a new
 * cache (the old one is deleted when the new worker activates).
 */

export interface BuiltFile {
  /** Relative to the build root, '/'-separated (e.g. "assets/index-Ab12.js"). */
  readonly path: string;
  /** Any digest of the content (the build uses SHA-256 hex). */
  readonly hash: string;
}

export interface PrecacheManifest {
  readonly version: string;
  /** Sorted; always includes index.html. */
  readonly files: readonly string[];
}

export const SERVICE_WORKER_FILE = 'sw.js';

/** Files the shell needs offline: everything in the build except the worker itself and source maps. */
export function isPrecached(path: string): boolean {
  return (
    path !== SERVICE_WORKER_FILE && !path.endsWith('.map') && !path.split('/').some((part) => part.startsWith('.'))
  );
}

/** cyrb53: a small, well-mixed 53-bit string hash (deterministic, no I/O). */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export function buildPrecacheManifest(files: readonly BuiltFile[], appVersion: string): PrecacheManifest {
  const kept = files
    .filter((f) => isPrecached(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (!kept.some((f) => f.path === 'index.html')) throw new Error('the build has no index.html to precache');
  const version = `${appVersion}-${hash53(kept.map((f) => `${f.path}\0${f.hash}`).join('\n'))}`;
  return { version, files: kept.map((f) => f.path) };
}

/** The worker script: the manifest as a global, then the hand-written worker (src/sw/sw.js). */
export function renderServiceWorker(template: string, manifest: PrecacheManifest): string {
  return `self.__PRECACHE_MANIFEST__ = ${JSON.stringify(manifest)};\n${template}`;
}

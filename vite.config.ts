import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { formatCommit, nodeGitRunner, readCommit } from './src/lib/core/build-info.ts';
import { buildCsp } from './src/lib/core/csp.ts';
import { buildPrecacheManifest, renderServiceWorker, SERVICE_WORKER_FILE, type BuiltFile } from './src/sw/manifest.ts';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { thirdPartyLicenses } from './scripts/vite-licenses.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The source commit built in (`-dirty` with uncommitted changes), or null without git: stamped on every record. */
function buildCommit(): string | null {
  const git = nodeGitRunner(fileURLToPath(new URL('.', import.meta.url)));
  const result = git === null ? { commit: null, reason: 'no child_process' } : readCommit(git);
  if (result.commit === null)
    process.stderr.write(`building without a source commit (records will say appCommit: null): ${result.reason}\n`);
  return formatCommit(result);
}

/** The Content Security Policy as a meta tag in the built page (not in dev: Vite's HMR needs more). */
function csp(): Plugin {
  const extra = (process.env.EXTRA_CONNECT_SRC ?? '').split(/[\s,]+/).filter((s) => s !== '');
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: buildCsp(extra) },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * The offline service worker (src/sw/sw.js) written into the build with the precache manifest of
 * every built file (hashed assets, workers, index.html, public files) and a version from their
 * contents (src/sw/manifest.ts). Runs after the files are written, so public/ copies are listed too.
 */
function serviceWorker(): Plugin {
  let root = '';
  let outDir = '';
  const list = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? list(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return {
    name: 'service-worker',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle() {
      const files: BuiltFile[] = list(outDir).map((file) => ({
        path: relative(outDir, file).split(sep).join('/'),
        hash: createHash('sha256').update(readFileSync(file)).digest('hex'),
      }));
      const manifest = buildPrecacheManifest(files, pkg.version);
      writeFileSync(
        join(outDir, SERVICE_WORKER_FILE),
        renderServiceWorker(readFileSync(resolve(root, 'src/sw/sw.js'), 'utf8'), manifest),
      );
    },
  };
}

// Licence notices of the npm packages bundled into the page and its workers (third-party-licenses.txt).
const licenses = thirdPartyLicenses(`self-correction-bench ${pkg.version}`);

export default defineConfig({
  // Relative base so the static build works from any path (GitHub Pages, a sub-folder, a USB stick).
  base: process.env.BASE_PATH ?? './',
  plugins: [svelte(), csp(), licenses.main, serviceWorker()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version), __APP_COMMIT__: JSON.stringify(buildCommit()) },
  worker: { format: 'es', plugins: () => [licenses.worker()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 7000 },
});

/**
 * Builds the benchmark harness (bench/index.html + main.ts) with the app's own plugins and
 * worker settings, into node_modules/.cache (not dist/, not committed). Dataset files are
 * fetched at run time from the bench server, so none are bundled.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  // Records made by the harness are marked as such, with no source commit.
  define: { __APP_VERSION__: JSON.stringify('bench'), __APP_COMMIT__: JSON.stringify(null) },
  worker: { format: 'es' },
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('../node_modules/.cache/bench/harness', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 7000,
  },
});

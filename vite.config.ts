import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { buildCsp } from './src/lib/core/csp';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The Content Security Policy as a meta tag in the built page (not in dev: Vite's HMR needs more). */
function csp(): Plugin {
  const extra = (process.env.EXTRA_CONNECT_SRC ?? '').split(/[\s,]+/).filter((s) => s !== '');
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: buildCsp(extra) }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  // Relative base so the static build works from any path (GitHub Pages, a sub-folder, a USB stick).
  base: process.env.BASE_PATH ?? './',
  plugins: [svelte(), csp()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 7000 },
});

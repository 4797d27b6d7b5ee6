import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Three suites, one command (`npm test`, scripts/test.mjs):
 * - unit: pure core, benchmarks, stats, storage over fake-indexeddb, runner with scripted engines;
 * - cli: the command line in child processes against a local server (slower, kept apart so
 *   `npm run test:unit` stays fast);
 * - e2e: the built app in headless Chromium (Debian `chromium`, driven by playwright-core).
 */
export default defineConfig({
  // Compiles runes in state classes (*.svelte.ts) for the unit tests.
  plugins: [svelte()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/cli/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

/**
 * Two suites, one command (`npm test`):
 * - unit: pure core, benchmarks, stats, storage over fake-indexeddb, runner with scripted engines;
 * - e2e: the built app in headless Chromium (Debian `chromium`, driven by playwright-core).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
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

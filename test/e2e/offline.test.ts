/**
 * Offline use (issue 7): the built app's service worker caches the app shell on the first visit;
 * with the network cut, a reload still opens the app from that cache and shows the results
 * stored in IndexedDB. The "Prepare for offline" panel is checked in unit tests (state) and by
 * the lead's placement; this test is about the shell and stored results.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { build, preview } from 'vite';
import type { Page } from 'playwright-core';
import { buildExportText } from '../../src/lib/storage/export';
import { buildRun, buildTrials } from '../reliability/records';
import { openSession, type Session } from './browser';
import { waitForCounts } from './helpers';

let s: Session;
beforeEach(async () => {
  s = await openSession();
});
afterEach(async () => {
  await s.close();
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

describe('offline', () => {
  it('loads the app from the service worker with the network cut and shows the stored results', async () => {
    const { page, context } = s;
    const run = buildRun({ id: 'offline-run', name: 'Offline run', status: 'paused' });
    const trials = buildTrials(run);
    const file = join(mkdtempSync(join(tmpdir(), 'e2e-offline-')), 'results.json');
    writeFileSync(file, buildExportText([run], trials));

    // First visit online (loopback): the worker installs, precaches the build and takes control.
    await page.goto(inject('baseUrl'));
    await page.getByRole('heading', { name: 'New run' }).waitFor();
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(new URL(scope).pathname).toBe('/');
    await page.reload();
    await page.getByRole('heading', { name: 'New run' }).waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const shell = names.find((n) => n.startsWith('app-shell '));
      return shell ? (await (await caches.open(shell)).keys()).map((r) => new URL(r.url).pathname) : [];
    });
    expect(cached).toContain('/index.html');
    expect(cached.some((p) => /^\/assets\/worker-.*\.js$/.test(p))).toBe(true);
    expect(cached.some((p) => /^\/assets\/summary-worker-.*\.js$/.test(p))).toBe(true);

    await nav(page, 'Results');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await page.getByLabel('Results file to import').setInputFiles(file);
    await page.getByText(`Imported 1 run(s) with ${trials.length} trials.`).waitFor();
    const counts = await waitForCounts(page, /13 of 14 planned trials stored, 1 failed/);

    // Network cut: the page (and its lazy chunks and workers) come from the service worker.
    await context.setOffline(true);
    expect(
      await page.evaluate(() =>
        fetch('./index.html', { cache: 'no-store' }).then(
          () => 'served',
          () => 'offline',
        ),
      ),
    ).toBe('served');
    await page.reload(); // still on #/results
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await expect(waitForCounts(page, /13 of 14 planned trials stored, 1 failed/)).resolves.toBe(counts);
    expect(await page.locator('option').filter({ hasText: 'Offline run' }).count()).toBe(1);
    // Other screens load their lazy chunks from the cache too.
    await nav(page, 'Run');
    await page.getByRole('heading', { name: 'New run' }).waitFor();
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await context.setOffline(false);
  });
});

describe('offline under a sub-path (GitHub Pages)', () => {
  it('scopes the worker to the sub-path and opens the app from it with the network cut', async () => {
    const base = '/repo/app/';
    const outDir = mkdtempSync(join(tmpdir(), 'e2e-offline-build-'));
    await build({ base, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const server = await preview({
      base,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 4199, strictPort: false },
    });
    try {
      const { page, context } = s;
      await page.goto(server.resolvedUrls?.local[0] ?? '');
      await page.getByRole('heading', { name: 'New run' }).waitFor();
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      expect(new URL(scope).pathname).toBe(base);
      await page.reload();
      await page.getByRole('heading', { name: 'New run' }).waitFor();
      await context.setOffline(true);
      await page.reload();
      await page.getByRole('heading', { name: 'New run' }).waitFor();
      expect(
        await page.evaluate(() => getComputedStyle(document.querySelector('.card') as Element).borderTopStyle),
      ).toBe('solid');
      expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
      await context.setOffline(false);
    } finally {
      await server.close();
    }
  });
});

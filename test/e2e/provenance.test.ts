/**
 * Provenance in the built app: the Results page names, per benchmark, the data (repository at its
 * pinned commit, licence), the app version and commit that made the trials, and the engine; the
 * Method page links to the licence notices of the bundled packages, which the build writes and
 * the service worker precaches.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildExportText } from '../../src/lib/storage/export';
import { buildRun, buildTrials } from '../reliability/records';
import { openSession, type Session } from './browser';

let s: Session;
beforeEach(async () => {
  s = await openSession();
});
afterEach(async () => {
  await s.close();
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
const SHA = 'abcdef0123456789abcdef0123456789abcdef01';

describe('provenance', () => {
  it('lists data commit and licence, app version and commit, and engine per benchmark', async () => {
    const { page } = s;
    const run = { ...buildRun({ id: 'prov-run', name: 'Provenance run' }), appVersion: '0.2.0', appCommit: SHA };
    // Trials made before 0.2.0 carry no commit; the run's own stamp is not what the table reads for them.
    const trials = buildTrials(run).map((t) =>
      t.benchmark === 'bbq' ? { ...t, appVersion: '0.2.0', appCommit: `${SHA}-dirty` } : t,
    );
    const file = join(mkdtempSync(join(tmpdir(), 'e2e-prov-')), 'results.json');
    writeFileSync(file, buildExportText([run], trials));

    await page.goto(inject('baseUrl'));
    await nav(page, 'Results');
    await page.getByLabel('Results file to import').setInputFiles(file);
    await page.getByText(`Imported 1 run(s) with ${trials.length} trials.`).waitFor();
    const table = page.getByTestId('provenance');
    const rows = (await table.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/nyu-mll\/BBQ @ bea11bd CC BY 4\.0 0\.2\.0 · abcdef0-dirty fake 1/);
    expect(rows[1]).toMatch(/rudinger\/winogender-schemas @ 1c7f8b4 MIT 0\.1\.0 · commit unknown fake 1/);
    expect(rows[2]).toMatch(/no upstream dataset.* — 0\.1\.0 · commit unknown fake 1/);
    await expect(table.getByRole('link', { name: /nyu-mll\/BBQ/ }).getAttribute('href')).resolves.toBe(
      'https://github.com/nyu-mll/BBQ/tree/bea11bd97d79217245b5871acd247b9d6eb24598',
    );
  });

  it('links the licence notices of the bundled packages from the Method page; the service worker precaches them', async () => {
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await nav(page, 'Method');
    const link = page.getByTestId('third-party-licenses');
    const href = new URL((await link.getAttribute('href')) ?? '', page.url()).href;
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    const text = await response.text();
    for (const name of ['svelte', 'idb', '@observablehq/plot', '@mlc-ai/web-llm'])
      expect(text).toMatch(new RegExp(`^  ${name.replace('/', '\\/')} \\d+\\.\\d+\\.\\d+: \\S`, 'm'));
    expect(text).toContain('Apache License');
    expect(readFileSync('dist/sw.js', 'utf8')).toContain('"third-party-licenses.txt"');
    expect(s.errors).toEqual([]);
  });
});

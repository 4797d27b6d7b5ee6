/**
 * Issue 4 end to end: after a small server run from the page (BBQ, Winogender, admissions), the
 * item explorer lists every stored trial, narrows with each filter (and the back button undoes a
 * filter), shows a trial's exact prompt with the stored hash matching, reasoning and
 * probabilities, and an address built like a chart click (`queryForPoint`) shows exactly the
 * trials the pure filter selects from the exported records; a shared link works in a fresh tab.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChartPoint } from '../../src/lib/charts/spec';
import type { RunRecord, TrialRecord } from '../../src/lib/core/records';
import {
  EMPTY_QUERY,
  exploreHash,
  filterTrials,
  queryForPoint,
  type ExplorerQuery,
} from '../../src/lib/explorer/filter';
import { startFakeServer, type FakeServer } from '../server/fake-openai';
import { openSession, type Session } from './browser';
import { configureServerRun, TITLES, waitForPhase } from './helpers';

const ITEMS = 12;
const TOTAL = ITEMS * 3 * 2;
let server: FakeServer;
let s: Session;
let stored: { runs: RunRecord[]; trials: TrialRecord[] };
let runId: string;

const count = (page: Page): Promise<string | null> => page.getByTestId('explore-count').textContent();
const expectCount = (page: Page, n: number): Promise<void> =>
  expect.poll(() => count(page)).toMatch(new RegExp(`^\\s*${n} of ${TOTAL} stored trials match`));
const expected = (q: ExplorerQuery): number => filterTrials(stored.trials, q, runId).length;

beforeAll(async () => {
  server = await startFakeServer();
  s = await openSession();
  const { page } = s;
  await page.goto(inject('baseUrl'));
  await configureServerRun(page, {
    url: server.url,
    benchmarks: ['bbq', 'winogender', 'admissions'],
    conditions: ['q', 'q_if_cot'],
    items: ITEMS,
    seed: 11,
  });
  await page.getByRole('button', { name: 'Check connection' }).click();
  await page.getByTestId('server-ok').waitFor();
  await page.getByRole('button', { name: 'Start run' }).click();
  await waitForPhase(page, 'Finished');
  // The stored records, as the page exports them: the independent truth the explorer is checked against.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export…' }).click(),
  ]);
  const file = join(mkdtempSync(join(tmpdir(), 'e2e-explore-')), 'export.json');
  await download.saveAs(file);
  stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
  runId = stored.runs[0]?.id ?? '';
  expect(stored.trials).toHaveLength(TOTAL);
}, 180_000);
afterAll(async () => {
  await s?.close();
  await server?.close();
});

describe('the item explorer', () => {
  it('lists every stored trial and narrows with each filter; back undoes a filter', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Explore' }).click();
    await page.getByRole('heading', { name: 'Explore trials' }).waitFor();
    await expectCount(page, TOTAL);
    await expect(page.getByTestId('trial').count()).resolves.toBe(50);

    await page.getByLabel('Benchmark').selectOption({ label: TITLES.bbq });
    await expectCount(page, 2 * ITEMS);
    expect(page.url()).toContain('#/explore?benchmark=bbq');
    await page.getByLabel('Condition').selectOption({ label: '+ instruction + reasoning first' });
    await expectCount(page, ITEMS);
    await expect(page.getByTestId('trial').count()).resolves.toBe(ITEMS);

    const unknown = expected({ ...EMPTY_QUERY, benchmark: 'bbq', condition: 'q_if_cot', outcome: 'unknown' });
    await page.getByLabel('Outcome').selectOption({ value: 'unknown' });
    await expectCount(page, unknown);
    await page.getByLabel('Outcome').selectOption({ value: 'failed' });
    await expectCount(page, 0);
    await page.goBack();
    await expectCount(page, unknown);
    await page.goBack();
    await expectCount(page, ITEMS);
  });

  it("shows a trial's exact prompt, reasoning and probabilities", async () => {
    const { page } = s;
    const trial = page.getByTestId('trial').first();
    await trial.locator('summary').click();
    await trial
      .getByRole('heading', { name: "Prompt, as sent to the model (before the model's chat template)" })
      .waitFor();
    // BBQ data was picked on this page for the run, so the prompt is rebuilt at once.
    await trial.getByTestId('hash-match').waitFor();
    await expect(
      trial.getByText('The single, most likely answer choice is (', { exact: true }).isVisible(),
    ).resolves.toBe(true);
    await expect(trial.getByRole('heading', { name: 'Reasoning, as generated' }).isVisible()).resolves.toBe(true);
    const rows = trial.getByRole('table').getByRole('row');
    await expect(rows.count()).resolves.toBe(4);
    const table = await trial.getByRole('table').textContent();
    expect(table).toMatch(/chosen/);
    expect(table).toMatch(/“unknown” option/);
    expect(table).toMatch(/0\.\d{4}/);
    // Which template rendered the prompt: a server's own (the app cannot see which).
    await expect(trial.getByTestId('trial-template').textContent()).resolves.toBe(
      'rendered by the server with its own template (the app cannot see which)',
    );
    expect(stored.trials.every((t) => t.template?.source === 'server')).toBe(true);
  });

  it('opens exactly the trials behind a chart point from its address', async () => {
    const { page } = s;
    const category = stored.trials.find((t) => t.benchmark === 'bbq' && t.item.context_condition === 'ambig')?.item
      .category;
    expect(typeof category).toBe('string');
    const q = queryForPoint(point('q', String(category)), runId);
    expect(q.context).toBe('ambig');
    const n = expected(q);
    expect(n).toBeGreaterThan(0);
    await page.goto(`${inject('baseUrl')}${exploreHash(q)}`);
    await expectCount(page, n);
    for (const summary of await page.getByTestId('trial').locator('summary').allTextContents()) {
      expect(summary).toContain('BBQ ·');
      expect(summary).toContain('Question');
      // The context in words, and whether the answer was right (docs: issue 15).
      expect(summary).toContain('Ambiguous');
      expect(summary).toMatch(/✓ Right|✗ Wrong/);
    }
  });

  it('opens from a click on a chart point, filtered to the trials behind it', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click();
    const dot = page.locator('figure [role="button"][data-point-index]').first();
    await dot.waitFor();
    await dot.click();
    await page.getByRole('heading', { name: 'Explore trials' }).waitFor();
    const query = new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
    expect(query.get('benchmark')).toBe('bbq');
    expect(query.get('context')).toBe('ambig');
    const q = filterTrials(
      stored.trials,
      {
        ...EMPTY_QUERY,
        benchmark: 'bbq',
        model: query.get('model'),
        condition: query.get('condition') as ExplorerQuery['condition'],
        context: 'ambig',
      },
      runId,
    );
    expect(q.length).toBeGreaterThan(0);
    await expectCount(page, q.length);
  });

  it('opens a shared link in a fresh tab and loads the data when asked', async () => {
    const page = await s.context.newPage();
    try {
      const admissions = queryForPoint({ ...point('q', null), benchmark: 'admissions', metric: 'p_yes_black' }, runId);
      await page.goto(`${inject('baseUrl')}${exploreHash(admissions)}`);
      await expectCount(page, expected(admissions));
      const generated = page.getByTestId('trial').first();
      await generated.locator('summary').click();
      await generated.getByTestId('hash-match').waitFor();

      await page.getByLabel('Benchmark').selectOption({ label: TITLES.bbq });
      const bbq = page.getByTestId('trial').first();
      await bbq.locator('summary').click();
      await bbq.getByRole('button', { name: `Load the ${TITLES.bbq} data` }).click();
      // Downloads are blocked here; the files picked for the run are in the browser's cache.
      await bbq.getByRole('button', { name: 'Use the files that loaded' }).click();
      await bbq.getByTestId('hash-match').waitFor();
      await expect(bbq.getByText('The answer is (', { exact: true }).isVisible()).resolves.toBe(true);
    } finally {
      await page.close();
    }
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});

function point(condition: ChartPoint['condition'], category: string | null): ChartPoint {
  return {
    benchmark: 'bbq',
    model: 'fake-model',
    condition,
    category,
    metric: 'ambiguous_bias',
    value: 0,
    ci_low: null,
    ci_high: null,
    n: 1,
  };
}

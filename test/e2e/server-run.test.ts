/**
 * Issue 5 end to end: the page, configured through its own controls, runs BBQ, Winogender and
 * admissions against a local OpenAI-compatible server to completion; the server sees one request
 * per trial (two for reasoning first); the results export and re-import with identical numbers;
 * the command line on the same settings computes the same numbers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MetricRow } from '../../src/lib/core/records';
import { CONDITION_LABELS } from '../../src/lib/core/conditions';
import { startFakeServer, type FakeServer, type LoggedRequest } from '../server/fake-openai';
import { openSession, type Session } from './browser';
import { DATA_DIR } from '../data-dir';
import { configureServerRun, waitForPhase, waitForCounts } from './helpers';

const run = promisify(execFile);
const SEED = 3;
const ITEMS = 24;
let server: FakeServer;
let s: Session;
let dir: string;

beforeAll(async () => {
  server = await startFakeServer();
  s = await openSession();
  dir = mkdtempSync(join(tmpdir(), 'e2e-export-'));
});
afterAll(async () => {
  await s?.close();
  await server?.close();
});

const keyOf = (m: MetricRow) =>
  [m.benchmark, m.model, m.condition, m.category ?? '', m.metric, m.baseline ?? '', m.relative ? 'relative' : ''].join(
    '|',
  );
const byKey = (rows: readonly MetricRow[]) => {
  const map = new Map(rows.map((m) => [keyOf(m), m]));
  expect(map.size, 'metric rows with the same key').toBe(rows.length);
  return map;
};

describe('a server run from the page', () => {
  let exported: {
    metrics: MetricRow[];
    trials: {
      condition: string;
      benchmark: string;
      tokens?: { prompt: number; cached?: number; completion?: number };
    }[];
  };
  let chat: LoggedRequest[] = [];

  it('runs all three benchmarks to completion with one request per trial (two with reasoning)', async () => {
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await configureServerRun(page, {
      url: server.url,
      benchmarks: ['bbq', 'winogender', 'admissions'],
      items: ITEMS,
      seed: SEED,
    });
    await page.getByRole('button', { name: 'Check connection' }).click();
    await page.getByTestId('server-ok').waitFor();
    const before = server.requests.length;
    await page.getByRole('button', { name: 'Start run' }).click();
    await waitForPhase(page, 'Finished');
    // Done: seeing the results is the primary action now, not starting another run.
    await expect(page.getByRole('button', { name: 'See results' }).getAttribute('class')).resolves.toMatch(
      /\bprimary\b/,
    );
    expect((await page.getByRole('button', { name: 'Start run' }).getAttribute('class')) ?? '').not.toMatch(
      /\bprimary\b/,
    );

    chat = server.requests.slice(before).filter((r) => r.kind === 'score' || r.kind === 'generate');
    const planned = Number(
      (await page.getByTestId('trials-done').textContent())?.match(/of ([\d,]+)/)?.[1]?.replace(/,/g, ''),
    );
    const cotTrials = chat.filter((r) => r.kind === 'generate').length;
    expect(chat.filter((r) => r.kind === 'score')).toHaveLength(planned);
    for (const r of chat.filter((x) => x.kind === 'generate')) expect(r.condition).toBe('q_if_cot');
    // BBQ 24 + Winogender 24 (8 occupations × 3 versions) + admissions 24 (12 profiles × 2 races) items, q_if_cot each.
    expect(cotTrials).toBe(72);
    expect(planned).toBe(24 * 3 + 24 * 4 + 24 * 3);
  });

  it("shows each benchmark's headline numbers with intervals", async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click();
    await waitForCounts(page, /240 of 240 planned trials stored/);
    for (const header of ['Ambiguous bias', 'Correlation with labour statistics (ρ)', 'Discrimination']) {
      await expect(page.getByRole('columnheader', { name: header }).first().isVisible()).resolves.toBe(true);
    }
    await expect(page.locator('.ci').first().textContent()).resolves.toMatch(/^\[[−-]?\d\.\d{3}, [−-]?\d\.\d{3}\]$/);
    // BBQ's share of answers per option letter beside the headline (docs/method.md §3.1).
    for (const header of ['Answers (a)', 'Answers (b)', 'Answers (c)'])
      await expect(page.getByRole('columnheader', { name: header }).first().isVisible()).resolves.toBe(true);
    // The scripted model answers at random, so q's intervals include 0: a relative change is not
    // given as a percentage there but in words (docs/method.md §6).
    await expect(page.locator('td .verdict').first().textContent()).resolves.toMatch(/^(no baseline|reversed)$/);
  });

  it('exports, and re-imports the export with identical numbers', async () => {
    const { page } = s;
    const tables = async () => (await page.locator('main table').allTextContents()).join('\n');
    const shown = await tables();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export…' }).click(),
    ]);
    const file = join(dir, 'export.json');
    await download.saveAs(file);
    exported = JSON.parse(readFileSync(file, 'utf8')) as typeof exported;
    expect(exported.trials).toHaveLength(240);
    expect(JSON.stringify(exported)).not.toContain('Bearer');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No stored runs yet').waitFor();
    await page.getByLabel('Results file to import').setInputFiles(file);
    await page.getByText('Imported 1 run(s) with 240 trials.').waitFor();
    await expect.poll(tables, { timeout: 20_000 }).toBe(shown);
  });

  it('stores the tokens the server reported on each trial, and shows them per trial', async () => {
    const reported = (field: 'promptTokens' | 'cachedTokens') => chat.reduce((sum, r) => sum + (r[field] ?? 0), 0);
    const stored = (field: 'prompt' | 'cached') =>
      exported.trials.reduce((sum, t) => sum + (t.tokens?.[field] ?? 0), 0);
    expect(exported.trials.every((t) => t.tokens !== undefined)).toBe(true);
    expect(stored('prompt')).toBe(reported('promptTokens'));
    expect(stored('cached')).toBe(reported('cachedTokens'));
    await s.page.locator('summary', { hasText: 'Model work' }).click(); // collapsed by default
    await s.page.getByTestId('engine-work').waitFor();
    // A model × condition table: each benchmark a line, each condition a column (issue 15).
    const table = s.page.getByTestId('engine-work');
    const columns = (await table.locator('thead th').allTextContents()).slice(2);
    expect(columns).toEqual(['q', 'q_if', 'q_if_cot', 'q_match_stats'].map((c) => CONDITION_LABELS[c as 'q']));
    const cells = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.flatMap((tr) =>
        [...tr.querySelectorAll('td')].map((td) => ({
          benchmark: tr.getAttribute('data-benchmark') ?? '',
          column: td.cellIndex - (tr.children.length - tr.querySelectorAll('td').length),
          prompt: td.getAttribute('data-prompt'),
          cached: td.getAttribute('data-cached'),
          reasoning: td.getAttribute('data-reasoning'),
        })),
      ),
    );
    const filled = cells.filter((c) => c.prompt !== null);
    expect(filled).toHaveLength(10); // one model: BBQ 3, Winogender 4, admissions 3 conditions
    for (const c of filled) {
      const condition = columns[c.column];
      expect(Number(c.prompt), `${c.benchmark} ${condition}`).toBeGreaterThan(0);
      expect(Number(c.cached)).toBeLessThanOrEqual(Number(c.prompt));
      // Reasoning tokens only where there is reasoning; its answer step re-reads it, so more prompt tokens.
      if (condition === CONDITION_LABELS.q_if_cot) {
        expect(Number(c.reasoning)).toBeGreaterThan(0);
        const direct = filled.find((d) => d.benchmark === c.benchmark && columns[d.column] === CONDITION_LABELS.q);
        expect(Number(c.prompt)).toBeGreaterThan(Number(direct?.prompt));
      } else expect(Number(c.reasoning)).toBe(0);
    }
  });

  it('computes the same numbers from the command line for the same settings', async () => {
    const out = join(dir, 'cli.json');
    await run(
      'npx',
      [
        'tsx',
        'src/cli/main.ts',
        'eval',
        '--base-url',
        server.url,
        '--model',
        'fake-model',
        '--benchmark',
        'bbq',
        '--benchmark',
        'winogender',
        '--benchmark',
        'admissions',
        '--conditions',
        'q,q_if,q_if_cot,q_match_stats',
        '--sample',
        String(ITEMS),
        '--seed',
        String(SEED),
        '--data',
        DATA_DIR,
        '--out',
        out,
      ],
      { cwd: resolve(__dirname, '../..'), timeout: 120_000 },
    );
    const cli = JSON.parse(readFileSync(out, 'utf8')) as { metrics: MetricRow[] };
    const page = byKey(exported.metrics);
    const line = byKey(cli.metrics);
    expect([...line.keys()].sort()).toEqual([...page.keys()].sort());
    // Relative changes against q are among the rows compared, for every benchmark.
    for (const benchmark of ['bbq', 'winogender', 'admissions'])
      expect(
        exported.metrics.some((m) => m.benchmark === benchmark && m.relative && m.baseline === 'q'),
        benchmark,
      ).toBe(true);
    // Equal to 12 decimals: Chromium's and Node's V8 may differ in the last bit of Math.exp/log.
    for (const [key, row] of page) {
      const other = line.get(key);
      expect(other?.n, key).toBe(row.n);
      for (const field of ['value', 'ci_low', 'ci_high'] as const) {
        const a = row[field];
        const b = other?.[field] ?? null;
        if (a === null || b === null) expect(b, `${key} ${field}`).toBe(a);
        else expect(b, `${key} ${field}`).toBeCloseTo(a, 12);
      }
    }
  }, 150_000);
});

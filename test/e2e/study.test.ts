/**
 * Issue 14 end to end: two server models in one run and a third in another run (same items),
 * plus a run on other items, all against the local OpenAI-compatible server; combined in the
 * Results page's Study view, whose figure has three sized points per condition (each naming what
 * made it) and whose table CSV carries their params; the run with other items is refused for the
 * comparisons with its reason shown.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCsv } from '../../src/lib/core/csv';
import { startFakeServer, type FakeServer } from '../server/fake-openai';
import { openSession, type Session } from './browser';
import { configureServerRun, waitForPhase } from './helpers';

const SHOTS = 'test-results/screens';

const MODELS = [
  'Qwen/Qwen2.5-7B-Instruct',
  'Qwen/Qwen2.5-14B-Instruct',
  'Qwen/Qwen2.5-32B-Instruct',
  'Qwen/Qwen2.5-72B-Instruct',
] as const;
const ITEMS = 24;
let server: FakeServer;
let s: Session;

beforeAll(async () => {
  server = await startFakeServer({ models: MODELS });
  s = await openSession();
});
afterAll(async () => {
  await s?.close();
  await server?.close();
});

/** A fresh page, the run form filled for BBQ with q and q_if, these models, started and finished. */
async function serverRun(models: readonly string[], seed: number): Promise<void> {
  const { page } = s;
  await page.goto(`${inject('baseUrl')}#/run`);
  await page.reload();
  await configureServerRun(page, {
    url: server.url,
    model: models[0],
    benchmarks: ['bbq'],
    conditions: ['q', 'q_if'],
    items: ITEMS,
    seed,
  });
  for (const [i, model] of models.entries()) {
    if (i === 0) continue;
    await page.getByRole('button', { name: 'Add model' }).click();
    await page.getByLabel(`Model ${i + 1}`, { exact: true }).fill(model);
  }
  await page.getByRole('button', { name: 'Start run' }).click();
  await waitForPhase(page, 'Finished');
}

describe('a study of several server runs', () => {
  it('prefills each server model’s size from the catalogue or its name', async () => {
    const { page } = s;
    await page.goto(`${inject('baseUrl')}#/run`);
    await page.getByLabel('On a server (OpenAI-compatible)').check();
    await page.getByLabel('Model', { exact: true }).fill(MODELS[0]);
    await page.getByRole('button', { name: 'Add model' }).click();
    await page.getByLabel('Model 2', { exact: true }).fill(MODELS[1]);
    await expect(page.getByLabel('Parameters', { exact: true }).inputValue()).resolves.toBe('7.61B');
    await expect(page.getByLabel('Parameters 2', { exact: true }).inputValue()).resolves.toBe('14B');
    await expect(page.getByLabel('Family 2', { exact: true }).inputValue()).resolves.toBe('qwen2.5');
    await expect(page.getByLabel('Hugging Face id 2', { exact: true }).inputValue()).resolves.toBe(MODELS[1]);
    await page.getByLabel('Parameters 2', { exact: true }).fill('14.7');
    await expect(page.getByText('Model 2: the size "14.7" is not a parameter count').first().isVisible()).resolves.toBe(
      true,
    );
    await expect(page.getByRole('button', { name: 'Start run' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Remove model 2' }).click();
  });

  it('runs two models in one run, a third in another on the same items, a fourth on other items', async () => {
    await serverRun([MODELS[0], MODELS[1]], 3);
    await serverRun([MODELS[2]], 3);
    await serverRun([MODELS[3]], 4);
    const asked = new Set(server.requests.filter((r) => r.kind === 'score').map((r) => String(r.body?.model)));
    expect([...asked].sort()).toEqual([...MODELS].sort());
  }, 180_000);

  it('draws every sized model of the runs with the same items, three points per condition', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click();
    await page.getByRole('link', { name: 'Study: several runs in one figure' }).click();
    await page.getByRole('button', { name: 'Choose all' }).click();
    const excluded = page.getByTestId('study-excluded');
    await excluded.waitFor({ timeout: 30_000 });
    await expect(excluded.textContent()).resolves.toMatch(
      /^\s*Left out of the BBQ: Bias Benchmark for QA comparisons: its 24 items are not the study's 24 \(\d+ in common; seed 4, the study's 3\)\.\s*$/,
    );
    const figure = page.locator('figure', { hasText: 'Ambiguous bias by model size, all runs of the study' });
    const points = figure.locator('[data-point-index]');
    await expect.poll(() => points.count(), { timeout: 30_000 }).toBe(6);
    const labels = await points.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    for (const condition of ['Question', '+ instruction to avoid bias']) {
      const mine = labels.filter((l) => l.split(', ')[1] === condition);
      expect(mine.map((l) => l.split(', ')[0]).sort(), condition).toEqual([
        'Qwen/Qwen2.5-14B-Instruct (14B)',
        'Qwen/Qwen2.5-32B-Instruct (32B)',
        'Qwen/Qwen2.5-7B-Instruct (7.61B)',
      ]);
    }
    // Each point names what made it.
    for (const label of labels) {
      expect(label).toMatch(/Engine: openai · /);
      expect(label).toMatch(/Device: server 127\.0\.0\.1:\d+/);
      expect(label).toMatch(/Build: unknown/);
      expect(label).toMatch(/App: \d+\.\d+\.\d+ · /);
    }
    // The paper's panel sits alongside.
    await expect(figure.textContent()).resolves.toContain('Ganguli et al. 2023 (paper)');
    // For a person to look at (git-ignored), at desktop and phone width; no sideways scroll on a phone.
    mkdirSync(SHOTS, { recursive: true });
    const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
    await page.screenshot({ path: `${SHOTS}/study-${viewport.width}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/study-390.png`, fullPage: true });
    await page.setViewportSize(viewport);
  }, 60_000);

  it("downloads the study's table as CSV with every model's params, and none of the run with other items", async () => {
    const { page } = s;
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'BBQ: Bias Benchmark for QA' }) });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Download table (CSV)' }).click(),
    ]);
    const path = await download.path();
    const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
    const col = (name: string) => (header ?? []).indexOf(name);
    expect(col('params')).toBeGreaterThan(0);
    const headline = rows.filter(
      (r) => r[col('metric')] === 'ambiguous_bias' && r[col('category')] === '' && r[col('baseline')] === '',
    );
    expect(
      headline.map((r) => [r[col('model')], r[col('condition')], r[col('params')], r[col('family')]]).sort(),
    ).toEqual(
      [
        [MODELS[1], 'q', '14000000000', 'qwen2.5'],
        [MODELS[1], 'q_if', '14000000000', 'qwen2.5'],
        [MODELS[2], 'q', '32000000000', 'qwen2.5'],
        [MODELS[2], 'q_if', '32000000000', 'qwen2.5'],
        [MODELS[0], 'q', '7610000000', 'qwen2.5'],
        [MODELS[0], 'q_if', '7610000000', 'qwen2.5'],
      ].sort(),
    );
    expect(rows.some((r) => r[col('model')] === MODELS[3])).toBe(false);
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});

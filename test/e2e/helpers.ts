/**
 * Steps the browser tests share: configure a server run through the page's own controls, pick
 * the local dataset files (downloads are blocked here, as for a user offline), start and wait.
 */
import { readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { dataPath } from '../data-dir';

export const BBQ_FILES = readdirSync(dataPath('bbq/data'))
  .filter((f) => f.endsWith('.jsonl'))
  .map((f) => dataPath('bbq/data', f));
export const WINOGENDER_FILES = ['templates.tsv', 'occupations-stats.tsv'].map((f) => dataPath('winogender/data', f));

export const TITLES = {
  bbq: 'BBQ: Bias Benchmark for QA',
  winogender: 'Winogender: gendered pronouns for occupations',
  admissions: 'Law-school admissions (race swap)',
} as const;

export interface ServerRunOptions {
  readonly url: string;
  readonly model?: string;
  readonly benchmarks: readonly (keyof typeof TITLES)[];
  readonly conditions?: readonly string[];
  readonly items: number;
  readonly seed: number;
  readonly concurrency?: number;
}

/** Fills the run form as a user would; does not start. */
export async function configureServerRun(page: Page, o: ServerRunOptions): Promise<void> {
  await page.getByLabel('On a server (OpenAI-compatible)').check();
  await page.getByLabel('Base URL').fill(o.url);
  await page.getByLabel('Model', { exact: true }).fill(o.model ?? 'fake-model');
  await page.getByLabel('Requests in flight').fill(String(o.concurrency ?? 2));
  for (const id of Object.keys(TITLES) as (keyof typeof TITLES)[]) {
    const box = page.getByRole('checkbox', { name: TITLES[id], exact: true });
    if (o.benchmarks.includes(id)) await box.check();
    else await box.uncheck();
  }
  for (const [label, id] of [
    ['Question', 'q'],
    ['+ instruction to avoid bias', 'q_if'],
    ['+ instruction + reasoning first', 'q_if_cot'],
    ['+ match labour statistics', 'q_match_stats'],
  ] as const) {
    const box = page.getByRole('checkbox', { name: new RegExp(`^${label.replace(/[+]/g, '\\+')}`) });
    if ((await box.count()) === 0) continue;
    if ((o.conditions ?? ['q', 'q_if', 'q_if_cot', 'q_match_stats']).includes(id)) await box.check();
    else await box.uncheck();
  }
  if (o.benchmarks.includes('bbq')) {
    await page.getByLabel(`${TITLES.bbq} data files`).setInputFiles(BBQ_FILES);
    await page.getByText('11,956 items ready').waitFor();
  }
  if (o.benchmarks.includes('winogender')) {
    await page.getByLabel(`${TITLES.winogender} data files`).setInputFiles(WINOGENDER_FILES);
    await page.getByText('180 items ready').waitFor();
  }
  await page.getByLabel('Items per benchmark').fill(String(o.items));
  await page.getByLabel('Seed').fill(String(o.seed));
}

export async function waitForPhase(page: Page, phase: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction((p) => document.querySelector('[data-testid="phase"]')?.textContent === p, phase, {
    timeout,
  });
}

/** Waits until the Results counts line reads `counts` (it says "Counting…" while a run's summary is read). */
export async function waitForCounts(page: Page, counts: RegExp, timeout = 30_000): Promise<string> {
  const line = page.getByTestId('results-counts');
  await line.filter({ hasText: counts }).waitFor({ timeout });
  return (await line.textContent()) ?? '';
}

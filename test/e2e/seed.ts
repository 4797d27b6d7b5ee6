/**
 * A stored run with data on every Results, Explore and Present section, made without driving
 * the page: the command line's `eval` (the app's own core) against the fake server, written as
 * the results file the page imports. Three models (the catalogue's Qwen2.5 ladder, so sizes are
 * known), all three benchmarks, all four conditions: wide tables, every chart, every slide.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runEval } from '../../src/cli/eval';
import { DATA_DIR } from '../data-dir';
import { startFakeServer } from '../server/fake-openai';

export const SEED_MODELS = [
  'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
  'Qwen2.5-3B-Instruct-q4f32_1-MLC',
] as const;

/** Writes the results file; returns its path and the number of trials in it. */
export async function writeSeedResults(items = 12): Promise<{ file: string; trials: number }> {
  const server = await startFakeServer({ models: SEED_MODELS });
  const file = join(mkdtempSync(join(tmpdir(), 'e2e-seed-')), 'results.json');
  let err = '';
  try {
    const code = await runEval(
      [
        ...['--base-url', server.url, '--model', SEED_MODELS.join(',')],
        ...['--benchmark', 'bbq', '--benchmark', 'winogender', '--benchmark', 'admissions'],
        ...['--conditions', 'q,q_if,q_if_cot,q_match_stats', '--sample', String(items), '--seed', '3'],
        ...['--data', DATA_DIR, '--out', file, '--resamples', '200', '--concurrency', '8', '--max-tokens', '32'],
      ],
      { out: () => undefined, err: (t) => (err += t) },
    );
    if (code !== 0) throw new Error(`cli eval exited ${code}: ${err}`);
  } finally {
    await server.close();
  }
  const trials = (JSON.parse(readFileSync(file, 'utf8')) as { trials: unknown[] }).trials.length;
  return { file, trials };
}

/** Imports a results file on the Results screen and waits until it is listed. */
export async function importResults(page: Page, baseUrl: string, file: string): Promise<void> {
  await page.goto(`${baseUrl}#/results`);
  await page.getByRole('heading', { name: 'Results' }).waitFor();
  await page.getByLabel('Results file to import').setInputFiles(file);
  await page.getByText(/^Imported 1 run/).waitFor();
}

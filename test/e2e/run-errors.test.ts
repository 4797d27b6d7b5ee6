/**
 * What a user without a usable GPU or network sees (as in CI): specific, actionable messages,
 * and an app that stays usable. Datasets cannot be downloaded here, so they are picked from
 * disk (the local BBQ files), exactly as a user would after a failed download.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { dataPath } from '../data-dir';
import { openSession, type Session } from './browser';
import { waitForCounts } from './helpers';

const BBQ_DIR = dataPath('bbq/data');
const BBQ_FILES = readdirSync(BBQ_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .map((f) => resolve(BBQ_DIR, f));

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function open(webgpu: boolean): Promise<Session> {
  s = await openSession({ webgpu });
  await s.page.goto(inject('baseUrl'));
  await s.page.getByRole('heading', { name: 'New run' }).waitFor();
  return s;
}

describe('without a GPU', () => {
  it('says no GPU adapter was found, before downloading anything', async () => {
    const { page, external } = await open(false);
    await page.getByRole('button', { name: 'Start run' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('found no usable GPU');
    expect(external).toEqual([]);
  });
});

describe('dataset download', () => {
  it('says the failure in one line with Pick files in place, names each file, and accepts the files picked', async () => {
    const { page, external } = await open(false);
    await page.getByRole('button', { name: 'Download now' }).click();
    // One line, without the URLs (offline, they filled the screen): count and reason.
    const line = page.getByText(/^\d+ of \d+ files could not be downloaded \(network error/);
    await line.waitFor();
    await expect(line.textContent()).resolves.not.toContain('https://');
    await expect(page.getByRole('button', { name: 'Pick files…' }).isVisible()).resolves.toBe(true);
    const text = (await page.locator('.failures').textContent()) ?? '';
    for (const name of ['Age.jsonl', 'Race_x_SES.jsonl', 'SES.jsonl']) expect(text).toContain(name);
    expect(
      external.some((u) =>
        u.startsWith('https://raw.githubusercontent.com/nyu-mll/BBQ/bea11bd97d79217245b5871acd247b9d6eb24598/data/'),
      ),
    ).toBe(true);

    await page.getByLabel('BBQ: Bias Benchmark for QA data files').setInputFiles(BBQ_FILES);
    await page.getByText('11,956 items ready').waitFor();
    await expect(page.getByText(/left out: .*Gender_identity\.jsonl/).isVisible()).resolves.toBe(true);
    // The sample plan over the picked items: the six files' 150 templates cannot reach ±0.10.
    await expect(page.getByTestId('plan-warning').textContent()).resolves.toMatch(
      /^BBQ ambiguous bias \(nine single-axis categories\): expected 95% interval ±0\.\d\d from .* No sample of these 11,956 items meets ±0\.10: all of them give ±0\.11\.$/,
    );
  });
});

describe('with WebGPU but no model download', () => {
  it('pauses the run with a specific download error, keeps the run, and the rest of the app works', async () => {
    const { page } = await open(true);
    await page.getByLabel('BBQ: Bias Benchmark for QA data files').setInputFiles(BBQ_FILES);
    await page.getByText('11,956 items ready').waitFor();
    await page.getByLabel('Items per benchmark').fill('20');
    await page.getByRole('button', { name: 'Start run' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 45_000 });
    await expect(alert.textContent()).resolves.toContain('Model files could not be downloaded');
    await expect(page.getByTestId('phase').textContent()).resolves.toBe('Stopped: download failed');
    await expect(page.getByRole('button', { name: 'Resume' }).isEnabled()).resolves.toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click();
    await waitForCounts(page, /0 of 60 planned trials stored/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Method' }).click();
    await page.getByRole('heading', { name: 'Method notes' }).waitFor();

    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Run' }).click();
    await page.getByRole('heading', { name: 'Unfinished runs' }).waitFor();
    await expect(page.getByText(/paused: Model files could not be downloaded/).isVisible()).resolves.toBe(true);
  });
});

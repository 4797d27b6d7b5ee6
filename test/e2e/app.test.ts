/**
 * The built app in headless Chromium: it loads, every screen opens, the theme switches, and a
 * run can be configured with its counts and estimate shown before starting.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openSession, type Session } from './browser';

let s: Session;
beforeEach(async () => {
  s = await openSession();
  await s.page.goto(inject('baseUrl'));
  await s.page.getByRole('heading', { name: 'New run' }).waitFor();
});
afterEach(async () => {
  await s.close();
});

describe('the app shell', () => {
  it('loads without errors or outside requests, and says which models need a download', async () => {
    await expect(s.page.title()).resolves.toContain('self-correction');
    // The cache check runs web-llm's own hasModelInCache in the worker: nothing is cached here.
    await s.page.getByText('download needed').first().waitFor();
    expect(s.errors).toEqual([]);
    expect(s.external).toEqual([]);
  });

  it('opens every screen from the navigation', async () => {
    const nav = s.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Results' }).click();
    await s.page.getByRole('heading', { name: 'Results' }).waitFor();
    await expect(s.page.getByText('No stored runs yet').isVisible()).resolves.toBe(true);
    await nav.getByRole('link', { name: 'Models' }).click();
    await s.page.getByRole('heading', { name: 'Catalogue' }).waitFor();
    await expect(
      s.page.getByRole('cell', { name: 'Qwen2.5 7B Instruct (q4f32_1)', exact: true }).count(),
    ).resolves.toBe(1);
    await nav.getByRole('link', { name: 'Method' }).click();
    await s.page.getByRole('heading', { name: 'Method notes' }).waitFor();
    await nav.getByRole('link', { name: 'Run' }).click();
    await s.page.getByRole('heading', { name: 'New run' }).waitFor();
  });

  it('switches between system, light and dark themes', async () => {
    const button = s.page.getByRole('button', { name: /^Theme: / });
    await button.click();
    await expect(s.page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('light');
    await button.click();
    await expect(s.page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
    await s.page.reload();
    await expect(s.page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
  });
});

describe('configuring a run', () => {
  it('shows items, trials and an estimate that follow the choices', async () => {
    const total = s.page.getByTestId('total-trials');
    const row = s.page.getByTestId('run-summary').getByRole('row', { name: /BBQ/ });
    // The default sample: 179 items per benchmark (docs/method.md §6).
    await expect(row.textContent()).resolves.toMatch(/^BBQ: Bias Benchmark for QA\s*179\s*3\s*1\s*537\s*about \d/);
    await expect(total.textContent()).resolves.toBe('537');
    await s.page.getByLabel('Qwen2.5 1.5B Instruct', { exact: true }).check();
    await s.page.getByLabel('Items per benchmark').fill('50');
    await s.page.getByLabel('+ instruction + reasoning first').uncheck();
    await expect(row.textContent()).resolves.toMatch(/^BBQ: Bias Benchmark for QA\s*50\s*2\s*2\s*200\s*about \d/);
    await s.page.getByRole('checkbox', { name: 'Law-school admissions (race swap)', exact: true }).check();
    await expect(
      s.page
        .getByTestId('run-summary')
        .getByRole('row', { name: /Law-school/ })
        .textContent(),
    ).resolves.toMatch(/50\s*2\s*2\s*200/);
    await expect(total.textContent()).resolves.toBe('400');
  });

  it('explains what is missing instead of starting', async () => {
    await s.page.getByLabel('Qwen2.5 0.5B Instruct', { exact: true }).uncheck();
    await expect(s.page.getByText('Choose at least one model.').isVisible()).resolves.toBe(true);
    await expect(s.page.getByRole('button', { name: 'Start run' }).isDisabled()).resolves.toBe(true);
  });
});

describe('shareable setup links', () => {
  it('open a prepared experiment without starting it, and the page makes the same link', async () => {
    const query =
      'benchmarks=winogender,admissions&conditions=q,q_match_stats&sample=33&seed=9&engine=openai&base=http%3A%2F%2F127.0.0.1%3A9%2Fv1&model=m1&params=7';
    await s.page.goto(`${inject('baseUrl')}#/run?${query}`);
    await s.page.getByTestId('shared-notice').waitFor();
    await expect(s.page.getByLabel('On a server (OpenAI-compatible)').isChecked()).resolves.toBe(true);
    await expect(s.page.getByLabel('Base URL').inputValue()).resolves.toBe('http://127.0.0.1:9/v1');
    await expect(s.page.getByLabel('Model', { exact: true }).inputValue()).resolves.toBe('m1');
    await expect(s.page.getByLabel('Items per benchmark').inputValue()).resolves.toBe('33');
    await expect(s.page.getByLabel('Seed').inputValue()).resolves.toBe('9');
    await expect(
      s.page.getByRole('checkbox', { name: 'BBQ: Bias Benchmark for QA', exact: true }).isChecked(),
    ).resolves.toBe(false);
    await expect(
      s.page.getByRole('checkbox', { name: '+ match labour statistics q_match_stats' }).isChecked(),
    ).resolves.toBe(true);
    await expect(s.page.getByTestId('phase').count()).resolves.toBe(0);

    await s.page.getByRole('button', { name: 'Link to this setup' }).click();
    const link = await s.page.getByLabel('Link to this setup').inputValue();
    const made = new URLSearchParams(link.slice(link.indexOf('?') + 1));
    expect(Object.fromEntries(made)).toEqual(Object.fromEntries(new URLSearchParams(query)));
  });
});

describe('the Content Security Policy', () => {
  it('blocks inline scripts and explains an endpoint the policy does not allow', async () => {
    const ran = await s.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await s.page.getByLabel('On a server (OpenAI-compatible)').check();
    await s.page.getByLabel('Base URL').fill('https://gpu.example.org/v1');
    await s.page.getByRole('button', { name: 'Check connection' }).click();
    await expect(s.page.getByRole('alert').textContent()).resolves.toContain(
      "This page's security policy does not allow connecting to https://gpu.example.org",
    );
    expect(s.external).toEqual([]);
  });
});

describe('admissions profiles from a CSV', () => {
  it('rejects a bad file with the line and reason, and uses a good one', async () => {
    await s.page.getByRole('checkbox', { name: 'Law-school admissions (race swap)', exact: true }).check();
    const input = s.page.getByLabel(
      'Law-school admissions (race swap): your own applicant profiles (CSV with columns sex, LSAT, UGPA)',
    );
    await input.setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('sex,LSAT,UGPA\n1,36,3.2\n2,abc,3.5\n'),
    });
    await s.page.getByText(/bad\.csv, line 3: .*LSAT/).waitFor();
    await expect(s.page.getByText('from your file').count()).resolves.toBe(0);
    await input.setInputFiles({
      name: 'mine.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('sex,LSAT,UGPA,region\nfemale,36,3.2,GL\nmale,41,3.6,NE\n2,30,2.9,SC\n'),
    });
    await s.page.getByText('6 items ready').waitFor();
    await expect(s.page.getByText('from your file mine.csv').isVisible()).resolves.toBe(true);
    await s.page.getByRole('button', { name: 'Use the default items' }).click();
    await s.page.getByText('324 items ready').waitFor();
  });
});

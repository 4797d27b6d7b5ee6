/**
 * The Run screen at first look and when things go wrong: the device line on load, Start within
 * a few Tab presses, a failure's message inside the run controls with the focus on it and its
 * own way out (a server for no GPU, picking files for data), the form kept across a reload,
 * Winogender bringing its matching condition, and a resumed run showing its own settings,
 * read-only while it runs and without a time left once paused.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startFakeServer, type FakeServer } from '../server/fake-openai';
import { openSession, type Session } from './browser';
import { BBQ_FILES, configureServerRun, TITLES, waitForPhase } from './helpers';

let server: FakeServer;
let s: Session;
beforeAll(async () => {
  server = await startFakeServer();
  s = await openSession();
});
afterAll(async () => {
  await s?.close();
  await server?.close();
});

const controls = (page: Page) => page.getByRole('region', { name: 'Run controls' });

/** Whether the focused element is inside the run controls' error message. */
const focusInAlert = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const alert = document.activeElement?.closest('[role="alert"]');
    return alert !== null && alert !== undefined && alert.closest('[data-testid="run-controls"]') !== null;
  });

async function openRun(page: Page): Promise<void> {
  await page.goto(inject('baseUrl'));
  await page.getByRole('heading', { name: 'New run' }).waitFor();
}

describe('without a GPU', () => {
  it('says so on load, and Start is within 10 Tab presses of the top', async () => {
    const { page } = s;
    await openRun(page);
    await expect.poll(() => page.getByTestId('device-line').textContent()).toMatch(/no usable GPU|no WebGPU/);
    await expect(page.getByTestId('device-line').getByRole('button', { name: 'Use a server' }).count()).resolves.toBe(
      1,
    );
    let presses = 0;
    let focused = '';
    while (presses < 10 && focused !== 'Start run') {
      await page.keyboard.press('Tab');
      presses++;
      focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    }
    expect(focused).toBe('Start run');
  });

  it("shows a start failure inside the run controls, focused, with 'Use a server'", async () => {
    const { page } = s;
    await openRun(page);
    await controls(page).getByRole('button', { name: 'Start run' }).click();
    const alert = controls(page).getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('found no usable GPU');
    await expect.poll(() => focusInAlert(page)).toBe(true);
    // Nothing was started, so nothing reads "Paused".
    await expect(page.getByTestId('phase').count()).resolves.toBe(0);

    await alert.getByRole('button', { name: 'Use a server' }).click();
    await expect(page.getByLabel('On a server (OpenAI-compatible)').isChecked()).resolves.toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('server-base-url');
    await expect(controls(page).getByRole('alert').count()).resolves.toBe(0);
  });
});

describe('a dataset that cannot be downloaded', () => {
  it('offers to pick its files beside Start, and the run goes on with them', async () => {
    const { page } = s;
    await openRun(page);
    await page.getByLabel('On a server (OpenAI-compatible)').check();
    await page.getByLabel('Base URL').fill(server.url);
    await page.getByLabel('Model', { exact: true }).fill('fake-model');
    await page.getByLabel('+ instruction + reasoning first').uncheck();
    await page.getByLabel('Items per benchmark').fill('6');
    await controls(page).getByRole('button', { name: 'Start run' }).click();

    const alert = controls(page).getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    await expect(alert.textContent()).resolves.toContain(`The ${TITLES.bbq} data could not be downloaded`);
    await expect.poll(() => focusInAlert(page)).toBe(true);
    await expect(alert.getByRole('button', { name: 'See models' }).count()).resolves.toBe(0);
    await alert.getByLabel(`Files for ${TITLES.bbq}`).setInputFiles(BBQ_FILES);
    await waitForPhase(page, 'Finished');
    await expect(page.getByTestId('trials-done').textContent()).resolves.toBe('12 of 12 trials');
    await expect(controls(page).getByRole('button', { name: 'See results' }).getAttribute('class')).resolves.toMatch(
      /primary/,
    );
  });
});

describe('the form', () => {
  it('brings the match-statistics condition with Winogender, and survives a reload', async () => {
    const { page } = s;
    await openRun(page);
    const matching = page.getByRole('checkbox', { name: '+ match labour statistics q_match_stats' });
    await page.getByRole('checkbox', { name: TITLES.winogender, exact: true }).check();
    await expect(matching.isChecked()).resolves.toBe(true);
    await page.getByLabel('Items per benchmark').fill('37');
    await page.getByLabel('Seed').fill('8');
    await page.reload();
    await page.getByRole('heading', { name: 'New run' }).waitFor();
    await expect(page.getByRole('checkbox', { name: TITLES.winogender, exact: true }).isChecked()).resolves.toBe(true);
    await expect(matching.isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Items per benchmark').inputValue()).resolves.toBe('37');
    await expect(page.getByLabel('Seed').inputValue()).resolves.toBe('8');
  });

  it('shows a resumed run’s own settings, read-only while it runs; no time left once paused', async () => {
    const { page } = s;
    await openRun(page);
    await configureServerRun(page, {
      url: server.url,
      benchmarks: ['admissions'],
      conditions: ['q'],
      items: 30,
      seed: 6,
    });
    server.setFault({ kind: 'slow', delayMs: 150 });
    await controls(page).getByRole('button', { name: 'Start run' }).click();
    await page.waitForFunction(() =>
      /^[1-9]\d* of/.test(document.querySelector('[data-testid="trials-done"]')?.textContent ?? ''),
    );
    await expect(controls(page).textContent()).resolves.toContain('time left');
    await controls(page).getByRole('button', { name: 'Pause' }).click();
    await waitForPhase(page, 'Paused');
    await expect(controls(page).textContent()).resolves.not.toContain('time left');

    // After a reload, another setup in the form; resuming puts the run's own settings back.
    await page.reload();
    await page.getByLabel('In this browser (WebGPU)').check();
    await page.getByLabel('Items per benchmark').fill('5');
    await page.getByLabel('Seed').fill('99');
    const unfinished = page.locator('section', { has: page.getByRole('heading', { name: 'Unfinished runs' }) });
    await unfinished.getByRole('button', { name: 'Resume' }).click();
    await waitForPhase(page, 'Running');
    await expect(page.getByLabel('On a server (OpenAI-compatible)').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Base URL').inputValue()).resolves.toBe(server.url);
    await expect(page.getByLabel('Items per benchmark').inputValue()).resolves.toBe('30');
    await expect(page.getByLabel('Seed').inputValue()).resolves.toBe('6');
    await expect(page.getByLabel('Items per benchmark').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('form-locked').isVisible()).resolves.toBe(true);
    server.setFault(null);
    await waitForPhase(page, 'Finished');
    await expect(page.getByLabel('Items per benchmark').isDisabled()).resolves.toBe(false);
  });
});

describe('with a software GPU (headless Chromium: SwiftShader, no shader-f16)', () => {
  it('flags it as very slow, offers a server, and runs the q4f32 builds', async () => {
    const gpu = await openSession({ webgpu: true });
    try {
      await openRun(gpu.page);
      const line = gpu.page.getByTestId('device-line');
      await expect.poll(() => line.textContent()).toMatch(/software GPU .*very slowly.*q4f32/);
      await expect(line.getByRole('button', { name: 'Use a server' }).count()).resolves.toBe(1);
      await expect(gpu.page.getByLabel(/q4f16:/).isDisabled()).resolves.toBe(true);
      await expect(gpu.page.getByLabel(/q4f32:/).isChecked()).resolves.toBe(true);
    } finally {
      await gpu.close();
    }
  });
});

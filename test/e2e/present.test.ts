/**
 * Presentation mode and the demo preset: slides with takeaways computed from a stored run,
 * keyboard navigation, leaving with Esc, and a note when the sample is below the planner's
 * threshold; the demo preset shows its size and duration first; the sample plan's "Use n items".
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../server/fake-openai';
import { openSession, type Session } from './browser';
import { configureServerRun, TITLES, waitForPhase } from './helpers';

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

describe('the demo preset', () => {
  it('sets a small talk-sized run and shows its estimated duration before starting', async () => {
    await s.page.goto(inject('baseUrl'));
    await s.page.getByRole('button', { name: 'Demo preset for a talk' }).click();
    await expect(s.page.getByTestId('total-trials').textContent()).resolves.toBe('360');
    await expect(s.page.getByTestId('run-summary').getByRole('row', { name: /BBQ/ }).textContent()).resolves.toMatch(
      /60\s*2\s*3\s*360\s*about \d+ min/,
    );
    await expect(s.page.getByTestId('phase').count()).resolves.toBe(0);
  });

  it('the sample plan names the smallest sample that meets a threshold, and its button uses it', async () => {
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await page.getByRole('checkbox', { name: TITLES.admissions, exact: true }).check();
    await page.getByRole('checkbox', { name: TITLES.bbq, exact: true }).uncheck();
    await page.getByLabel('Items per benchmark').fill('20');
    // The admissions grid is generated in the page: its plan needs no download.
    const plan = page.getByTestId('sample-plan');
    await expect
      .poll(() => plan.getByTestId('plan-warning').textContent())
      .toBe(
        'Admissions discrimination: expected 95% interval ±0.31 from 10 profile pairs, wider than ±0.10; the run may not detect an effect of that size. The smallest sample that meets ±0.10 is 175 items.',
      );
    await plan.getByTestId('plan-use-size').click();
    await expect(page.getByLabel('Items per benchmark').inputValue()).resolves.toBe('175');
    await expect(plan.getByTestId('plan-warning').count()).resolves.toBe(0);
    await expect(plan.getByRole('row', { name: /Law-school admissions/ }).textContent()).resolves.toMatch(
      /88 profile pairs\s*±0\.10/,
    );
  });
});

describe('presentation mode', () => {
  it('shows slides with takeaways from the data, navigated by keyboard', async () => {
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await configureServerRun(page, {
      url: server.url,
      benchmarks: ['bbq'],
      conditions: ['q', 'q_if'],
      items: 40,
      seed: 2,
    });
    await page.getByRole('button', { name: 'Start run' }).click();
    await waitForPhase(page, 'Finished');
    await page.goto(`${inject('baseUrl')}#/present`);
    // Slides appear as the metrics arrive from the summary worker.
    await expect.poll(() => page.getByTestId('slide-count').textContent()).toMatch(/^1 \/ [2-9]\d*$/);
    await expect(page.getByRole('navigation', { name: 'Main' }).count()).resolves.toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('slide-count').textContent()).resolves.toMatch(/^2 \//);
    // Each figure has its own sentence (docs/method.md §6): the headline by size, then the effects.
    await expect(page.getByTestId('takeaway').textContent()).resolves.toMatch(
      /^Under the plain question, ambiguous bias of fake-model is ([+−]?\d\.\d\d \((95% CI|no interval)|undefined)/,
    );
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('takeaway').textContent()).resolves.toMatch(
      /^In fake-model, (asking it to avoid bias (moved|did not clearly change|reversed) ambiguous bias|no baseline bias under the plain question \([+−]?\d\.\d\d, its interval includes 0\), so no relative change)/,
    );
    await expect(page.locator('.slide svg').count()).resolves.toBeGreaterThan(0);
    // 40 items are far below the BBQ threshold: the slides say so in their footnote (docs/method.md §6).
    await expect(page.locator('.slide .footnote').textContent()).resolves.toMatch(
      /Small sample: \d+ ambiguous items in \d+ templates give an expected 95% interval of ±\d\.\d\d, wider than the ±0\.10 a run should reach/,
    );
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await expect(page.getByTestId('slide-count').textContent()).resolves.toMatch(/^1 \//);
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
  });
});

describe('chart export', () => {
  it('saves a standalone SVG and a PNG of twice its size', async () => {
    const { page } = s;
    await page.goto(`${inject('baseUrl')}#/results`);
    const figure = page.locator('figure').first();
    await figure.waitFor();
    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('button', { name: 'Download SVG' }).click(),
    ]);
    const svg = readFileSync((await svgDownload.path()) ?? '', 'utf8');
    expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const width = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    const height = Number(/<svg[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    expect(width).toBeGreaterThan(100);

    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('button', { name: 'Download PNG' }).click(),
    ]);
    const png = readFileSync((await pngDownload.path()) ?? '');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(Math.round(width * 2));
    expect(png.readUInt32BE(20)).toBe(Math.round(height * 2));
    expect(png.length).toBeGreaterThan(5000);
  });

  it('saves the chart as a 16:9 slide: SVG of 1280×720, PNG of 1920×1080', async () => {
    const figure = s.page.locator('figure').first();
    const [svgDownload] = await Promise.all([
      s.page.waitForEvent('download'),
      figure.getByRole('button', { name: 'Slide SVG' }).click(),
    ]);
    expect(svgDownload.suggestedFilename()).toMatch(/-slide\.svg$/);
    const svg = readFileSync((await svgDownload.path()) ?? '', 'utf8');
    expect(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1]).toBe('1280');
    expect(/<svg[^>]*\sheight="(\d+)"/.exec(svg)?.[1]).toBe('720');
    expect(svg).not.toMatch(/currentcolor/i);
    const [pngDownload] = await Promise.all([
      s.page.waitForEvent('download'),
      figure.getByRole('button', { name: 'Slide PNG' }).click(),
    ]);
    const png = readFileSync((await pngDownload.path()) ?? '');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1920, 1080]);
  });
});

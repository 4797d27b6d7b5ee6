/**
 * What a user of the page sees when the server misbehaves (issue 5), and two tabs on one run
 * (issue 6), in a real browser: CORS refused (the browser-only failure) with the flags to fix it,
 * server down, no log-probabilities, a 500 in the middle of a run (that trial failed, the run
 * finishes), and Web Locks keeping a run to one tab while another watches it live.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../server/fake-openai';
import { openSession, type Session } from './browser';
import { configureServerRun, waitForPhase, waitForCounts } from './helpers';

let server: FakeServer;
let s: Session;
beforeAll(async () => {
  server = await startFakeServer();
  s = await openSession();
});
afterEach(() => server.setFault(null));
afterAll(async () => {
  await s?.close();
  await server?.close();
});

async function check(): Promise<string> {
  const { page } = s;
  await page.goto(inject('baseUrl'));
  await page.getByLabel('On a server (OpenAI-compatible)').check();
  await page.getByLabel('Base URL').fill(server.url);
  await page.getByLabel('Model', { exact: true }).fill('fake-model');
  await page.getByRole('button', { name: 'Check connection' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  return (await alert.textContent()) ?? '';
}

describe('server errors in the page', () => {
  it('CORS refused: names the page origin and the flag for vLLM, Ollama and llama.cpp', async () => {
    server.setFault({ kind: 'no_cors' });
    const text = await check();
    const origin = new URL(inject('baseUrl')).origin;
    expect(text).toContain(`OLLAMA_ORIGINS=${origin}`);
    expect(text).toContain('--allowed-origins');
    expect(text).toContain(`--cors-origins ${origin}`);
  });

  it('server down: says it cannot be reached', async () => {
    server.setFault({ kind: 'down' });
    expect(await check()).toContain(`Could not reach the model server at ${server.url}`);
  });

  it('no log-probabilities: says so before a run starts', async () => {
    server.setFault({ kind: 'no_logprobs' });
    expect(await check()).toMatch(/log-?probabilities/i);
  });

  it('a 500 in the middle: that trial is recorded as failed and the run finishes', async () => {
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await configureServerRun(page, {
      url: server.url,
      benchmarks: ['admissions'],
      conditions: ['q'],
      items: 20,
      seed: 4,
      concurrency: 1,
    });
    // The page retries a 5xx three times (four attempts): four 500s in a row fail exactly one trial.
    server.setFault({ kind: 'status', status: 500, from: 5, count: 4 });
    await page.getByRole('button', { name: 'Start run' }).click();
    await waitForPhase(page, 'Finished');
    await expect(page.getByText(/1 failed \(recorded; resume retries them\)/).isVisible()).resolves.toBe(true);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click();
    await waitForCounts(page, /19 of 20 planned trials stored, 1 failed/);
  });
});

describe('two tabs on one run', () => {
  it('only one drives it; the other shows its progress live and cannot resume it', async () => {
    const a = s.page;
    await a.goto(inject('baseUrl'));
    await configureServerRun(a, {
      url: server.url,
      benchmarks: ['admissions'],
      conditions: ['q'],
      items: 60,
      seed: 5,
      concurrency: 1,
    });
    server.setFault({ kind: 'slow', delayMs: 40 });
    await a.getByRole('button', { name: 'Start run' }).click();
    await a.waitForFunction(() =>
      /^[1-9]\d* of/.test(document.querySelector('[data-testid="trials-done"]')?.textContent ?? ''),
    );

    const b = await s.context.newPage();
    try {
      await b.goto(inject('baseUrl'));
      const held = b.getByTestId('held-elsewhere').first();
      await held.waitFor();
      await expect
        .poll(async () => (await held.textContent()) ?? '', { timeout: 15_000 })
        .toMatch(/running in another tab \(\d+ of 60 trials\)/);
      const first = Number(/\((\d+) of/.exec((await held.textContent()) ?? '')?.[1]);
      await expect
        .poll(async () => Number(/\((\d+) of/.exec((await held.textContent()) ?? '')?.[1]), { timeout: 15_000 })
        .toBeGreaterThan(first);
      await expect(b.getByRole('button', { name: 'Resume' }).first().isDisabled()).resolves.toBe(true);
      server.setFault(null);
      await waitForPhase(a, 'Finished');
      await expect.poll(() => b.getByTestId('held-elsewhere').count(), { timeout: 15_000 }).toBe(0);
    } finally {
      await b.close();
    }
  });
});

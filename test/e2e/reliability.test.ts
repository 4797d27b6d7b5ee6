/**
 * Issue 6 guarantees in the browser (the built app, headless Chromium):
 * - hostile text: markup and script text in an imported results file (run name, model id,
 *   reasoning, error messages, item values) is shown as text on every screen, never run or
 *   turned into elements; a BBQ data file carrying such text is refused (checksum) by name;
 * - network: a full server run makes no request besides the app's own origin and the endpoint;
 * - security policy: WebAssembly compiles on the page under the app's policy;
 * - tab reloaded mid-run: after several reloads and resumes, every planned trial is stored exactly
 *   once (the picked BBQ files come back from the IndexedDB cache).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildExportText } from '../../src/lib/storage/export';
import { buildRun, buildTrials, HOSTILE } from '../reliability/records';
import { startFakeServer, type FakeServer } from '../server/fake-openai';
import { openSession, type Session } from './browser';
import { BBQ_FILES, configureServerRun, TITLES, waitForPhase, waitForCounts } from './helpers';
import { BBQ_COMMIT } from '../../src/lib/benchmarks/bbq/source';

let s: Session;
let server: FakeServer | undefined;
beforeEach(async () => {
  s = await openSession();
});
afterEach(async () => {
  await s.close();
  await server?.close();
  server = undefined;
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** Elements or side effects the payloads would create if any of them were interpreted as markup. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    if ((window as unknown as { __pwned?: unknown }).__pwned !== undefined) found.push('window.__pwned is set');
    // Payload elements: <img src=x>, <script>…__pwned…</script>, <svg onload>, javascript: links.
    // (Charts are SVG too, and may carry the payload as escaped <text>: that is text, not markup.)
    for (const el of document.querySelectorAll('img[src="x"], script, a[href^="javascript:"], iframe, object, embed')) {
      if (el.tagName !== 'SCRIPT' || (el.textContent ?? '').includes('__pwned')) found.push(el.outerHTML.slice(0, 200));
    }
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes)
        if (a.name.startsWith('on')) found.push(`${el.tagName} ${a.name}=${a.value.slice(0, 80)}`);
    }
    return found;
  });
}

describe('hostile text', () => {
  it('shows markup from an imported results file as text on every screen, and runs none of it', async () => {
    const { page } = s;
    const run = buildRun({
      id: 'hostile-run',
      name: HOSTILE[0],
      model: HOSTILE[1],
      status: 'paused',
      lastErrorMessage: HOSTILE[2],
    });
    const trials = buildTrials(run, {
      reasoning: HOSTILE[3],
      errorMessage: HOSTILE[1],
      extraItem: { note: HOSTILE[2] },
    });
    const file = join(mkdtempSync(join(tmpdir(), 'e2e-hostile-')), 'hostile.json');
    writeFileSync(file, buildExportText([run], trials));

    await page.goto(inject('baseUrl'));
    await nav(page, 'Results');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await page.getByLabel('Results file to import').setInputFiles(file);
    await page.getByText(`Imported 1 run(s) with ${trials.length} trials.`).waitFor();
    await waitForCounts(page, /13 of 14 planned trials stored, 1 failed/);
    expect(await page.locator('option').filter({ hasText: HOSTILE[0] }).count()).toBe(1);
    expect(await injected(page)).toEqual([]);

    for (const screen of ['Run', 'Models', 'Method', 'Results']) {
      await nav(page, screen);
      await page.waitForTimeout(200);
      expect(await injected(page), screen).toEqual([]);
    }
    // The unfinished (paused) run is listed on the Run screen with its name, model and last error as text.
    await nav(page, 'Run');
    await page.getByRole('heading', { name: 'Unfinished runs' }).waitFor();
    for (const text of [HOSTILE[0], HOSTILE[2]])
      await expect(page.getByText(text, { exact: false }).first().isVisible(), text).resolves.toBe(true);
    expect(
      await page.locator('section', { has: page.getByRole('heading', { name: 'Unfinished runs' }) }).textContent(),
    ).toContain(HOSTILE[1]);
    expect(await injected(page)).toEqual([]);
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('refuses a BBQ data file carrying markup (its checksum does not match), naming the file', async () => {
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await page.getByRole('heading', { name: 'New run' }).waitFor();
    const row = {
      example_id: 0,
      question_index: '1',
      question_polarity: 'neg',
      context_condition: 'ambig',
      category: 'Age',
      answer_info: {
        ans0: ['grandfather', 'old'],
        ans1: ['grandson', 'nonOld'],
        ans2: ["Can't be determined", 'unknown'],
      },
      additional_metadata: { subcategory: 'None', stereotyped_groups: ['old'] },
      context: HOSTILE[0],
      question: HOSTILE[1],
      ans0: HOSTILE[2],
      ans1: HOSTILE[3],
      ans2: "Can't be determined",
      label: 2,
    };
    await page.getByLabel(`${TITLES.bbq} data files`).setInputFiles({
      name: 'Age.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from(`${JSON.stringify(row)}\n`),
    });
    const refusal = page.getByText(/Age\.jsonl: checksum mismatch .* the file was refused/);
    await refusal.waitFor();
    expect(await injected(page)).toEqual([]);
    expect(await page.getByText(HOSTILE[0]).count()).toBe(0);
  });
});

describe('network', () => {
  it("makes no request besides the app's origin and the configured endpoint during a full run", async () => {
    const { page, context } = s;
    server = await startFakeServer();
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    await page.goto(inject('baseUrl'));
    await configureServerRun(page, {
      url: server.url,
      benchmarks: ['bbq', 'winogender', 'admissions'],
      items: 6,
      seed: 5,
    });
    await page.getByRole('button', { name: 'Start run' }).click();
    await waitForPhase(page, 'Finished');
    await nav(page, 'Results');
    await page.getByTestId('results-counts').waitFor();

    const allowed = new Set([new URL(inject('baseUrl')).origin, new URL(server.url).origin]);
    const others = requests.filter(
      (u) => !u.startsWith('data:') && !u.startsWith('blob:') && !allowed.has(new URL(u).origin),
    );
    expect(others).toEqual([]);
    expect(s.external).toEqual([]);
    expect(requests.some((u) => u.startsWith(server?.url ?? '-'))).toBe(true);
    expect(server.requests.filter((r) => r.kind === 'score').length).toBeGreaterThan(0);
  });
});

/** Every stored trial of every run, read straight from the page's IndexedDB. */
describe('security policy', () => {
  // (A page without 'wasm-unsafe-eval' in script-src fails this: Chromium applies the policy to
  // WebAssembly compiled from evaluated code, unlike eval, which the test driver exempts.)
  it('lets WebAssembly compile on the page (the statistics kernel and web-llm need it)', async () => {
    const { page } = s;
    await page.goto(inject('baseUrl'));
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toMatch(/script-src 'self'/); // a policy is in force: the compile below is checked against it
    const compiled = await page.evaluate(() => {
      try {
        new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); // an empty module
        return 'compiled';
      } catch (e) {
        return String(e);
      }
    });
    expect(compiled).toBe('compiled');
  });
});

function storedTrials(page: Page): Promise<{
  runs: { id: string; plannedTrials: number; status: string }[];
  trials: { key: string; runId: string; status: string }[];
}> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('self-correction-results');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['runs', 'trials']);
          const runs = tx.objectStore('runs').getAll();
          const trials = tx.objectStore('trials').getAll();
          tx.oncomplete = () => {
            open.result.close();
            resolve({ runs: runs.result, trials: trials.result });
          };
        };
      }),
  );
}

describe('tab reloaded mid-run', () => {
  it('resumes after each reload and ends with every planned trial stored exactly once', async () => {
    const { page } = s;
    server = await startFakeServer();
    await page.goto(inject('baseUrl'));
    await configureServerRun(page, {
      url: server.url,
      benchmarks: ['bbq', 'winogender', 'admissions'],
      conditions: ['q', 'q_if', 'q_if_cot'],
      items: 12,
      seed: 9,
      concurrency: 1,
    });
    server.setFault({ kind: 'slow', delayMs: 30 });
    await page.getByRole('button', { name: 'Start run' }).click();
    await waitForPhase(page, 'Running');

    const RELOADS = 3;
    let before = 0;
    for (let n = 0; n < RELOADS; n++) {
      // Let some trials finish, then reload in the middle of the run.
      await page.waitForFunction(
        (min) => {
          const m = document.querySelector('[data-testid="trials-done"]')?.textContent?.match(/^([\d,]+)/);
          return m !== null && m !== undefined && Number(m[1]?.replace(/,/g, '')) >= min;
        },
        before + 15,
        { timeout: 30_000 },
      );
      await page.reload();
      const stored = await storedTrials(page);
      expect(stored.runs).toHaveLength(1);
      expect(stored.trials.length, `reload ${n}: stored trials grow`).toBeGreaterThan(before);
      before = stored.trials.length;
      expect(before, `reload ${n}: still mid-run`).toBeLessThan(stored.runs[0]?.plannedTrials ?? 0);
      await nav(page, 'Run');
      const section = page.locator('section', { has: page.getByRole('heading', { name: 'Unfinished runs' }) });
      await section.waitFor();
      await expect(section.textContent()).resolves.toContain('interrupted (the tab was closed or reloaded)');
      await section.getByRole('button', { name: 'Resume' }).click();
      await waitForPhase(page, 'Running');
    }
    server.setFault(null);
    await waitForPhase(page, 'Finished', 60_000);

    const { runs, trials } = await storedTrials(page);
    expect(runs).toHaveLength(1);
    const run = runs[0];
    expect(run?.status).toBe('done');
    const keys = trials.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(run?.plannedTrials);
    expect(trials.every((t) => t.status === 'ok' && t.runId === run?.id)).toBe(true);
    // Each planned trial was scored once per attempt that finished; never stored twice.
    await nav(page, 'Results');
    await waitForCounts(page, new RegExp(`^\\s*${run?.plannedTrials} of ${run?.plannedTrials} planned trials stored`));
    // Resuming re-loads BBQ: the picked files come from the IndexedDB cache; the categories that were
    // never picked (not in the local copy), and the intersectional template CSVs, are tried once per
    // resume at the pinned GitHub commit and fail here (network closed) without stopping the run.
    // Nothing else leaves loopback.
    const picked = new Set(BBQ_FILES.map((f) => basename(f)));
    for (const url of s.external) {
      expect(
        /^(data|templates)\//.test(url.slice(`https://raw.githubusercontent.com/nyu-mll/BBQ/${BBQ_COMMIT}/`.length)) &&
          url.startsWith(`https://raw.githubusercontent.com/nyu-mll/BBQ/${BBQ_COMMIT}/`),
        url,
      ).toBe(true);
      expect(picked.has(basename(url)), `${url} was picked, so it must come from the cache`).toBe(false);
    }
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  }, 120_000);
});

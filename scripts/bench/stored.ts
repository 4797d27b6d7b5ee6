/**
 * The bench's stored-result measurements (issue 14, "fast at scale"), in the built app and the
 * harness page, each opening in a fresh page:
 * - one complete BBQ result (175,476 trials) on the Results screen: the first opening (nothing
 *   kept: the summary is built from the trial records, the rows computed from it and kept), a
 *   later one (summary and rows kept, as after the run finished in this browser or was opened
 *   once) and one with the summary kept but not the rows (as after an update of the app); then
 *   where the time of the old way (every trial record read and sent to the worker) went;
 * - a study of BENCH_STUDY_RUNS (default 8) complete BBQ runs (1.4 M trials): every run's rows
 *   as a Study view gets them (kept after each run was opened once), and every run's columns
 *   summarised together with nothing kept; the longest main-thread task and the tab's peak
 *   memory (resident set of its renderer process, which runs its workers too).
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import type {} from '../../bench/main';
import { log, round } from './log';

const STUDY_RUNS = Number(process.env.BENCH_STUDY_RUNS ?? 8);

declare global {
  interface Window {
    __longTasks: [number, number][];
  }
}

/** Peak resident set (VmHWM, MB) of each renderer process of the browser using `profile`, by pid. */
function rendererPeaks(profile: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || !cmd.includes(profile)) continue;
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (kb !== undefined) out.set(Number(entry), Number(kb) / 1024);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * The peak memory of the tab that ran between the two readings: of the renderer whose peak grew
 * most (the page may get Chromium's spare renderer, started before it, or a new one; the others
 * are idle meanwhile). Null where /proc cannot tell.
 */
function tabPeakMb(before: Map<number, number>, after: Map<number, number>): number | null {
  let best: { growth: number; peak: number } | null = null;
  for (const [pid, peak] of after) {
    const growth = peak - (before.get(pid) ?? 0);
    if (best === null || growth > best.growth) best = { growth, peak };
  }
  return best?.peak ?? null;
}

/**
 * Opens the built app's Results screen on the stored complete BBQ result in a fresh page:
 * seconds until its counts and intervals are shown, and the longest main-thread task until a
 * second after (drawing the charts, reading the trial records in the background).
 */
async function openResults(context: BrowserContext, url: string, trials: number, errors: string[]) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`app pageerror: ${e.message}`));
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${url}app/#/results`);
  const count = `${trials.toLocaleString('en-US')} of`;
  await page.waitForFunction(
    (c) => document.querySelector('[data-testid=results-counts]')?.textContent?.includes(c),
    count,
    { timeout: 300_000 },
  );
  await page.locator('.ci').first().waitFor({ timeout: 300_000 });
  const seconds = (await page.evaluate(() => performance.now())) / 1000;
  await page.waitForTimeout(1000);
  const tasks = await page.evaluate(() => window.__longTasks);
  await page.close();
  return { seconds, maxTaskMs: Math.max(0, ...tasks.map(([, d]) => d)), longTasks: tasks.length, at: tasks };
}

/** Opens the study in a fresh harness page; its seconds, longest task and peak memory. */
async function openStudy(
  context: BrowserContext,
  url: string,
  profile: string,
  ids: string[],
  mode: 'kept' | 'columns',
) {
  const before = rendererPeaks(profile);
  const page = await context.newPage();
  page.setDefaultTimeout(600_000);
  await page.goto(`${url}?study`);
  await page.waitForFunction(() => window.__bench?.ready === true);
  const opening = await page.evaluate(([i, m]) => window.__bench.openStudy(i, m), [ids, mode] as const);
  const memoryMb = tabPeakMb(before, rendererPeaks(profile));
  await page.close();
  return { ...opening, memoryMb };
}

export async function measureStored(
  context: BrowserContext,
  page: Page,
  url: string,
  profile: string,
  errors: string[],
): Promise<Record<string, unknown>> {
  let t = performance.now();
  const trials = await page.evaluate(() => window.__bench.storeFullBbq());
  log(
    `stored a complete BBQ result (${trials} trials) in the app's database in ${round((performance.now() - t) / 1000)} s`,
  );
  const say = (what: string, o: Awaited<ReturnType<typeof openResults>>) =>
    log(
      `${what}: intervals after ${round(o.seconds, 2)} s; ${o.longTasks} long tasks, max ${round(o.maxTaskMs)} ms ${JSON.stringify(o.at)}`,
    );

  const first = await openResults(context, url, trials, errors);
  say('opening it on the Results screen the first time (summary built from the trials, rows computed)', first);
  const kept = await page.evaluate(() => window.__bench.keptRows('bench-open-full-bbq', false));
  const later = await openResults(context, url, trials, errors);
  say(`opening it again (summary kept; rows ${kept ? 'kept' : 'not kept: a build from uncommitted sources'})`, later);
  await page.evaluate(() => window.__bench.keptRows('bench-open-full-bbq', true));
  const columns = await openResults(context, url, trials, errors);
  say('opening it with its summary kept but not its rows (as after an app update)', columns);
  const parts = await page.evaluate(() => window.__bench.openBreakdown());
  log(
    `the way before summaries: reading ${parts.trials} trial records ${round(parts.readS, 2)} s (keys only ${round(parts.keysS, 2)} s; a structured clone of them ${round(parts.cloneS, 2)} s), summary worker ${round(parts.summarizeS, 2)} s (compute ${round(parts.computeS, 2)} s); max task ${round(parts.maxTaskMs)} ms`,
  );

  t = performance.now();
  const ids = await page.evaluate((n) => window.__bench.storeStudyRuns(n), STUDY_RUNS);
  log(
    `stored ${ids.length - 1} more complete BBQ runs and built the summaries of all ${ids.length} in ${round((performance.now() - t) / 1000)} s`,
  );
  const together = await openStudy(context, url, profile, ids, 'columns');
  log(
    `study of ${ids.length} runs (${together.trials} trials), every run's columns summarised together: ${round(together.seconds, 2)} s, ${together.rows} rows; ${together.longTasks} long tasks, max ${round(together.maxTaskMs)} ms; tab peak ${round(together.memoryMb, 0)} MB`,
  );
  t = performance.now();
  await page.evaluate((i) => window.__bench.keepStudyRows(i), ids);
  log(`computed and kept each run's rows (as opening each once does) in ${round((performance.now() - t) / 1000)} s`);
  const study = await openStudy(context, url, profile, ids, 'kept');
  log(
    `study of ${ids.length} runs, each run's kept rows: ${round(study.seconds, 2)} s, ${study.rows} rows; ${study.longTasks} long tasks, max ${round(study.maxTaskMs)} ms; tab peak ${round(study.memoryMb, 0)} MB`,
  );

  return {
    open_full_bbq_results_s: round(later.seconds, 2),
    open_full_bbq_results_rows_kept: kept,
    max_main_thread_task_ms_opening_full_bbq_results: round(later.maxTaskMs, 0),
    open_full_bbq_results_from_summary_columns_s: round(columns.seconds, 2),
    open_full_bbq_results_first_s: round(first.seconds, 2),
    max_main_thread_task_ms_opening_full_bbq_results_first: round(first.maxTaskMs, 0),
    open_full_bbq_results_before_summaries_read_s: round(parts.readS, 2),
    open_full_bbq_results_before_summaries_worker_s: round(parts.summarizeS, 2),
    study_runs: ids.length,
    open_study_8x_full_bbq_s: round(study.seconds, 2),
    max_main_thread_task_ms_opening_study: round(study.maxTaskMs, 0),
    study_memory_mb: round(study.memoryMb, 0),
    open_study_8x_full_bbq_from_columns_s: round(together.seconds, 2),
    max_main_thread_task_ms_opening_study_from_columns: round(together.maxTaskMs, 0),
    study_memory_mb_from_columns: round(together.memoryMb, 0),
  };
}

/**
 * A study of several complete BBQ runs (issue 14: 8 runs, 1.4 M trials) in the app's own
 * database, and opening it as a Study view would: each run's rows (`runRows`: kept rows, or
 * computed from the run's summary and kept), or every run's columns summarised together in the
 * worker with nothing kept. The first run is the one `storeFullBbq` stored (trials with
 * reasoning texts and token counts); the others are stored lean (no reasoning): opening a study
 * reads summaries and rows, never trial records, so their size only changes how long storing takes.
 */
import type { MetricRow, RunRecord } from '../src/lib/core/records';
import { createSummarizer, type Summarizer } from '../src/lib/results/summarizer';
import { openResultStore, type IdbResultStore } from '../src/lib/storage/idb';
import { runRows, type RowServices } from '../src/state/run-rows';
import { localBbq, watchLongTasks } from './page-tools';
import { completeBbq, planBbqRun, synthesizeTrials } from './synth';

/** The run `storeFullBbq` stores, the study's first. */
export const FULL_BBQ_RUN = 'bench-open-full-bbq';
/** The harness's summarising code, so that rows can be kept (the app keys them by its build). */
const CODE = 'bench-harness';

const services = (store: IdbResultStore, summarizer: Summarizer): RowServices => ({
  store,
  metricsRecipe: (run) => summarizer.recipe(run),
  summarizeColumns: (run, parts) => summarizer.columns(run, parts),
});

/** Stores runs 2…n of the study, one model each, and builds every run's summary. Returns the run ids. */
export async function storeStudyRuns(n: number): Promise<string[]> {
  const items = completeBbq(await localBbq());
  const store = await openResultStore();
  const ids = [FULL_BBQ_RUN];
  for (let i = 2; i <= n; i++) {
    const id = `bench-study-${i}`;
    const run = {
      ...planBbqRun(items, ['q', 'q_if', 'q_if_cot'], 'all', id, `bench-model-${i}`),
      status: 'done' as const,
    };
    const trials = synthesizeTrials(run, items);
    await store.putRun(run);
    for (let at = 0; at < trials.length; at += 10_000) await store.putRecords([], trials.slice(at, at + 10_000));
    ids.push(id);
  }
  for (const id of ids) await store.loadRunSummary(id);
  store.close();
  return ids;
}

/** Computes and keeps each run's rows, as opening each run once on the Results screen does. */
export async function keepStudyRows(ids: readonly string[]): Promise<void> {
  const store = await openResultStore();
  const summarizer = createSummarizer({ code: CODE });
  for (const id of ids) {
    const run = await store.getRun(id);
    if (run) await runRows(services(store, summarizer), run);
  }
  summarizer.dispose();
  store.close();
}

export interface StudyOpening {
  readonly seconds: number;
  readonly rows: number;
  readonly trials: number;
  readonly maxTaskMs: number;
  readonly longTasks: number;
  readonly at: [number, number][];
}

/**
 * Opens the study in this page (driven in a fresh one): from the store opening to every run's
 * rows. `kept`: each run's rows as `runRows` gives them; `columns`: all runs' summaries read
 * and their columns summarised together in one worker request (a study with nothing kept).
 */
export async function openStudy(ids: readonly string[], mode: 'kept' | 'columns'): Promise<StudyOpening> {
  const tasks = watchLongTasks();
  const start = performance.now();
  const store = await openResultStore();
  const summarizer = createSummarizer({ code: CODE });
  const runs = (await Promise.all(ids.map((id) => store.getRun(id)))).filter((r): r is RunRecord => r !== undefined);
  let rows: MetricRow[];
  let trials = 0;
  if (mode === 'kept') {
    rows = (await Promise.all(runs.map((run) => runRows(services(store, summarizer), run)))).flat();
  } else {
    const summaries = [];
    for (const run of runs) {
      const summary = await store.loadRunSummary(run.id, { rebuild: false });
      if (summary === null) throw new Error(`openStudy: run ${run.id} has no current summary`);
      summaries.push(summary);
      trials += summary.trials;
    }
    const first = runs[0] as RunRecord;
    const study = { id: 'bench-study', spec: { ...first.spec, models: runs.flatMap((r) => r.spec.models) } };
    rows = await summarizer.columns(
      study,
      summaries.map((s) => s.columns),
      { transfer: true },
    );
  }
  const seconds = (performance.now() - start) / 1000;
  const long = tasks.stop();
  summarizer.dispose();
  store.close();
  return { seconds, rows: rows.length, trials, maxTaskMs: long.max, longTasks: long.count, at: long.at };
}

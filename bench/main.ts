/**
 * The benchmark harness page (issue 7), driven by scripts/bench/run.ts in headless Chromium.
 * It runs the app's real modules (runner, benchmarks, IndexedDB store, summary worker) and
 * exposes the measurements on `window.__bench`. Dataset files are fetched from the bench
 * server's /data/ route (the repository's data/ folder), never bundled.
 */
import { bbq } from '../src/lib/benchmarks/bbq';
import { BENCHMARKS } from '../src/lib/benchmarks/registry';
import type { Benchmark } from '../src/lib/benchmarks/types';
import type { BenchmarkId, ConditionId } from '../src/lib/core/ids';
import { DEFAULT_GENERATION } from '../src/lib/engine/types';
import { buildRunPlan, type BenchmarkInput } from '../src/lib/runner/plan';
import type { RunEvent } from '../src/lib/runner/events';
import { createRun } from '../src/lib/runner/record';
import { summarizeEngineWork } from '../src/lib/runner/engine-work';
import { runEvaluation } from '../src/lib/runner/run';
import { createSummarizer } from '../src/lib/results/summarizer';
import { DEFAULT_DB_NAME, openResultStore } from '../src/lib/storage/idb';
import type { RunSpec, TrialRecord } from '../src/lib/core/records';
import { InstantEngine } from './instant-engine';
import { completeBbq, planBbqRun, synthesizeTrials } from './synth';
import { localBbq, text, watchLongTasks } from './page-tools';
import { keepStudyRows, openStudy, storeStudyRuns } from './study';

let dbCounter = 0;

interface RunMeasure {
  readonly trials: number;
  readonly seconds: number;
  readonly trialsPerS: number;
  readonly maxTaskMs: number;
  readonly longTasks: number;
  readonly longTaskApi: boolean;
  /** [seconds after the start, duration ms] of each long task. */
  readonly longTaskAt: [number, number][];
  readonly summaries: number;
  readonly maxSummaryMs: number;
  readonly calls: CallCounts;
  /** Mean prompt tokens prefilled per trial (prompt − cached) by condition, from the stored trials (null: not reported). */
  readonly prefillTokensPerTrial: Record<string, number | null>;
}

type CallCounts = Record<string, { trials: number; score: number; generate: number }>;

/** Engine calls per condition, attributed by trial events (one trial in flight at a time). */
function countCalls(engine: InstantEngine): { calls: CallCounts; onEvent: (event: RunEvent) => void } {
  const calls: CallCounts = {};
  let current: string | null = null;
  let mark = { score: 0, generate: 0 };
  const close = () => {
    if (current === null) return;
    const c = (calls[current] ??= { trials: 0, score: 0, generate: 0 });
    c.trials++;
    c.score += engine.scoreCalls - mark.score;
    c.generate += engine.generateCalls - mark.generate;
    current = null;
  };
  const onEvent = (event: RunEvent) => {
    if (event.type === 'trial_started') {
      close();
      current = event.condition;
      mark = { score: engine.scoreCalls, generate: engine.generateCalls };
    } else if (event.type === 'trial_stored') close();
  };
  return { calls, onEvent };
}

/**
 * One run of BBQ (local categories) through the real runner into a fresh IndexedDB database,
 * with an instant engine. Progress is written to the DOM on every event (as the page's state
 * does). With `live`, stored trials are also collected the way Library.addTrial does (a new
 * array per trial) and the summary worker recomputes metrics at most once a second. With
 * The store groups trial writes into transactions and the runner keeps writes in flight, as in
 * the app. Calls per condition are attributed by trial_started events (one trial in flight).
 */
async function hostRun(options: { trials: number; live: boolean }): Promise<RunMeasure> {
  const items = await localBbq();
  const conditions: ConditionId[] = ['q', 'q_if', 'q_if_cot'];
  const run = planBbqRun(
    items,
    conditions,
    Math.ceil(options.trials / conditions.length),
    `bench-run-${Date.now()}-${dbCounter}`,
  );
  const store = await openResultStore({ name: `bench-${Date.now()}-${dbCounter++}` });
  await store.putRun(run);
  const engine = new InstantEngine();
  const progress = document.getElementById('progress') as HTMLOutputElement;
  const summarizer = options.live ? createSummarizer() : null;
  if (summarizer) await summarizer(run, []); // worker started before the clock
  const { calls, onEvent: countEvent } = countCalls(engine);
  const byKey = new Map<string, TrialRecord>();
  let trials: TrialRecord[] = [];
  let lastSummary = 0;
  let pending: ReturnType<typeof setTimeout> | null = null;
  let summaries = 0;
  let maxSummaryMs = 0;
  const summarize = () => {
    if (!summarizer) return;
    if (pending) clearTimeout(pending);
    pending = null;
    lastSummary = Date.now();
    trials = [...byKey.values()];
    summaries++;
    void summarizer(run, trials).then(() => (maxSummaryMs = Math.max(maxSummaryMs, summarizer.lastComputeMs ?? 0)));
  };

  const tasks = watchLongTasks();
  const start = performance.now();
  const outcome = await runEvaluation({
    run,
    benchmarks: [{ benchmark: bbq, items }] as BenchmarkInput[],
    engine,
    store,
    onEvent: (event) => {
      countEvent(event);
      if (event.type === 'trial_stored') {
        progress.textContent = `${event.done} / ${event.planned}`;
        if (options.live) {
          // As Library.addTrial: collected by key, published with new metrics at most once a second.
          byKey.set(event.trial.key, event.trial);
          const wait = lastSummary + 1000 - Date.now();
          if (wait <= 0) summarize();
          else pending ??= setTimeout(summarize, wait);
        }
      }
    },
  });
  const seconds = (performance.now() - start) / 1000;
  if (pending) clearTimeout(pending);
  if (summarizer) {
    await summarizer(run, [...byKey.values()]);
    summaries++;
  }
  const long = tasks.stop();
  summarizer?.dispose();
  // Model work per trial as the Results page computes it, from the stored records.
  const work = summarizeEngineWork(run, await store.listTrials(run.id));
  store.close();
  if (outcome.kind !== 'done') throw new Error(`bench run ended ${outcome.kind}`);
  return {
    trials: run.plannedTrials,
    seconds,
    trialsPerS: run.plannedTrials / seconds,
    maxTaskMs: long.max,
    longTasks: long.count,
    longTaskApi: long.supported,
    longTaskAt: long.at,
    summaries,
    maxSummaryMs,
    calls,
    prefillTokensPerTrial: Object.fromEntries(
      work.map((w) => [
        w.condition,
        w.promptPerTrial === null || w.cachedPerTrial === null ? null : w.promptPerTrial - w.cachedPerTrial,
      ]),
    ),
  };
}

/** Bootstrap intervals of a synthetic complete BBQ result (58,492 items × 3 conditions) in the summary worker. */
async function bootstrapFull(): Promise<Record<string, number>> {
  const items = completeBbq(await localBbq());
  const run = planBbqRun(items, ['q', 'q_if', 'q_if_cot'], 'all', 'bench-full-bbq');
  const trials = synthesizeTrials(run, items);
  const summarizer = createSummarizer();
  await summarizer(planBbqRun(items.slice(0, 50), ['q'], 'all', 'warm-up'), []); // worker started and its module loaded
  const tasks = watchLongTasks();
  const start = performance.now();
  const rows = await summarizer(run, trials);
  const seconds = (performance.now() - start) / 1000;
  const long = tasks.stop();
  const computeMs = summarizer.lastComputeMs ?? Number.NaN;
  // A second request with nothing new: only the recomputation (no trials cross).
  const again = performance.now();
  await summarizer(run, trials);
  const repeatS = (performance.now() - again) / 1000;
  summarizer.dispose();
  return {
    items: items.length,
    trials: trials.length,
    rows: rows.length,
    seconds,
    computeS: computeMs / 1000,
    repeatS,
    maxTaskMs: long.max,
    longTasks: long.count,
  };
}

/** About what a 0.5B–7B model writes in 256 tokens of reasoning, to give CoT records their real size. */
const REASONING = 'Let me think about this step by step. '.repeat(24);

/**
 * Stores a synthetic complete BBQ result (175,476 trials, CoT ones with reasoning text and every
 * trial with token counts) in the app's own database (same origin as /app/), as a run the
 * Results screen opens first (the newest). Returns the trial count.
 */
async function storeFullBbq(): Promise<number> {
  const items = completeBbq(await localBbq());
  const run = {
    ...planBbqRun(items, ['q', 'q_if', 'q_if_cot'], 'all', 'bench-open-full-bbq'),
    status: 'done' as const,
  };
  const trials = synthesizeTrials(run, items).map((t) =>
    t.condition === 'q_if_cot'
      ? {
          ...t,
          reasoning: [REASONING],
          generation: run.spec.generation,
          tokens: { prompt: 620, cached: 0, completion: 240 },
          durationMs: 6_000,
        }
      : { ...t, tokens: { prompt: 190, cached: 0, completion: 0 }, durationMs: 150 },
  );
  const store = await openResultStore(); // the app's database
  await store.putRun(run);
  for (let i = 0; i < trials.length; i += 10_000) await store.putRecords([], trials.slice(i, i + 10_000));
  store.close();
  return trials.length;
}

/**
 * Where the time of opening the stored complete BBQ result goes, step by step as the Results
 * screen does it (read every trial from IndexedDB, hand them to the summary worker): seconds
 * reading (IndexedDB and deserialising; `keysS` reads only the keys, no values), seconds of a
 * structured clone of the same trials (what deserialising alone costs), seconds until the
 * worker's rows arrive (encoding and sending them, and its compute), and the longest main-thread task.
 */
async function openBreakdown(): Promise<Record<string, number>> {
  const store = await openResultStore();
  const run = await store.getRun('bench-open-full-bbq');
  if (!run) throw new Error('openBreakdown: store the complete BBQ result first');
  const summarizer = createSummarizer();
  await summarizer(planBbqRun((await localBbq()).slice(0, 50), ['q'], 'all', 'warm-up'), []);
  const tasks = watchLongTasks();
  let t = performance.now();
  const keys = await store.trialKeys(run.id);
  const keysS = (performance.now() - t) / 1000;
  t = performance.now();
  const trials = await store.listTrials(run.id);
  const readS = (performance.now() - t) / 1000;
  t = performance.now();
  const rows = await summarizer(run, trials);
  const summarizeS = (performance.now() - t) / 1000;
  const computeS = (summarizer.lastComputeMs ?? Number.NaN) / 1000;
  const long = tasks.stop();
  t = performance.now();
  structuredClone(trials);
  const cloneS = (performance.now() - t) / 1000;
  summarizer.dispose();
  store.close();
  return {
    trials: trials.length,
    keys: keys.size,
    rows: rows.length,
    keysS,
    readS,
    cloneS,
    summarizeS,
    computeS,
    maxTaskMs: long.max,
  };
}

/**
 * Whether the app's database keeps metric rows for the run, and with `forget`, drops them (so the
 * next opening computes them from the run's summary, as after an update of the app). Raw
 * IndexedDB: the harness looks into the app's database as a test would; the app never does.
 */
function keptRows(runId: string, forget: boolean): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DEFAULT_DB_NAME);
    request.onerror = () => reject(new Error(String(request.error)));
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction('metrics', forget ? 'readwrite' : 'readonly');
      const count = tx.objectStore('metrics').count(runId);
      if (forget) tx.objectStore('metrics').delete(runId);
      tx.oncomplete = () => {
        db.close();
        resolve(count.result > 0);
      };
      tx.onerror = () => reject(new Error(String(tx.error)));
    };
  });
}

/** Model calls per trial for every benchmark × condition (a few items each, instant engine). */
async function callsPerCondition(): Promise<Record<string, Record<string, { score: number; generate: number }>>> {
  const inputs: BenchmarkInput[] = [];
  const files = new Map<BenchmarkId, Map<string, string>>([
    ['bbq', new Map([['Religion.jsonl', await text('/data/bbq/data/Religion.jsonl')]])],
    [
      'winogender',
      new Map([
        ['templates.tsv', await text('/data/winogender/data/templates.tsv')],
        ['occupations-stats.tsv', await text('/data/winogender/data/occupations-stats.tsv')],
      ]),
    ],
    ['admissions', new Map()],
  ]);
  const out: Record<string, Record<string, { score: number; generate: number }>> = {};
  for (const benchmark of BENCHMARKS as Benchmark<unknown>[]) {
    const parsed = benchmark.parse(files.get(benchmark.id) ?? new Map());
    inputs.push({ benchmark, items: parsed.items });
    const spec: RunSpec = {
      benchmarks: [benchmark.id],
      models: ['bench-model'],
      conditions: benchmark.conditions,
      sampleSize: 12,
      seed: 1,
      generation: DEFAULT_GENERATION,
      engine: { kind: 'webllm' },
    };
    const input = inputs[inputs.length - 1] as BenchmarkInput;
    const run = createRun(spec, buildRunPlan(spec, [input]), { id: `bench-calls-${benchmark.id}-${Date.now()}` });
    const store = await openResultStore({ name: `bench-calls-${benchmark.id}-${Date.now()}` });
    const engine = new InstantEngine();
    const { calls: per, onEvent } = countCalls(engine);
    await runEvaluation({ run, benchmarks: [input], engine, store, onEvent });
    store.close();
    out[benchmark.id] = Object.fromEntries(
      Object.entries(per).map(([c, v]) => [c, { score: v.score / v.trials, generate: v.generate / v.trials }]),
    );
  }
  return out;
}

declare global {
  interface Window {
    __bench: {
      hostRun: typeof hostRun;
      bootstrapFull: typeof bootstrapFull;
      callsPerCondition: typeof callsPerCondition;
      storeFullBbq: typeof storeFullBbq;
      openBreakdown: typeof openBreakdown;
      keptRows: typeof keptRows;
      storeStudyRuns: typeof storeStudyRuns;
      keepStudyRows: typeof keepStudyRows;
      openStudy: typeof openStudy;
      ready: boolean;
    };
  }
}
window.__bench = {
  hostRun,
  bootstrapFull,
  callsPerCondition,
  storeFullBbq,
  openBreakdown,
  keptRows,
  storeStudyRuns,
  keepStudyRows,
  openStudy,
  ready: true,
};

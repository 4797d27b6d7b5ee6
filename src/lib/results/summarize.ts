/**
 * A run's metrics from its stored trials: the one function the page and the command line both
 * use, so they show the same numbers. Trials are put in canonical key order first, because
 * bootstrap resamples by position: the same trials in another storage order must give the same
 * intervals. Failed trials are left out (each row's `n` says how many items remain); rows come in
 * the run's model and condition order. Every benchmark also gets the share of upper-bounded
 * (top-k) trials per model × condition (`upper_bounded_share`, benchmarks/upper-bound.ts).
 */
import type { Benchmark } from '../benchmarks/types';
import { optionOrdersOf, type MetricRow, type RunRecord, type TrialRecord } from '../core/records';
import type { BenchmarkId } from '../core/ids';
import { summarizeUpperBounded } from '../benchmarks/upper-bound';

export const RESAMPLES = 1000;

export function summarizeRun(
  run: RunRecord,
  trials: readonly TrialRecord[],
  benchmarkOf: (id: BenchmarkId) => Benchmark<unknown> | undefined,
  resamples: number = RESAMPLES,
): MetricRow[] {
  const ok = trials.filter((t) => t.status === 'ok').sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows = run.spec.benchmarks.flatMap((id) => {
    const benchmark = benchmarkOf(id);
    if (!benchmark) throw new Error(`summarizeRun: benchmark "${id}" of run "${run.id}" is not registered`);
    const mine = ok.filter((t) => t.benchmark === id);
    const options = { seed: run.spec.seed, resamples, optionOrders: optionOrdersOf(run.spec) };
    return [...benchmark.summarize(mine, options), ...summarizeUpperBounded(id, mine)];
  });
  const rank = (list: readonly string[], value: string) => (list.includes(value) ? list.indexOf(value) : list.length);
  return rows.sort(
    (a, b) =>
      rank(run.spec.models, a.model) - rank(run.spec.models, b.model) ||
      rank(run.spec.conditions, a.condition) - rank(run.spec.conditions, b.condition),
  );
}

/**
 * Null when every run's trials can be summarised by their benchmarks (checked with a single
 * resample), else a message naming the run and what failed. Used to refuse an import whose item
 * facts a benchmark cannot read, before anything is stored.
 */
export function checkSummarizable(
  runs: readonly RunRecord[],
  trials: readonly TrialRecord[],
  benchmarkOf: (id: BenchmarkId) => Benchmark<unknown> | undefined,
): string | null {
  for (const run of runs) {
    try {
      summarizeRun(
        run,
        trials.filter((t) => t.runId === run.id),
        benchmarkOf,
        1,
      );
    } catch (e) {
      return `the trials of run "${run.name}" do not fit their benchmark (${e instanceof Error ? e.message : String(e)}).`;
    }
  }
  return null;
}

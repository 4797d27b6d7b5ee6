/**
 * Planning, pure: a RunSpec plus the benchmarks' parsed items -> which items a run evaluates
 * (fixed in the RunRecord, so a resume runs the same ones) and the ordered list of trials.
 * Order: model-major (each model loads once), then benchmark, then item, with the conditions
 * of one item next to each other, so a partial run still has paired conditions. A condition a
 * benchmark does not support is skipped for that benchmark.
 */
import type { Benchmark } from '../benchmarks/types';
import type { BenchmarkId, ConditionId } from '../core/ids';
import { optionOrdersOf, trialKey, type RunRecord, type RunSpec } from '../core/records';
import { stratifiedSampler } from './sample';

/** A benchmark with its parsed items. `Benchmark<Item>` methods are bivariant, so any benchmark fits. */
export interface BenchmarkInput<Item = unknown> {
  readonly benchmark: Benchmark<Item>;
  readonly items: readonly Item[];
}

/** The RunRecord fields fixed at planning time, plus counts for the duration estimate. */
export interface RunPlan {
  readonly itemKeys: Readonly<Partial<Record<BenchmarkId, readonly string[]>>>;
  readonly benchmarkVersions: Readonly<Partial<Record<BenchmarkId, string>>>;
  readonly plannedTrials: number;
  /** Trials per condition for one model (the same for every model). */
  readonly trialsPerModel: Readonly<Partial<Record<ConditionId, number>>>;
  /**
   * Times an item is asked per condition for one model: trials × option orders (option-order
   * debiasing asks a BBQ item 3 times in one trial), for the duration estimate.
   */
  readonly askedPerModel: Readonly<Partial<Record<ConditionId, number>>>;
}

export interface PlannedTrial {
  readonly key: string;
  readonly model: string;
  readonly benchmark: Benchmark<unknown>;
  readonly condition: ConditionId;
  readonly itemKey: string;
  readonly item: unknown;
}

export type TrialListResult =
  { readonly kind: 'ok'; readonly trials: PlannedTrial[] } | { readonly kind: 'error'; readonly message: string };

function findInput(inputs: readonly BenchmarkInput[], id: BenchmarkId): BenchmarkInput {
  const input = inputs.find((i) => i.benchmark.id === id);
  if (!input) throw new Error(`plan: benchmark "${id}" is in the run spec but was not handed to the planner`);
  return input;
}

/**
 * Option orders a trial asks: the run's setting when the benchmark has options to rotate, else 1
 * (docs/method.md §3.1).
 */
export function trialOptionOrders(spec: Pick<RunSpec, 'optionOrders'>, benchmark: Benchmark<unknown>): number {
  return optionOrdersOf(spec) > 1 ? (benchmark.optionOrders ?? 1) : 1;
}

function conditionsFor(benchmark: Benchmark<unknown>, spec: RunSpec): ConditionId[] {
  return spec.conditions.filter((c) => benchmark.conditions.includes(c));
}

/** The items a run of `size` with `seed` evaluates (the sample planner uses the same). */
export function sampleBenchmark<Item>(
  benchmark: Benchmark<Item>,
  items: readonly Item[],
  size: number | 'all',
  seed: number,
): Item[] {
  return benchmarkSampler(benchmark, items, seed)(size);
}

/** `sampleBenchmark` for any size, the per-stratum shuffles done once (`stratifiedSampler`). */
export function benchmarkSampler<Item>(
  benchmark: Benchmark<Item>,
  items: readonly Item[],
  seed: number,
): (size: number | 'all') => Item[] {
  return stratifiedSampler(items, {
    stratum: (item) => benchmark.stratum(item),
    key: (item) => benchmark.itemKey(item),
    seed,
    ...(benchmark.unit ? { unit: (item: Item) => (benchmark.unit as (i: Item) => string)(item) } : {}),
    ...(benchmark.spread ? { spread: (item: Item) => (benchmark.spread as (i: Item) => string)(item) } : {}),
  });
}

export function buildRunPlan(spec: RunSpec, inputs: readonly BenchmarkInput[]): RunPlan {
  const itemKeys: Partial<Record<BenchmarkId, readonly string[]>> = {};
  const benchmarkVersions: Partial<Record<BenchmarkId, string>> = {};
  const trialsPerModel: Partial<Record<ConditionId, number>> = {};
  const askedPerModel: Partial<Record<ConditionId, number>> = {};
  let perModel = 0;
  for (const id of spec.benchmarks) {
    const { benchmark, items } = findInput(inputs, id);
    const chosen = sampleBenchmark(benchmark, items, spec.sampleSize, spec.seed);
    const keys = chosen.map((item) => benchmark.itemKey(item));
    if (new Set(keys).size !== keys.length) throw new Error(`plan: benchmark "${id}" produced duplicate item keys`);
    itemKeys[id] = keys;
    benchmarkVersions[id] = benchmark.version;
    const orders = trialOptionOrders(spec, benchmark);
    for (const condition of conditionsFor(benchmark, spec)) {
      trialsPerModel[condition] = (trialsPerModel[condition] ?? 0) + keys.length;
      askedPerModel[condition] = (askedPerModel[condition] ?? 0) + keys.length * orders;
      perModel += keys.length;
    }
  }
  return {
    itemKeys,
    benchmarkVersions,
    plannedTrials: perModel * spec.models.length,
    trialsPerModel,
    askedPerModel,
  };
}

/**
 * The ordered trials of a run, from the item keys fixed in its record. An error value when the
 * data or a benchmark version changed since planning (the run cannot be resumed as planned).
 */
export function buildTrialList(run: RunRecord, inputs: readonly BenchmarkInput[]): TrialListResult {
  const perBenchmark: {
    benchmark: Benchmark<unknown>;
    conditions: ConditionId[];
    entries: { key: string; item: unknown }[];
  }[] = [];
  for (const id of run.spec.benchmarks) {
    const { benchmark, items } = findInput(inputs, id);
    const planned = run.benchmarkVersions[id];
    if (planned !== benchmark.version) {
      return {
        kind: 'error',
        message: `Run "${run.name}" was planned with ${id} version ${planned ?? '(none)'}, but this app has version ${benchmark.version}; start a new run.`,
      };
    }
    const byKey = new Map(items.map((item) => [benchmark.itemKey(item), item]));
    const entries: { key: string; item: unknown }[] = [];
    const missing: string[] = [];
    for (const key of run.itemKeys[id] ?? []) {
      const item = byKey.get(key);
      if (item === undefined) missing.push(key);
      else entries.push({ key, item });
    }
    if (missing.length > 0) {
      return {
        kind: 'error',
        message: `Run "${run.name}": ${missing.length} planned ${id} item(s) are not in the loaded data (e.g. "${missing[0]}").`,
      };
    }
    perBenchmark.push({ benchmark, conditions: conditionsFor(benchmark, run.spec), entries });
  }
  const trials: PlannedTrial[] = [];
  for (const model of run.spec.models) {
    for (const { benchmark, conditions, entries } of perBenchmark) {
      for (const { key, item } of entries) {
        for (const condition of conditions) {
          trials.push({
            key: trialKey(run.id, model, benchmark.id, condition, key),
            model,
            benchmark,
            condition,
            itemKey: key,
            item,
          });
        }
      }
    }
  }
  if (trials.length !== run.plannedTrials) {
    throw new Error(
      `plan: run "${run.id}" records ${run.plannedTrials} planned trials but its items give ${trials.length}`,
    );
  }
  return { kind: 'ok', trials };
}

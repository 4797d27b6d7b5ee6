/**
 * The smallest sample that meets a benchmark's headline threshold (docs/method.md §6), for the
 * planner's warnings and the Run form's "Use n items": one `BenchmarkPlanner` per benchmark's items
 * and seed shuffles once (`benchmarkSampler`) and plans samples of any size; the search doubles
 * the size from 64 until the headline meets its threshold, then bisects below it. The size found
 * meets the threshold and the size just below it does not; the expected half-width falls with
 * the size only up to the rounding of the allocation, so a smaller size may meet it too. Pure.
 */
import type { BenchmarkId } from '../core/ids';
import type { Benchmark } from '../benchmarks/types';
import { benchmarkSampler } from './plan';
import {
  planSample,
  planSampleOf,
  type PlanLine,
  type PlanSample,
  type SamplePlan,
  type SmallestSample,
} from './planner';

/** The headline line of one planned sample (BBQ: the nine-category overall). */
function headlineOf(sample: PlanSample): PlanLine | undefined {
  return planSample([sample]).lines.find((l) => l.category === null);
}

/** One benchmark's items and seed, ready to plan samples of any size (the shuffles done once). */
export interface BenchmarkPlanner {
  readonly benchmark: BenchmarkId;
  /** The planner's view of the sample of `size` (`sampleBenchmark`). */
  sample(size: number | 'all'): PlanSample;
  /** The smallest sample meeting the headline threshold; computed on first use, then kept. */
  readonly smallest: SmallestSample;
}

export function benchmarkPlanner(
  benchmark: Benchmark<unknown>,
  items: readonly unknown[],
  seed: number,
): BenchmarkPlanner {
  const take = benchmarkSampler(benchmark, items, seed);
  const sample = (size: number | 'all'): PlanSample => planSampleOf(benchmark, take(size));
  let smallest: SmallestSample | undefined;
  return {
    benchmark: benchmark.id,
    sample,
    get smallest() {
      return (smallest ??= smallestOf(benchmark.id, items.length, (size) => headlineOf(sample(size))));
    },
  };
}

/** The search of this file's header over sizes 1..items; size null when every item together does not meet it. */
function smallestOf(
  benchmark: BenchmarkId,
  items: number,
  headline: (size: number) => PlanLine | undefined,
): SmallestSample {
  const meets = (size: number) => headline(size)?.warn === false;
  let failed = 0; // the largest size known not to meet it
  let high = Math.min(64, items);
  while (!meets(high)) {
    if (high >= items) return { benchmark, size: null, halfWidth: headline(items)?.halfWidth ?? null, items };
    failed = high;
    high = Math.min(high * 2, items);
  }
  let low = failed + 1;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (meets(mid)) high = mid;
    else low = mid + 1;
  }
  return { benchmark, size: high, halfWidth: headline(high)?.halfWidth ?? null, items };
}

/** The plan of samples of `size` items per benchmark, each warning naming the smallest sample that would do. */
export function planBenchmarks(planners: readonly BenchmarkPlanner[], size: number | 'all'): SamplePlan {
  return planSample(
    planners.map((p) => p.sample(size)),
    (id) => planners.find((p) => p.benchmark === id)?.smallest,
  );
}

/**
 * The benchmarks the app knows. The runner and views reach a benchmark only through here, by
 * id, never by importing its folder. Order: bbq, winogender, admissions.
 */
import type { BenchmarkId } from '../core/ids';
import { admissions } from './admissions';
import { bbq } from './bbq';
import type { Benchmark } from './types';
import { winogender } from './winogender';

/**
 * Items are opaque to the runner (`unknown`): it only hands a benchmark back the items that the
 * same benchmark's `parse` produced, which is what makes the widening cast below sound.
 */
export const BENCHMARKS: readonly Benchmark<unknown>[] = [
  bbq as Benchmark<unknown>,
  winogender as Benchmark<unknown>,
  admissions as Benchmark<unknown>,
];

export function getBenchmark(id: BenchmarkId): Benchmark<unknown> | undefined {
  return BENCHMARKS.find((b) => b.id === id);
}

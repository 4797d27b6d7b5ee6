/**
 * Which data a result rests on: each benchmark's upstream repository, pinned commit and licence,
 * named in every export and on the results page. Read from the benchmark's own source module
 * (`<benchmark>/source.ts`), the one place they are written down. Pure.
 */
import { BENCHMARK_IDS, type BenchmarkId } from '../core/ids';
import type { DatasetProvenance } from '../core/records';
import type { Benchmark } from './types';

export type { DatasetProvenance };

export function datasetProvenance(benchmark: Benchmark<unknown>): DatasetProvenance {
  const { source } = benchmark;
  const upstream = source.sourceUrl !== null;
  return {
    benchmark: benchmark.id,
    repository: upstream ? source.repo : null,
    commit: upstream ? source.commit : null,
    license: source.license,
    sourceUrl: source.sourceUrl,
    origin: source.origin,
  };
}

/** The datasets of the given benchmarks, once each, in the order of BENCHMARK_IDS. */
export function datasetsOf(
  ids: Iterable<BenchmarkId>,
  find: (id: BenchmarkId) => Benchmark<unknown> | undefined,
): DatasetProvenance[] {
  const wanted = new Set(ids);
  return BENCHMARK_IDS.filter((id) => wanted.has(id)).map((id) => {
    const benchmark = find(id);
    if (benchmark === undefined) throw new Error(`datasetsOf: benchmark "${id}" is not registered`);
    return datasetProvenance(benchmark);
  });
}

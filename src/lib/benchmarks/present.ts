/**
 * Every benchmark's presentation (its figures, from its own present.ts), by id. Only the lazily
 * loaded screens (Results, Present) import this, so Observable Plot stays out of the main entry.
 */
import type { ModelFiguresInput, Presentation } from '../charts/figures';
import type { BenchmarkCharting } from '../charts/metrics';
import type { SlideBenchmark } from '../charts/slides';
import type { ChartSpec } from '../charts/spec';
import type { BenchmarkId } from '../core/ids';
import { admissionsPresentation } from './admissions/present';
import { bbqPresentation } from './bbq/present';
import { winogenderPresentation } from './winogender/present';

const PRESENTATIONS: Readonly<Record<BenchmarkId, Presentation>> = {
  bbq: bbqPresentation,
  winogender: winogenderPresentation,
  admissions: admissionsPresentation,
};

export function presentationOf(id: BenchmarkId): Presentation {
  return PRESENTATIONS[id];
}

/** The benchmark's detail figures for one model; trials of other benchmarks are ignored by the figures. */
export function buildModelFigures(benchmark: BenchmarkId, input: ModelFiguresInput): ChartSpec[] {
  return PRESENTATIONS[benchmark].modelFigures(input);
}

/** A benchmark with its figures, as the slides take it. */
export function presented(benchmark: BenchmarkCharting): SlideBenchmark {
  const { id, title, conditions, metrics } = benchmark;
  const { modelFigures, warnings } = PRESENTATIONS[id];
  return { id, title, conditions, metrics, modelFigures, ...(warnings ? { warnings } : {}) };
}

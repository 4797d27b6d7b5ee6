/**
 * What a benchmark's presentation (its own present.ts) gives the views: the figures of one
 * model, each with its takeaway, and the warnings that go with its results, so views and slides
 * ask for "the model figures" without knowing benchmarks by name and the chart kit never
 * switches on a benchmark.
 */
import type { MetricRow, TrialRecord } from '../core/records';
import type { BenchmarkId } from '../core/ids';
import type { ChartSpec } from './spec';

export interface ModelFiguresInput {
  readonly rows: readonly MetricRow[];
  /** The run's trials of this benchmark (Winogender's figure reads them). */
  readonly trials: readonly TrialRecord[];
  readonly model: string;
  readonly modelLabel: string;
}

export interface Presentation {
  readonly id: BenchmarkId;
  /** The benchmark's detail figures for one model (paper Figures 3 and 4, admissions by race), each with its takeaway. */
  modelFigures(input: ModelFiguresInput): ChartSpec[];
  /** A category as people read it ("Race × SES"), where the benchmark's names are not words. */
  categoryLabel?(category: string): string;
  /** Warnings that belong with every sentence about the benchmark (BBQ: answers by position), for `model` or all models. */
  warnings?(rows: readonly MetricRow[], modelLabel: (id: string) => string, model?: string): string[];
}

/**
 * Which figures each benchmark shows for one model (the paper's Figures 3 and 4 and the
 * admissions rates), so views can ask for "the model figures" without knowing benchmarks by name.
 */
import type { MetricRow, TrialRecord } from '../core/records';
import { assertNever, type BenchmarkId } from '../core/ids';
import { admissionsRaceSpec } from './admissions';
import { bbqAccuracySpec, bbqCategorySpec } from './bbq';
import type { ChartSpec } from './spec';
import { winogenderOccupationSpec, winogenderPoints } from './winogender';

export interface ModelFiguresInput {
  readonly benchmark: BenchmarkId;
  readonly rows: readonly MetricRow[];
  /** The run's trials: only Winogender's figure reads them (its own benchmark's, the model's). */
  readonly trials: readonly TrialRecord[];
  readonly model: string;
  readonly modelLabel: string;
}

export function buildModelFigures(input: ModelFiguresInput): ChartSpec[] {
  const { rows, model, modelLabel } = input;
  switch (input.benchmark) {
    case 'bbq':
      return [bbqCategorySpec({ rows, model, modelLabel }), bbqAccuracySpec({ rows, model, modelLabel })];
    case 'winogender':
      return [winogenderOccupationSpec({ points: winogenderPoints(input.trials, model), model, modelLabel, rows })];
    case 'admissions':
      return [admissionsRaceSpec({ rows, model, modelLabel })];
    default:
      return assertNever(input.benchmark, 'benchmark');
  }
}

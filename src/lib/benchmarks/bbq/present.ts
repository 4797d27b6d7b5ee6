/**
 * BBQ per category (paper Figure 3): for one model, a metric per category and overall, one row
 * per category, one colour per condition (dodged), 95% intervals as horizontal rules. The bias
 * chart and the disambiguated-accuracy chart share the row order so they read side by side.
 * Invariant: the overall row (category null) is "All categories" and comes first.
 * BBQ's presentation: loaded with the Results screen (benchmarks/present.ts), never by the main entry.
 * `warnings` flags answers by position (position.ts).
 */
import type * as Plot from '@observablehq/plot';
import * as P from '@observablehq/plot';
import type { MetricRow } from '../../core/records';
import { conditionColor, labelMargin, missingNote, orderConditions, undefinedNote } from '../../charts/conditions';
import { conditionDots } from '../../charts/marks';
import { metricInfo, pointTitle, selectRows, toPoint } from '../../charts/metrics';
import type { Presentation } from '../../charts/figures';
import { makeSpec, type ChartPoint, type ChartSpec } from '../../charts/spec';
import { bbq } from './index';
import { positionFlags, positionWarnings } from './position';

export const OVERALL_LABEL = 'All categories';

export interface BbqCategoryInput {
  readonly rows: readonly MetricRow[];
  readonly model: string;
  /** Display name of the model (defaults to its id). */
  readonly modelLabel?: string;
}

/** Every BBQ category of the model, sorted, after the overall row: the shared row order. */
export function bbqCategories(rows: readonly MetricRow[], model: string): string[] {
  const names = new Set(
    rows
      .filter((r) => r.benchmark === 'bbq' && r.model === model && r.category !== null)
      .map((r) => r.category as string),
  );
  return [OVERALL_LABEL, ...[...names].sort()];
}

function categorySpec(input: BbqCategoryInput, metric: string, id: string): ChartSpec {
  const info = metricInfo(bbq, metric);
  const rows = [
    ...selectRows(input.rows, { benchmark: 'bbq', metric, model: input.model }),
    ...selectRows(input.rows, { benchmark: 'bbq', metric, model: input.model, category: 'any' }),
  ];
  const points = rows.map(toPoint).filter((p): p is ChartPoint => p !== null);
  const conditions = orderConditions(rows.map((r) => r.condition));
  const categories = bbqCategories(input.rows, input.model);
  const row = (p: ChartPoint): string => p.category ?? OVERALL_LABEL;
  const marks: Plot.Markish[] = [info.signed ? P.ruleX([0], { strokeOpacity: 0.5 }) : null];
  marks.push(
    ...conditionDots(points, conditions, {
      y: row,
      step: 5,
      title: (p: ChartPoint) => pointTitle(p, input.modelLabel ?? p.model),
    }),
  );
  const why = metric.endsWith('_bias') ? 'bias is undefined when every answer is “unknown”' : '';
  return makeSpec({
    id: `${id}-${input.model}`,
    title: `BBQ: ${info.label} by category`,
    subtitle: `${input.modelLabel ?? input.model}: ${info.label.toLowerCase()} per category and condition${info.signed ? ' (0 = no measured bias)' : ''}.`,
    notes: [
      ...(rows.length === 0 ? ['No results yet.'] : []),
      'Horizontal bars: 95% bootstrap intervals.',
      ...undefinedNote(rows.filter((r) => r.value === null).length, why),
      ...missingNote(bbq.conditions, conditions),
    ],
    points,
    plot: {
      marginLeft: labelMargin(categories),
      height: 50 + categories.length * (16 + 10 * Math.max(conditions.length, 1)),
      marginBottom: 42,
      x: { label: info.label, grid: true, labelOffset: 36, ...(info.signed ? { nice: true } : { domain: [0, 1] }) },
      y: { domain: categories, label: null },
      color: conditionColor(conditions),
      marks,
    },
  });
}

/** Ambiguous bias (the headline) by category × condition. */
export function bbqCategorySpec(input: BbqCategoryInput): ChartSpec {
  return categorySpec(input, 'ambiguous_bias', 'bbq-category-bias');
}

/** Disambiguated accuracy by category × condition: read next to the bias chart. */
export function bbqAccuracySpec(input: BbqCategoryInput): ChartSpec {
  return categorySpec(input, 'disambiguated_accuracy', 'bbq-category-accuracy');
}

/** BBQ's figures for one model: bias and disambiguated accuracy by category (paper Figure 3). */
export const bbqPresentation: Presentation = {
  id: 'bbq',
  modelFigures: ({ rows, model, modelLabel }) => [
    bbqCategorySpec({ rows, model, modelLabel }),
    bbqAccuracySpec({ rows, model, modelLabel }),
  ],
  warnings: (rows, modelLabel, model) => positionWarnings(positionFlags(rows, model), modelLabel),
};

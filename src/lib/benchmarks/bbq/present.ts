/**
 * BBQ per category (paper Figure 3): for one model, a metric per category and overall, one row
 * per category, one colour per condition (dodged), 95% intervals as horizontal rules. The bias
 * chart and the disambiguated-accuracy chart share the row order so they read side by side.
 * Invariant: the overall row (category null) is "All categories" and comes first.
 * BBQ's presentation: loaded with the Results screen (benchmarks/present.ts), never by the main entry.
 * Each figure carries its own takeaway (docs/method.md §6): for one model under the plain
 * question, the most biased category with its interval and side in words and how many categories
 * are clearly biased either way; the disambiguated accuracy overall and its lowest category.
 * `warnings` flags answers by position (position.ts); the slides add it to every BBQ sentence.
 */
import * as P from '@observablehq/plot';
import { formatPercent } from '../../core/format';
import { BASELINE_CONDITION } from '../../core/conditions';
import type { MetricRow } from '../../core/records';
import { conditionColor, missingBrief, missingNote, orderConditions, undefinedNote } from '../../charts/conditions';
import { bottomMargin, heightIn, rowAxis } from '../../charts/frame';
import { conditionLegend } from '../../charts/legend';
import { conditionDots, dodgeStep } from '../../charts/marks';
import { metricInfo, metricWords, pointTitle, selectRows, toPoint } from '../../charts/metrics';
import { excludesZero } from '../../charts/relative';
import { intervalWords, PLAIN, sideWords, signed, SMALL_SAMPLE, tooWide } from '../../charts/takeaway';
import type { Presentation } from '../../charts/figures';
import { makeSpec, type ChartPoint, type ChartSpec } from '../../charts/spec';
import { bbq } from './index';
import { ALL_FILES_CATEGORY, bbqCategoryLabel } from './pools';
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

/** The model's rows of `metric` under the plain question: the headline overall and each category. */
function qRows(
  rows: readonly MetricRow[],
  model: string,
  metric: string,
): { overall: MetricRow | undefined; categories: MetricRow[] } {
  const mine = rows.filter(
    (r) =>
      r.benchmark === 'bbq' &&
      r.model === model &&
      r.metric === metric &&
      r.condition === BASELINE_CONDITION &&
      r.baseline === undefined,
  );
  return {
    overall: mine.find((r) => r.category === null),
    // "All 11 files" is the second overall, not a category.
    categories: mine.filter((r) => r.category !== null && r.category !== ALL_FILES_CATEGORY),
  };
}

export function bbqBiasTakeaway(rows: readonly MetricRow[], model: string, label: string): string {
  const info = metricInfo(bbq, 'ambiguous_bias');
  const why = metricWords(info).undefinedWhy;
  const { overall, categories } = qRows(rows, model, info.metric);
  if (!overall && categories.length === 0)
    return `In ${label}, ${PLAIN} was not run, so there is no bias per category.`;
  const defined = categories.flatMap((r) => (r.value === null ? [] : [{ ...r, value: r.value }]));
  const top = [...defined].sort((a, b) => Math.abs(b.value) - Math.abs(a.value))[0];
  if (!top) return `In ${label}, ambiguous bias under ${PLAIN} is undefined in every category (${why}).`;
  const towards = defined.filter((r) => excludesZero(r) && r.value > 0).length;
  const against = defined.filter((r) => excludesZero(r) && r.value < 0).length;
  const where = `${bbqCategoryLabel(top.category ?? '')} (${signed(top.value)}, ${intervalWords(top)})`;
  const parts = [
    towards + against === 0
      ? `Under ${PLAIN}, no category of ${label} is clearly biased; the largest is ${where}.`
      : `Under ${PLAIN}, ${label} is most biased in ${bbqCategoryLabel(top.category ?? '')}, ${sideWords(info, top) || 'not clearly either way'} (${signed(top.value)}, ${intervalWords(top)}); ${towards} of ${defined.length} categories clearly towards the stereotype, ${against} against.`,
  ];
  const undef = categories.length - defined.length;
  if (undef > 0) parts.push(`Undefined in ${undef} (${why}).`);
  if (tooWide(info, top)) parts.push(SMALL_SAMPLE);
  return parts.join(' ');
}

export function bbqAccuracyTakeaway(rows: readonly MetricRow[], model: string, label: string): string {
  const { overall, categories } = qRows(rows, model, 'disambiguated_accuracy');
  if (!overall) return `In ${label}, ${PLAIN} was not run, so there is no disambiguated accuracy.`;
  if (overall.value === null)
    return `In ${label}, disambiguated accuracy under ${PLAIN} is undefined (no disambiguated item answered).`;
  const interval =
    overall.ci_low === null || overall.ci_high === null
      ? 'no interval'
      : `95% CI ${formatPercent(overall.ci_low)} to ${formatPercent(overall.ci_high)}`;
  const lowest = categories
    .flatMap((r) => (r.value === null ? [] : [{ ...r, value: r.value }]))
    .sort((a, b) => a.value - b.value)[0];
  const low = lowest ? `; lowest in ${bbqCategoryLabel(lowest.category ?? '')} (${formatPercent(lowest.value)})` : '';
  return `Under ${PLAIN}, ${label} answers ${formatPercent(overall.value)} of disambiguated questions correctly (${interval})${low}: read the bias figure next to this.`;
}

function categorySpec(input: BbqCategoryInput, metric: string, id: string, takeaway: string): ChartSpec {
  const info = metricInfo(bbq, metric);
  const rows = [
    ...selectRows(input.rows, { benchmark: 'bbq', metric, model: input.model }),
    ...selectRows(input.rows, { benchmark: 'bbq', metric, model: input.model, category: 'any' }),
  ];
  const points = rows.map(toPoint).filter((p): p is ChartPoint => p !== null);
  const conditions = orderConditions(rows.map((r) => r.condition));
  const categories = bbqCategories(input.rows, input.model);
  const row = (p: ChartPoint): string => p.category ?? OVERALL_LABEL;
  const why = metric.endsWith('_bias') ? 'bias is undefined when every answer is “unknown”' : '';
  const undefinedCount = rows.filter((r) => r.value === null).length;
  const model = input.modelLabel ?? input.model;
  const empty =
    rows.length === 0
      ? `No ${info.label.toLowerCase()} for ${model} yet.`
      : points.length === 0
        ? `${info.label} of ${model} is undefined in every category (${why || 'no answer it can be computed from'}).`
        : undefined;
  return makeSpec({
    id: `${id}-${input.model}`,
    title: `${info.label} by category`,
    subtitle: `${model}: ${info.label.toLowerCase()} per category and condition${info.signed ? ' (0 = no measured bias)' : ''}.`,
    notes: [
      ...(rows.length === 0 ? ['No results yet.'] : []),
      'Horizontal bars: 95% bootstrap intervals.',
      ...undefinedNote(undefinedCount, why),
      ...missingNote(bbq.conditions, conditions),
    ],
    footnote: [
      `${model}.`,
      'Bars: 95% bootstrap intervals.',
      ...undefinedNote(undefinedCount, '', true),
      ...missingBrief(bbq.conditions, conditions),
    ],
    points,
    legend: conditionLegend(conditions),
    takeaway,
    ...(empty === undefined ? {} : { empty }),
    plot: (frame) => {
      const marginBottom = bottomMargin(frame);
      const height = heightIn(frame, 50 + categories.length * (16 + 10 * Math.max(conditions.length, 1)));
      const rowPx = (height - 20 - marginBottom) / Math.max(categories.length, 1);
      return {
        ...rowAxis(categories, frame, bbqCategoryLabel),
        marginRight: frame.font * 1.5,
        height,
        marginBottom,
        x: {
          label: info.label,
          grid: true,
          labelOffset: marginBottom - 6,
          inset: frame.dot * 2,
          ...(info.signed ? { nice: true } : { domain: [0, 1] }),
        },
        color: conditionColor(conditions),
        marks: [
          info.signed ? P.ruleX([0], { strokeOpacity: 0.5 }) : null,
          ...conditionDots(points, conditions, {
            y: row,
            step: dodgeStep(frame, 5, rowPx, conditions.length),
            frame,
            title: (p: ChartPoint) => pointTitle(p, model, p.category === null ? null : bbqCategoryLabel(p.category)),
          }),
        ],
      };
    },
  });
}

/** Ambiguous bias (the headline) by category × condition. */
export function bbqCategorySpec(input: BbqCategoryInput): ChartSpec {
  return categorySpec(
    input,
    'ambiguous_bias',
    'bbq-category-bias',
    bbqBiasTakeaway(input.rows, input.model, input.modelLabel ?? input.model),
  );
}

/** Disambiguated accuracy by category × condition: read next to the bias chart. */
export function bbqAccuracySpec(input: BbqCategoryInput): ChartSpec {
  return categorySpec(
    input,
    'disambiguated_accuracy',
    'bbq-category-accuracy',
    bbqAccuracyTakeaway(input.rows, input.model, input.modelLabel ?? input.model),
  );
}

/** BBQ's figures for one model: bias and disambiguated accuracy by category (paper Figure 3). */
export const bbqPresentation: Presentation = {
  id: 'bbq',
  modelFigures: ({ rows, model, modelLabel }) => [
    bbqCategorySpec({ rows, model, modelLabel }),
    bbqAccuracySpec({ rows, model, modelLabel }),
  ],
  warnings: (rows, modelLabel, model) => positionWarnings(positionFlags(rows, model), modelLabel),
  categoryLabel: bbqCategoryLabel,
};

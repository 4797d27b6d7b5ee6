/**
 * The effect of each condition against `q` on the same items: the paired difference
 * metric(c) − metric(q) with its paired-bootstrap interval (rows with baseline "q"), or the
 * relative change (metric(c) − metric(q)) / |metric(q)| (docs/method.md §6; the paper's −43% / −84%)
 * with the paired-bootstrap interval of the ratio itself (rows with `relative` set).
 * Invariants: the relative change is undefined when metric(q) is undefined or 0, and is not
 * drawn (a caption note says "reversed" or "no baseline bias") across a sign flip or when q's
 * interval includes 0 (relative.ts, docs/method.md §6). Rows from before the relative rows existed
 * have none: then (only then) the relative change is derived from the difference and the q row,
 * drawn as a point without an interval, and the caption says so.
 */
import { formatSignedPercent, plural } from '../core/format';
import * as P from '@observablehq/plot';
import type { MetricRow } from '../core/records';
import { BASELINE_CONDITION, CONDITION_LABELS, CONDITIONS } from '../core/conditions';
import { conditionColor, missingBrief, missingNote, orderConditions, undefinedNote } from './conditions';
import { bottomMargin, heightIn, rowAxis } from './frame';
import { conditionLegend } from './legend';
import { metricInfo, metricWords, pointTitle, selectRows, toPoint, type BenchmarkCharting } from './metrics';
import type { SizeLookup } from '../core/sizes';
import { conditionDots, dodgeStep } from './marks';
import { relativeVerdictOf, type RelativeVerdict } from './relative';
import { makeSpec, type ChartPoint, type ChartSpec } from './spec';

export type ContrastMode = 'difference' | 'relative';

export interface ContrastInput {
  readonly benchmark: BenchmarkCharting;
  readonly rows: readonly MetricRow[];
  readonly mode: ContrastMode;
  /** Defaults to the headline metric. */
  readonly metric?: string;
  /** Orders models by size and names them; ids in first-seen order without it. */
  readonly sizes?: SizeLookup;
}

/** The plain `q` row of the same benchmark, model, metric and category as a contrast row. */
function baselineOf(contrast: MetricRow, rows: readonly MetricRow[]): MetricRow | undefined {
  return rows.find(
    (r) =>
      r.benchmark === contrast.benchmark &&
      r.model === contrast.model &&
      r.metric === contrast.metric &&
      r.category === contrast.category &&
      r.condition === BASELINE_CONDITION &&
      r.baseline === undefined,
  );
}

/**
 * Fallback for rows without relative-change rows: a difference row divided by |q|, interval
 * dropped; null when undefined.
 */
export function relativeChange(contrast: MetricRow, rows: readonly MetricRow[]): MetricRow {
  const q = baselineOf(contrast, rows);
  const value =
    contrast.value === null || q === undefined || q.value === null || q.value === 0
      ? null
      : contrast.value / Math.abs(q.value);
  return { ...contrast, value, ci_low: null, ci_high: null, relative: true };
}

/** Why the relative change of a contrast row must not be shown (relative.ts), or null when it may. */
export function relativeVerdict(contrast: MetricRow, rows: readonly MetricRow[]): RelativeVerdict | null {
  const q = baselineOf(contrast, rows);
  if (!q) return null;
  const diff = rows.find(
    (r) =>
      r.benchmark === contrast.benchmark &&
      r.model === contrast.model &&
      r.metric === contrast.metric &&
      r.category === contrast.category &&
      r.condition === contrast.condition &&
      r.baseline === BASELINE_CONDITION &&
      !r.relative,
  );
  return relativeVerdictOf(q, diff);
}

export function contrastSpec(input: ContrastInput): ChartSpec {
  const info = metricInfo(input.benchmark, input.metric);
  const select = (relative: boolean): MetricRow[] =>
    selectRows(input.rows, { benchmark: input.benchmark.id, metric: info.metric, contrast: true, relative }).filter(
      (r) => r.baseline === BASELINE_CONDITION,
    );
  const relative = input.mode === 'relative';
  const paired = select(relative);
  // Relative mode without relative rows: derived from the differences, without intervals.
  const derived = relative && paired.length === 0;
  const all = derived ? select(false).map((r) => relativeChange(r, input.rows)) : paired;
  // docs/method.md §6: no relative change across a sign flip or from a baseline whose interval includes 0.
  const label = (m: string): string => input.sizes?.(m).label ?? m;
  const verdicts = relative
    ? all.flatMap((r) => {
        const verdict = relativeVerdict(r, input.rows);
        return verdict === null ? [] : [{ r, verdict }];
      })
    : [];
  const withheld = new Set(verdicts.map((v) => v.r));
  const rows = all.filter((r) => !withheld.has(r));
  const points = rows.map(toPoint).filter((p): p is ChartPoint => p !== null);
  const conditions = orderConditions(rows.map((r) => r.condition));
  const models = [...new Set(rows.map((r) => r.model))];
  if (input.sizes) {
    const size = input.sizes;
    models.sort((a, b) => (size(a).params ?? Infinity) - (size(b).params ?? Infinity));
  }
  const title = (p: ChartPoint): string =>
    derived
      ? `${label(p.model)}\n${CONDITION_LABELS[p.condition]} vs ${CONDITION_LABELS[BASELINE_CONDITION]}: ${formatSignedPercent(p.value)} (no interval)`
      : pointTitle(p, label(p.model));
  const expected = input.benchmark.conditions.filter((c) => CONDITIONS[c].baseline !== null);
  const undefinedCount = rows.filter((r) => r.value === null).length;
  const what = relative ? 'Relative change vs the plain question' : 'Change vs the plain question';
  const bars = derived
    ? 'Points only: these results hold no interval for a ratio, so none is drawn; see the paired difference for uncertainty.'
    : relative
      ? 'Horizontal bars: 95% paired bootstrap intervals of the ratio (each resample takes both scores on the same items).'
      : 'Horizontal bars: 95% paired bootstrap intervals.';
  const notWhy = (verdict: RelativeVerdict): string =>
    verdict === 'reversed'
      ? 'reversed (the sign flips)'
      : `${metricWords(info).none} (the question’s interval includes 0)`;
  const empty =
    rows.length === 0
      ? verdicts.length > 0
        ? `No relative change to draw: ${verdicts.map(({ r, verdict }) => `${label(r.model)}, ${CONDITIONS[r.condition].short}: ${notWhy(verdict)}`).join('; ')}. See the difference.`
        : 'No paired results yet: they need the plain question and another condition on the same model.'
      : points.length === 0
        ? `Every effect here is undefined (${plural(undefinedCount, 'value')}${relative ? ': the question’s score is undefined or 0' : ''}).`
        : undefined;
  return makeSpec({
    id: `contrast-${input.mode}-${input.benchmark.id}-${info.metric}`,
    title: what,
    subtitle: relative
      ? `${info.label}: (condition − question) / |question| on the same items, per model; −50% halves the score.`
      : `${info.label}: condition − question on the same items (paired), per model; 0 = no effect.`,
    notes: [
      bars,
      ...undefinedNote(
        undefinedCount,
        relative ? 'the relative change is undefined when the question’s score is undefined or 0' : '',
      ),
      ...verdicts.map(
        ({ r, verdict }) =>
          `Not drawn for ${label(r.model)}, ${CONDITION_LABELS[r.condition]}: ${notWhy(verdict)}, so no relative change; see the difference.`,
      ),
      ...missingNote(expected, conditions),
      ...(models.length > 0 ? [`${plural(models.length, 'model')}.`] : []),
    ],
    footnote: [
      derived ? 'Points only, no intervals.' : 'Bars: 95% paired bootstrap intervals.',
      ...undefinedNote(undefinedCount, '', true),
      ...(verdicts.length > 0
        ? [`${plural(verdicts.length, 'relative change')} not drawn (reversed or no baseline).`]
        : []),
      ...missingBrief(expected, conditions),
    ],
    points,
    legend: conditionLegend(conditions),
    ...(empty === undefined ? {} : { empty }),
    plot: (frame) => {
      const marginBottom = bottomMargin(frame);
      const height = heightIn(frame, 60 + models.length * (14 + 8 * Math.max(conditions.length, 1)));
      const rowPx = (height - 20 - marginBottom) / Math.max(models.length, 1);
      return {
        ...rowAxis(models.map(label), frame),
        marginRight: frame.font * 1.5,
        height,
        marginBottom,
        x: {
          label: relative ? `${what} (%)` : `Δ ${info.label}`,
          grid: true,
          nice: true,
          inset: frame.dot * 2,
          ...(relative ? { percent: true } : {}),
          labelOffset: marginBottom - 6,
        },
        color: conditionColor(conditions),
        marks: [
          P.ruleX([0], { strokeOpacity: 0.6 }),
          ...conditionDots(points, conditions, {
            y: (p: ChartPoint) => label(p.model),
            step: dodgeStep(frame, 6, rowPx, conditions.length),
            frame,
            intervals: !derived,
            title,
          }),
        ],
      };
    },
  });
}

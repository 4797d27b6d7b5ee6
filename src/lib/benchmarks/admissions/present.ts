/**
 * Admissions: p(admit) for Black and for white applicants per condition, for one model, with
 * 95% intervals, from the p_yes_black / p_yes_white rows (docs/method.md §3.3). The gap between the
 * two symbols of a condition is its discrimination score.
 * Invariant: points carry category = the race ("Black" | "white"), metric = the row's metric.
 * The admissions presentation: loaded with the Results screen (benchmarks/present.ts).
 * The figure carries its own takeaway (`admissionsTakeaway`, docs/method.md §6).
 */
import type * as Plot from '@observablehq/plot';
import * as P from '@observablehq/plot';
import type { MetricRow } from '../../core/records';
import { formatFixed } from '../../core/format';
import { BASELINE_CONDITION, CONDITION_LABELS } from '../../core/conditions';
import { conditionColor, missingBrief, missingNote, orderConditions, undefinedNote } from '../../charts/conditions';
import { bottomMargin, heightIn, rowAxis } from '../../charts/frame';
import { hasInterval, metricInfo, metricWords, pointTitle, selectRows, toPoint } from '../../charts/metrics';
import type { Presentation } from '../../charts/figures';
import { CLICK_CLASS, makeSpec, type ChartPoint, type ChartSpec } from '../../charts/spec';
import { admissions } from './index';
import { intervalWords, PLAIN, sideWords, signed, SMALL_SAMPLE, tooWide } from '../../charts/takeaway';

/**
 * This figure's sentence (docs/method.md §6): p(admit) by race and the discrimination under the
 * plain question with its interval, its direction in words; "not run" or "undefined" otherwise.
 */
export function admissionsTakeaway(rows: readonly MetricRow[], model: string, label: string): string {
  const info = metricInfo(admissions, 'discrimination');
  const pick = (metric: string): MetricRow | undefined =>
    selectRows(rows, { benchmark: 'admissions', metric, model }).find((r) => r.condition === BASELINE_CONDITION);
  const d = pick(info.metric);
  if (!d) return `In ${label}, ${PLAIN} was not run.`;
  if (d.value === null)
    return `In ${label}, discrimination under ${PLAIN} is undefined (${metricWords(info).undefinedWhy}).`;
  const black = pick('p_yes_black')?.value;
  const white = pick('p_yes_white')?.value;
  const p =
    black !== null && black !== undefined && white !== null && white !== undefined
      ? `p(admit) ${formatFixed(black, 2)} for Black and ${formatFixed(white, 2)} for white applicants, `
      : '';
  const dir = sideWords(info, { ...d, value: d.value }) || 'no clear difference';
  const wide = tooWide(info, d) ? ` ${SMALL_SAMPLE}` : '';
  return `Under ${PLAIN}, ${label} gives ${p}discrimination ${signed(d.value)} (${intervalWords(d)}): ${dir}.${wide}`;
}

export const RACES = [
  { race: 'Black', metric: 'p_yes_black', symbol: 'circle', filled: true, side: -1 },
  { race: 'white', metric: 'p_yes_white', symbol: 'triangle', filled: false, side: 1 },
] as const;

export interface AdmissionsInput {
  readonly rows: readonly MetricRow[];
  readonly model: string;
  readonly modelLabel?: string;
}

export function admissionsRaceSpec(input: AdmissionsInput): ChartSpec {
  const rows = RACES.flatMap(({ race, metric }) =>
    selectRows(input.rows, { benchmark: 'admissions', metric, model: input.model }).map((r) => ({
      ...r,
      category: race,
    })),
  );
  const points = rows.map(toPoint).filter((p): p is ChartPoint => p !== null);
  const conditions = orderConditions(rows.map((r) => r.condition));
  const model = input.modelLabel ?? input.model;
  const undefinedCount = rows.filter((r) => r.value === null).length;
  const empty =
    rows.length === 0
      ? `No admissions results for ${model} yet.`
      : points.length === 0
        ? `p(admit) of ${model} is undefined under every condition.`
        : undefined;
  return makeSpec({
    id: `admissions-race-${input.model}`,
    title: 'p(admit) by race',
    subtitle: `${model}: mean p(yes) over the same applicant profiles described as Black (filled) or white (hollow), per condition.`,
    notes: [
      ...(rows.length === 0 ? ['No results yet.'] : []),
      'Horizontal bars: 95% bootstrap intervals; the gap between the two symbols is the discrimination score.',
      ...undefinedNote(undefinedCount),
      ...missingNote(admissions.conditions, conditions),
    ],
    footnote: [
      `${model}.`,
      'Bars: 95% bootstrap intervals; the gap between the marks is the discrimination.',
      ...undefinedNote(undefinedCount, '', true),
      ...missingBrief(admissions.conditions, conditions),
    ],
    points,
    legend: RACES.map(({ race, symbol, filled }) => ({
      label: `${race} applicant`,
      color: 'currentColor',
      shape: symbol,
      filled,
    })),
    takeaway: admissionsTakeaway(input.rows, input.model, model),
    ...(empty === undefined ? {} : { empty }),
    plot: (frame) => {
      const marginBottom = bottomMargin(frame);
      const height = heightIn(frame, 60 + 48 * Math.max(conditions.length, 1));
      const rowPx = (height - 20 - marginBottom) / Math.max(conditions.length, 1);
      const offset = Math.max(frame.dot * 1.5, Math.min(rowPx * 0.2, frame.dot * 3));
      const marks: Plot.Markish[] = [P.ruleX([0.5], { strokeOpacity: 0.25, strokeDasharray: '2,3' })];
      for (const { race, symbol, filled, side } of RACES) {
        const mine = (p: ChartPoint): boolean => p.category === race;
        marks.push(
          P.ruleY(points, {
            filter: (p: ChartPoint) => mine(p) && hasInterval(p),
            y: 'condition',
            x1: 'ci_low',
            x2: 'ci_high',
            stroke: 'condition',
            strokeWidth: frame.line,
            dy: side * offset,
            strokeOpacity: 0.7,
          }),
        );
        marks.push(
          P.dot(points, {
            filter: mine,
            y: 'condition',
            x: 'value',
            stroke: 'condition',
            fill: filled ? 'condition' : 'none',
            symbol,
            r: frame.dot + 1,
            strokeWidth: 1.5,
            dy: side * offset,
            className: CLICK_CLASS,
            title: (p: ChartPoint) => pointTitle(p, model),
          }),
        );
      }
      return {
        ...rowAxis(conditions, frame, (c) => CONDITION_LABELS[c]),
        marginRight: frame.font * 1.5,
        height,
        marginBottom,
        x: { label: 'p(admit)', domain: [0, 1], grid: true, inset: frame.dot * 2, labelOffset: marginBottom - 6 },
        color: conditionColor(conditions),
        marks,
      };
    },
  });
}

/** The admissions figure for one model: p(admit) by race and condition. */
export const admissionsPresentation: Presentation = {
  id: 'admissions',
  modelFigures: ({ rows, model, modelLabel }) => [admissionsRaceSpec({ rows, model, modelLabel })],
};

/**
 * Winogender p(female pronoun) against the share of women in each occupation (U.S. BLS), one
 * panel per condition with the identity line (paper Figure 4), for one model.
 * `winogenderPoints` builds the points from stored trials (status "ok"; item facts
 * `occupation` and `bls_pct_female` 0–100; probs with "female", "male", "neutral"), averaging an
 * occupation's versions exactly as the benchmark's metrics do (it reuses their scoring).
 * Invariant: each point is one occupation under one condition; no interval (an occupation is
 * one resampling unit); ρ per panel comes from the pearson_rho rows when given.
 * Winogender's presentation: loaded with the Results screen (benchmarks/present.ts).
 * The figure carries its own takeaway (`winogenderTakeaway`, docs/method.md §6).
 */
import { formatEstimate, formatFixed, formatPercent } from '../../core/format';
import * as P from '@observablehq/plot';
import type { MetricRow, TrialRecord } from '../../core/records';
import { scoreWinogenderOccupations } from './summarize';
import { BASELINE_CONDITION, CONDITION_LABELS, CONDITIONS } from '../../core/conditions';
import type { ConditionId } from '../../core/ids';
import { conditionColor, missingBrief, missingNote, orderConditions } from '../../charts/conditions';
import { bottomMargin, heightIn } from '../../charts/frame';
import { conditionLegend } from '../../charts/legend';
import { metricInfo, metricWords, selectRows } from '../../charts/metrics';
import type { Presentation } from '../../charts/figures';
import { CLICK_CLASS, makeSpec, type ChartPoint, type ChartSpec } from '../../charts/spec';
import { winogender } from './index';
import { intervalWords, PLAIN, sideWords, signed, SMALL_SAMPLE, tooWide } from '../../charts/takeaway';

/**
 * This figure's sentence (docs/method.md §6): ρ under the plain question with its interval and
 * its side in words, then each other condition's ρ, "not run" or "undefined".
 */
export function winogenderTakeaway(rows: readonly MetricRow[], model: string, label: string): string {
  const info = metricInfo(winogender, 'pearson_rho');
  const why = metricWords(info).undefinedWhy;
  const rho = selectRows(rows, { benchmark: 'winogender', metric: info.metric, model });
  const at = (c: ConditionId): string => {
    const r = rho.find((x) => x.condition === c);
    return !r ? 'not run' : r.value === null ? `undefined (${why})` : `ρ = ${signed(r.value)}`;
  };
  const q = rho.find((x) => x.condition === BASELINE_CONDITION);
  const first = !q
    ? `In ${label}, ${PLAIN} was not run.`
    : q.value === null
      ? `In ${label}, ρ under ${PLAIN} is undefined (${why}).`
      : `Under ${PLAIN}, ${label}'s pronouns correlate with the labour statistics at ρ = ${signed(q.value)} (${intervalWords(q)}): ${sideWords(info, { ...q, value: q.value }) || 'no clear correlation'}.`;
  const others = winogender.conditions
    .filter((c) => c !== BASELINE_CONDITION)
    .map((c) => `${CONDITIONS[c].phrase}: ${at(c)}`);
  const rest = others.length > 0 ? `${others.join('; ')}.` : '';
  return [first, rest.charAt(0).toUpperCase() + rest.slice(1), tooWide(info, q) ? SMALL_SAMPLE : '']
    .filter((t) => t !== '')
    .join(' ');
}

export interface OccupationPoint extends ChartPoint {
  /** bls_pct_female / 100. */
  readonly bls_share: number;
}

/** Per-occupation points of every model and condition in `trials` (other benchmarks ignored). */
export function winogenderPoints(trials: readonly TrialRecord[], model?: string): OccupationPoint[] {
  const ok = trials.filter(
    (t) =>
      t.benchmark === 'winogender' &&
      t.status === 'ok' &&
      t.probs !== null &&
      (model === undefined || t.model === model),
  );
  return scoreWinogenderOccupations(ok).flatMap(({ model: m, condition, occupations }) =>
    occupations.map((o) => ({
      benchmark: 'winogender' as const,
      model: m,
      condition,
      category: o.occupation,
      metric: 'p_female',
      value: o.pFemale,
      ci_low: null,
      ci_high: null,
      n: o.versions,
      bls_share: o.blsShare,
    })),
  );
}

export interface WinogenderInput {
  readonly points: readonly OccupationPoint[];
  readonly model: string;
  readonly modelLabel?: string;
  /** Metric rows; the model's pearson_rho rows label each panel with ρ. */
  readonly rows?: readonly MetricRow[];
}

interface Panel {
  readonly condition: ConditionId;
  readonly col: number;
  readonly row: number;
  readonly text: string;
}

/** Columns of panels that give each panel the largest square in `width` × `height` px. */
function panelColumns(n: number, width: number, height: number): number {
  let best = 1;
  let size = 0;
  for (let cols = 1; cols <= n; cols++) {
    const s = Math.min(width / cols, height / Math.ceil(n / cols));
    if (s > size + 1) {
      size = s;
      best = cols;
    }
  }
  return best;
}

export function winogenderOccupationSpec(input: WinogenderInput): ChartSpec {
  const points = input.points.filter((p) => p.model === input.model);
  const conditions = orderConditions(points.map((p) => p.condition));
  const rho = selectRows(input.rows ?? [], { benchmark: 'winogender', metric: 'pearson_rho', model: input.model });
  const statOf = (condition: ConditionId): string => {
    const r = rho.find((x) => x.condition === condition);
    return r === undefined
      ? ''
      : r.value === null
        ? '\nρ undefined'
        : `\nρ = ${formatEstimate(r.value, r.ci_low, r.ci_high, 2)}`;
  };
  const occupations = new Set(points.map((p) => p.category)).size;
  const model = input.modelLabel ?? input.model;
  return makeSpec({
    id: `winogender-occupations-${input.model}`,
    title: 'p(female pronoun) vs labour statistics',
    subtitle: `${model}: one dot per occupation (${occupations}), one panel per condition; the dashed diagonal is where the model matches the statistics.`,
    notes: [
      ...(points.length === 0 ? ['No results yet.'] : []),
      'Each dot averages the occupation’s sentence versions; no interval is drawn per occupation.',
      ...(rho.some((r) => r.value === null)
        ? ['ρ is undefined where p(female) is the same for every occupation.']
        : []),
      ...missingNote(winogender.conditions, conditions),
    ],
    footnote: [
      `${model}: ${occupations} occupations.`,
      'Each mark averages an occupation’s sentences; dashed diagonal: matches the statistics.',
      ...missingBrief(winogender.conditions, conditions),
    ],
    points,
    legend: conditionLegend(conditions),
    takeaway: winogenderTakeaway(input.rows ?? [], input.model, model),
    ...(points.length === 0 ? { empty: `No Winogender results for ${model} yet.` } : {}),
    plot: (frame) => {
      const width = frame.width ?? 640;
      const marginBottom = bottomMargin(frame);
      const marginLeft = Math.round(frame.font * 4.2);
      const cols =
        frame.height === undefined
          ? conditions.length > 2
            ? 2
            : Math.max(conditions.length, 1)
          : panelColumns(
              Math.max(conditions.length, 1),
              width - marginLeft,
              frame.height - marginBottom - frame.font * 2,
            );
      const panels: Panel[] = conditions.map((condition, i) => ({
        condition,
        col: i % cols,
        row: Math.floor(i / cols),
        text: `${CONDITIONS[condition].short}${statOf(condition)}`,
      }));
      const at = new Map(panels.map((p) => [p.condition, p]));
      const col = (d: { readonly condition: ConditionId }): number => at.get(d.condition)?.col ?? 0;
      const row = (d: { readonly condition: ConditionId }): number => at.get(d.condition)?.row ?? 0;
      const inset = frame.dot * 2;
      return {
        width,
        height: heightIn(frame, 90 + 290 * Math.ceil(Math.max(conditions.length, 1) / cols)),
        marginLeft,
        marginBottom,
        marginTop: Math.round(frame.font * 2),
        x: {
          domain: [0, 1],
          label: 'Share of women in the occupation (BLS)',
          percent: false,
          ticks: frame.kind === 'slide' && cols > 2 ? 3 : 5,
          labelOffset: marginBottom - 6,
          inset,
        },
        y: { domain: [0, 1], label: 'p(female pronoun)', ticks: 5, grid: true, inset },
        fx: { axis: null, padding: 0.1 },
        fy: { axis: null, padding: 0.1 },
        color: conditionColor(conditions),
        marks: [
          P.frame({ strokeOpacity: 0.3 }),
          P.line(
            [
              [0, 0],
              [1, 1],
            ],
            { strokeDasharray: '4,3', strokeOpacity: 0.6 },
          ),
          ...conditions.map((c) =>
            P.dot(points, {
              filter: (p: OccupationPoint) => p.condition === c,
              x: 'bls_share',
              y: 'value',
              fx: col,
              fy: row,
              fill: 'condition',
              symbol: CONDITIONS[c].shape,
              r: frame.dot,
              fillOpacity: 0.85,
              className: CLICK_CLASS,
              title: (p: OccupationPoint) =>
                `${p.category}\n${CONDITION_LABELS[p.condition]}\np(female) ${formatFixed(p.value, 3)}, BLS ${formatPercent(p.bls_share, 1)} women\nClick to see the trials`,
            }),
          ),
          P.text(panels, {
            fx: 'col',
            fy: 'row',
            text: 'text',
            frameAnchor: 'top-left',
            dx: 6,
            dy: 6,
            lineAnchor: 'top',
            textAnchor: 'start',
            fontSize: frame.kind === 'slide' ? Math.round(frame.font * 0.9) : frame.font,
          }),
        ],
      };
    },
  });
}

/** Winogender's figure for one model: p(female) against the labour statistics (paper Figure 4). */
export const winogenderPresentation: Presentation = {
  id: 'winogender',
  modelFigures: ({ rows, trials, model, modelLabel }) => [
    winogenderOccupationSpec({ points: winogenderPoints(trials, model), model, modelLabel, rows }),
  ],
};

/**
 * The headline scaling figure (paper Figure 1): a benchmark's headline metric against model
 * size on a log axis, one line per condition, 95% intervals as vertical rules, a zero line.
 *
 * Invariants:
 * - Lines connect only models of the selected family (one line per condition and build);
 *   other sized models are unconnected points in their own panel; models of unknown size are
 *   never placed on the size axis (they go to the `unsized` chart).
 * - The paper's values (optional) sit in their own panel, hollow diamonds joined by dashes,
 *   named PAPER_LABEL: they are never on a line with measured results. The same panel shows the
 *   paper's small-model region as a labelled grey band and a point's text–figure spread as a wide
 *   bar (docs/method.md §7); the caption names the RLHF checkpoint.
 */
import type * as Plot from '@observablehq/plot';
import { formatNumber, plural } from '../core/format';
import * as P from '@observablehq/plot';
import type { MetricRow } from '../core/records';
import { CONDITION_LABELS } from '../core/conditions';
import type { ConditionId } from '../core/ids';
import { conditionColor, dodge, missingNote, orderConditions, undefinedNote } from './conditions';
import { hasInterval, metricInfo, pointTitle, selectRows, toPoint, type BenchmarkCharting } from './metrics';
import {
  GANGULI_2023,
  PAPER_LABEL,
  REFERENCE_CAVEATS,
  referenceBands,
  referencePoints,
  RLHF_STEPS,
  type ReferenceBand,
  type ReferencePoint,
} from './reference';
import { formatParams, type SizeLookup } from '../core/sizes';
import { CLICK_CLASS, makeSpec, type ChartPoint, type ChartSpec } from './spec';
import { unsizedSpec } from './unsized';

export interface ScalingInput {
  readonly benchmark: BenchmarkCharting;
  readonly rows: readonly MetricRow[];
  readonly sizes: SizeLookup;
  /** Family whose models are connected by lines; null connects nothing. */
  readonly family: string | null;
  /** Defaults to the benchmark's headline metric. */
  readonly metric?: string;
  /** Overlay the paper's values in their own panel (default true). */
  readonly reference?: boolean;
}

export interface ScalingDatum extends ChartPoint {
  readonly params: number;
  readonly panel: string;
  readonly series: string;
}

export interface ScalingFigure {
  readonly main: ChartSpec;
  /** Models of unknown size, as points per model (null when there are none). */
  readonly unsized: ChartSpec | null;
}

const OTHERS = 'Other models (not connected)';
const ALL = 'All models (choose a family to connect sizes)';

export function sizeTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = 7; e <= 12; e++)
    for (const m of [1, 3]) if (m * 10 ** e >= lo && m * 10 ** e <= hi) ticks.push(m * 10 ** e);
  return ticks;
}

/** The paper's small-model region: a labelled grey band per `bands` entry, in the paper's panel (docs/method.md §7). */
function paperRegion(
  bands: readonly (ReferenceBand & { readonly panel: string; readonly from: number })[],
): Plot.Markish[] {
  if (bands.length === 0) return [];
  const label = (b: ReferenceBand): string =>
    `paper’s text\n≤${formatParams(b.params_max)}: ${formatNumber(b.low)} to ${formatNumber(b.high)}`;
  return [
    P.rectY(bands, {
      x1: 'from',
      x2: 'params_max',
      y1: 'low',
      y2: 'high',
      fx: 'panel',
      fill: 'currentColor',
      fillOpacity: 0.1,
      title: (b: ReferenceBand) => `${PAPER_LABEL}: ${b.text}`,
    }),
    P.text(bands, {
      x: (b: { readonly from: number }) => b.from,
      y: 'high',
      fx: 'panel',
      text: label,
      textAnchor: 'start',
      lineAnchor: 'bottom',
      dy: -3,
      fontSize: 10,
      fillOpacity: 0.8,
    }),
  ];
}

export function scalingSpec(input: ScalingInput): ScalingFigure {
  const info = metricInfo(input.benchmark, input.metric);
  const charting = input.benchmark;
  const rows = selectRows(input.rows, { benchmark: charting.id, metric: info.metric });
  const family = input.family;
  const fam = family === null ? null : (input.sizes.familyLabel?.(family) ?? family);
  const sized: (ScalingDatum & { readonly defined: boolean })[] = [];
  const unsizedRows: MetricRow[] = [];
  for (const r of rows) {
    const size = input.sizes(r.model);
    if (size.params === null) {
      unsizedRows.push(r);
      continue;
    }
    const inFamily = family !== null && size.family === family;
    const panel = fam === null ? ALL : inFamily ? fam : OTHERS;
    const base = toPoint(r) ?? { ...r, value: NaN };
    sized.push({
      ...base,
      category: null,
      params: size.params,
      panel,
      series: `${r.condition}|${inFamily ? size.variant : r.model}`,
      defined: r.value !== null,
    });
  }
  const points: ScalingDatum[] = sized.filter((d) => d.defined);
  const lines = sized.filter((d) => fam !== null && d.panel === fam).sort((a, b) => a.params - b.params);
  const refs =
    input.reference === false
      ? []
      : referencePoints(charting.id, info.metric).map((p) => ({ ...p, panel: PAPER_LABEL }));
  const bands =
    input.reference === false
      ? []
      : referenceBands(charting.id, info.metric).map((b) => ({
          ...b,
          panel: PAPER_LABEL,
          from: GANGULI_2023.model_sizes_params[0] ?? 810e6,
        }));
  const ranges = refs.filter((p) => p.range !== undefined);
  const measured = orderConditions(rows.map((r) => r.condition));
  const conditions = orderConditions([...measured, ...refs.map((r) => r.condition)]);
  const panels = [fam, family === null ? ALL : OTHERS, refs.length > 0 ? PAPER_LABEL : null].filter(
    (p): p is string => p !== null && (p === PAPER_LABEL || sized.some((d) => d.panel === p)),
  );
  const allParams = [...sized.map((d) => d.params), ...refs.map((r) => r.params), ...bands.map((b) => b.from)];
  const lo = Math.min(...allParams, 1e9) / 1.4;
  const hi = Math.max(...allParams, 1e9) * 1.4;

  const marks: Plot.Markish[] = [P.ruleY([0], { strokeOpacity: 0.5 }), ...paperRegion(bands)];
  for (const c of conditions) {
    const dx = dodge(c, conditions);
    const mine = (d: { readonly condition: ConditionId }): boolean => d.condition === c;
    if (lines.length > 0)
      marks.push(
        P.line(lines.filter(mine), {
          x: 'params',
          y: (d: ScalingDatum) => (Number.isNaN(d.value) ? null : d.value),
          z: 'series',
          fx: 'panel',
          stroke: () => c,
          dx,
          strokeWidth: 1.5,
        }),
      );
    marks.push(
      P.ruleX(points, {
        filter: (d: ScalingDatum) => mine(d) && hasInterval(d),
        x: 'params',
        y1: 'ci_low',
        y2: 'ci_high',
        fx: 'panel',
        stroke: () => c,
        dx,
        strokeOpacity: 0.7,
      }),
    );
    marks.push(
      P.dot(points, {
        filter: mine,
        x: 'params',
        y: 'value',
        fx: 'panel',
        fill: () => c,
        r: 3.5,
        dx,
        className: CLICK_CLASS,
        title: (d: ScalingDatum) => pointTitle(d),
      }),
    );
    const paper = refs.filter(mine);
    if (paper.length > 0) {
      const spread = ranges.filter(mine);
      if (spread.length > 0)
        marks.push(
          P.ruleX(spread, {
            x: 'params',
            y1: (p: ReferencePoint) => p.range?.[0],
            y2: (p: ReferencePoint) => p.range?.[1],
            fx: 'panel',
            stroke: () => c,
            strokeWidth: 5,
            strokeOpacity: 0.35,
            dx: 6,
            title: (p: ReferencePoint) =>
              `${PAPER_LABEL}, ${formatParams(p.params)}\n${CONDITION_LABELS[p.condition]}: between ${formatNumber(p.range?.[0])} and ${formatNumber(p.range?.[1])} (${p.text ?? ''})`,
          }),
        );
      marks.push(
        P.line(paper, {
          x: 'params',
          y: 'value',
          fx: 'panel',
          stroke: () => c,
          strokeDasharray: '4,3',
          sort: 'params',
        }),
      );
      marks.push(
        P.dot(paper, {
          x: 'params',
          y: 'value',
          fx: 'panel',
          stroke: () => c,
          fill: 'none',
          symbol: 'diamond',
          r: 5,
          strokeWidth: 1.5,
          title: (p: ReferencePoint) =>
            `${PAPER_LABEL}, ${formatParams(p.params)}\n${CONDITION_LABELS[p.condition]}: ${formatNumber(p.value)} (${p.kind === 'text' ? "the paper's text" : 'read from its figure'})`,
        }),
      );
    }
  }

  const variants = new Set(lines.map((d) => d.series.split('|')[1]));
  const unsizedModels = [...new Set(unsizedRows.map((r) => r.model))];
  const caveat = REFERENCE_CAVEATS[charting.id];
  const notes = [
    ...(rows.length === 0 ? ['No results yet.'] : []),
    ...(lines.length > 0
      ? [
          `Lines join the ${fam ?? ''} models of each condition${variants.size > 1 ? `, one line per build (${[...variants].join(', ')})` : ''}.`,
        ]
      : []),
    'Vertical bars: 95% bootstrap intervals.',
    ...undefinedNote(rows.filter((r) => r.value === null).length, info.undefinedWhen ?? ''),
    ...missingNote(charting.conditions, measured),
    ...(unsizedModels.length > 0
      ? [`${plural(unsizedModels.length, 'model')} of unknown size shown separately: ${unsizedModels.join(', ')}.`]
      : []),
    ...(refs.length > 0
      ? [
          `Hollow diamonds, dashed: ${PAPER_LABEL}, Anthropic's RLHF models of 810M–175B parameters after ${RLHF_STEPS[charting.id]} RLHF steps (read from its figures or text, about ±0.02–0.05), not measured here.`,
        ]
      : []),
    ...bands.map(
      (b) =>
        `Grey band: the paper's text for its models up to ${formatParams(b.params_max)}, for ${b.conditions.map((c) => `“${CONDITION_LABELS[c]}”`).join(', ')}: “${b.text}”. No clear effect of the instruction in models of that size agrees with the paper.`,
    ),
    ...ranges.map(
      (p) =>
        `Wide bar beside the ${formatParams(p.params)} ${CONDITION_LABELS[p.condition]} diamond: the paper's text and figure disagree; the value lies between ${formatNumber(p.range?.[0])} and ${formatNumber(p.range?.[1])}.`,
    ),
    ...(refs.length > 0 && caveat !== undefined ? [caveat] : []),
  ];
  const main = makeSpec({
    id: `scaling-${charting.id}-${info.metric}`,
    title: `${charting.title}: ${info.label} by model size`,
    subtitle: `${info.label} against parameter count (log scale), one colour per condition${fam ? `; lines within ${fam}` : ''}.`,
    notes,
    points,
    plot: {
      marginTop: 30,
      marginLeft: 60,
      marginRight: 20,
      marginBottom: 42,
      x: {
        type: 'log',
        domain: [lo, hi],
        ticks: sizeTicks(lo, hi),
        tickFormat: formatParams,
        label: 'Parameters (log scale)',
        labelOffset: 36,
      },
      y: { label: info.label, labelAnchor: 'center', grid: true, nice: true },
      fx: { domain: panels, label: null, padding: 0.12 },
      color: conditionColor(conditions),
      marks,
    },
  });
  return {
    main,
    unsized: unsizedRows.length > 0 ? unsizedSpec(input.benchmark, info, unsizedRows, input.sizes) : null,
  };
}

/**
 * The headline scaling figure (paper Figure 1): a benchmark's headline metric against model
 * size on a log axis, one line per condition, 95% intervals as vertical rules, a zero line.
 *
 * Invariants:
 * - Lines connect only models of the selected family (one line per condition and build);
 *   other sized models are unconnected points in their own panel; models of unknown size are
 *   never placed on the size axis (they go to the `unsized` chart).
 * - The paper's values (optional) sit in their own panel, hollow diamonds joined by dashes,
 *   named PAPER_LABEL: they are never on a line with measured results.
 */
import type * as Plot from '@observablehq/plot';
import { formatNumber, plural } from '../core/format';
import * as P from '@observablehq/plot';
import type { MetricRow } from '../core/records';
import { CONDITION_LABELS } from '../core/conditions';
import type { ConditionId } from '../core/ids';
import { conditionColor, dodge, missingNote, orderConditions, undefinedNote } from './conditions';
import { hasInterval, metricInfo, pointTitle, selectRows, toPoint, type BenchmarkCharting } from './metrics';
import { PAPER_LABEL, referencePoints, type ReferencePoint } from './reference';
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

function sizeTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = 7; e <= 12; e++)
    for (const m of [1, 3]) if (m * 10 ** e >= lo && m * 10 ** e <= hi) ticks.push(m * 10 ** e);
  return ticks;
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
  const measured = orderConditions(rows.map((r) => r.condition));
  const conditions = orderConditions([...measured, ...refs.map((r) => r.condition)]);
  const panels = [fam, family === null ? ALL : OTHERS, refs.length > 0 ? PAPER_LABEL : null].filter(
    (p): p is string => p !== null && (p === PAPER_LABEL || sized.some((d) => d.panel === p)),
  );
  const allParams = [...sized.map((d) => d.params), ...refs.map((r) => r.params)];
  const lo = Math.min(...allParams, 1e9) / 1.4;
  const hi = Math.max(...allParams, 1e9) * 1.4;

  const marks: Plot.Markish[] = [P.ruleY([0], { strokeOpacity: 0.5 })];
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
          `Hollow diamonds, dashed: ${PAPER_LABEL}, Anthropic's RLHF models of 810M–175B parameters (read from its figures or text, about ±0.02–0.05), not measured here.`,
        ]
      : []),
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

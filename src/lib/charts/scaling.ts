/**
 * The headline scaling figure (paper Figure 1): a benchmark's headline metric against model
 * size on a log axis, one line per condition (its colour, shape and dash from core/conditions.ts,
 * labelled at its end), 95% intervals as vertical rules, a zero line, a padded value axis.
 *
 * Invariants:
 * - Lines connect only models of the selected family (one line per condition and build);
 *   other sized models are unconnected points in their own panel; models of unknown size are
 *   never placed on the size axis (they go to the `unsized` chart).
 * - The paper's values (optional) sit in their own panel, hollow marks joined by thin lines,
 *   named PAPER_LABEL: they are never on a line with measured results. The same panel shows the
 *   paper's small-model region as a labelled grey band and a point's text–figure spread as a wide
 *   bar (docs/method.md §7); the caption names the RLHF checkpoint.
 */
import type * as Plot from '@observablehq/plot';
import { formatFixed, plural } from '../core/format';
import * as P from '@observablehq/plot';
import type { MetricRow } from '../core/records';
import { CONDITIONS } from '../core/conditions';
import type { ConditionId } from '../core/ids';
import { conditionColor, dodge, missingBrief, missingNote, orderConditions, undefinedNote } from './conditions';
import { bottomMargin, fitText, heightIn, textWidth, type Frame } from './frame';
import { spreadLabels } from './labels';
import { sizedPointMarks } from './marks';
import { conditionLegend, type LegendEntry } from './legend';
import { metricInfo, pointTitle, selectRows, toPoint, type BenchmarkCharting } from './metrics';
import { paperMarks, paperPanel, paperRegion } from './paper-panel';
import { PAPER_LABEL } from './reference';
import { formatParams, type SizeLookup } from '../core/sizes';
import { makeSpec, type ChartPoint, type ChartSpec, type SpecParts } from './spec';
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

const OTHERS = 'Other models';
const ALL = 'All models';

/** 1B, 3B, 10B… on the size axis; only the powers of ten when a decade has under `room` px. */
export function sizeTicks(lo: number, hi: number, decadePx = Infinity, room = 70): number[] {
  const ticks: number[] = [];
  const steps = decadePx < room ? [1] : [1, 3];
  for (let e = 7; e <= 12; e++)
    for (const m of steps) if (m * 10 ** e >= lo && m * 10 ** e <= hi) ticks.push(m * 10 ** e);
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
  const paper = paperPanel(charting.id, info.metric, input.reference !== false);
  const refs = paper.points;
  const measured = orderConditions(rows.map((r) => r.condition));
  const conditions = orderConditions([...measured, ...refs.map((r) => r.condition)]);
  const panels = [fam, family === null ? ALL : OTHERS, refs.length > 0 ? PAPER_LABEL : null].filter(
    (p): p is string => p !== null && (p === PAPER_LABEL || sized.some((d) => d.panel === p)),
  );
  const allParams = [...sized.map((d) => d.params), ...paper.params];
  const lo = Math.min(...allParams, 1e9) / 1.4;
  const hi = Math.max(...allParams, 1e9) * 1.4;

  const variants = new Set(lines.map((d) => d.series.split('|')[1]));
  const unsizedModels = [...new Set(unsizedRows.map((r) => r.model))];
  const undefinedCount = rows.filter((r) => r.value === null).length;
  const notes = [
    ...(rows.length === 0 ? ['No results yet.'] : []),
    ...(lines.length > 0
      ? [
          `Lines join the ${fam ?? ''} models of each condition${variants.size > 1 ? `, one line per build (${[...variants].join(', ')})` : ''}.`,
        ]
      : []),
    'Vertical bars: 95% bootstrap intervals.',
    ...undefinedNote(undefinedCount, info.undefinedWhen ?? ''),
    ...missingNote(charting.conditions, measured),
    ...(unsizedModels.length > 0
      ? [`${plural(unsizedModels.length, 'model')} of unknown size shown separately: ${unsizedModels.join(', ')}.`]
      : []),
    ...paper.notes,
  ];
  const footnote = [
    'Bars: 95% bootstrap intervals.',
    ...paper.brief,
    ...undefinedNote(undefinedCount, '', true),
    ...missingBrief(charting.conditions, measured),
    ...(unsizedModels.length > 0 ? [`${plural(unsizedModels.length, 'model')} of unknown size shown apart.`] : []),
  ];
  // What the y axis must hold: every value, interval and paper value, and 0.
  const ys = [0, ...points.flatMap((d) => [d.value, d.ci_low ?? d.value, d.ci_high ?? d.value]), ...paper.values];
  const yDomain = P.scale({ y: { domain: [Math.min(...ys), Math.max(...ys)], nice: true } }).domain as [number, number];
  // Ticks with as many decimals as a tenth of the span needs ("0.20", "−0.05").
  const yDigits = Math.max(0, -Math.floor(Math.log10((yDomain[1] - yDomain[0] || 1) / 10)));
  // Each measured line that reaches the family's largest model, labelled there with the
  // condition's short name (a line that stops earlier, and the paper's lines, are named by the
  // legend: a label inside the data would cover it).
  const largest = Math.max(...lines.map((d) => d.params));
  const ends = conditions.flatMap((c) => {
    const last = lines.filter((d) => d.condition === c && !Number.isNaN(d.value)).at(-1);
    return last && last.params === largest
      ? [{ condition: c, panel: last.panel, params: last.params, value: last.value }]
      : [];
  });

  const plot = (frame: Frame): ReturnType<SpecParts['plot']> => {
    const width = frame.width ?? 640;
    const marginTop = Math.round(frame.font * 2);
    const marginBottom = bottomMargin(frame);
    const marginLeft = Math.round(frame.font * 5);
    const marginRight = Math.round(frame.font);
    const height = heightIn(frame, 400);
    const inset = frame.dot * 2;
    // Room on the right for each end label: a label whose line ends near the panel's right edge
    // widens the x domain, unless it would take 40% of the panel or more (then it is left to the legend).
    const panelPx = ((width - marginLeft - marginRight) / Math.max(panels.length, 1)) * 0.85;
    const share = (e: (typeof ends)[number]): number =>
      (CONDITIONS[e.condition].short.length * frame.font * 0.55 + inset + 4) / panelPx;
    const needs = (e: (typeof ends)[number]): number =>
      Math.exp(Math.log(lo) + (Math.log(e.params) - Math.log(lo)) / (1 - share(e)));
    const labelled = ends.filter((e) => needs(e) <= hi || share(e) < 0.4);
    const xhi = Math.max(hi, ...labelled.map(needs));
    // End labels spread apart in pixels, then back to values (the y scale is linear).
    const top = marginTop + inset;
    const bottom = height - marginBottom - inset;
    const [y0, y1] = yDomain;
    const toPx = (v: number): number => bottom - ((v - y0) / (y1 - y0 || 1)) * (bottom - top);
    const toValue = (px: number): number => y0 + ((bottom - px) / (bottom - top || 1)) * (y1 - y0);
    const spread = panels.flatMap((panel) => {
      const mine = labelled.filter((e) => e.panel === panel);
      const at = spreadLabels(
        mine.map((e) => toPx(e.value)),
        frame.font * 1.1,
        marginTop,
        height - marginBottom,
      );
      return mine.map((e, i) => ({ ...e, y: toValue(at[i] ?? toPx(e.value)), text: CONDITIONS[e.condition].short }));
    });
    const marks: Plot.Markish[] = [
      P.ruleY([0], { strokeOpacity: 0.5 }),
      ...paperRegion(paper, frame, (from, to) => (panelPx / 0.85) * (Math.log(to / from) / Math.log(xhi / lo))),
    ];
    for (const c of conditions) {
      const { dash } = CONDITIONS[c];
      const dx = dodge(c, conditions, frame.dot + 0.5);
      const mine = (d: { readonly condition: ConditionId }): boolean => d.condition === c;
      if (lines.length > 0)
        marks.push(
          P.line(lines.filter(mine), {
            x: 'params',
            y: (d: ScalingDatum) => (Number.isNaN(d.value) ? null : d.value),
            z: 'series',
            fx: 'panel',
            stroke: () => c,
            strokeDasharray: dash ?? undefined,
            dx,
            strokeWidth: frame.line,
          }),
        );
      marks.push(...sizedPointMarks(points, c, { frame, dx, title: (d: ScalingDatum) => pointTitle(d) }));
      marks.push(...paperMarks(paper, c, frame));
    }
    if (spread.length > 0)
      marks.push(
        P.text(spread, {
          x: 'params',
          y: 'y',
          fx: 'panel',
          text: 'text',
          textAnchor: 'start',
          dx: inset + (conditions.length * (frame.dot + 0.5)) / 2 + 4,
          fontSize: frame.font,
          fill: 'currentColor',
        }),
      );
    return {
      height,
      marginTop,
      marginLeft,
      marginRight,
      marginBottom,
      x: {
        type: 'log',
        domain: [lo, xhi],
        ticks: sizeTicks(lo, hi, panelPx / Math.log10(xhi / lo), frame.font * 5),
        tickFormat: formatParams,
        label: 'Parameters (log scale)',
        labelOffset: marginBottom - 6,
        inset,
      },
      y: {
        // Along the axis when it fits its height; else none (the title names the metric).
        label: textWidth(`${info.label} ↑`, frame) <= bottom - top ? info.label : null,
        labelAnchor: 'center',
        grid: true,
        domain: yDomain,
        inset,
        tickFormat: (v: number) => formatFixed(v, yDigits),
      },
      fx: {
        domain: panels,
        label: null,
        padding: 0.12,
        tickFormat: (p: string) => fitText(p, panelPx / 0.85, frame.font),
      },
      color: conditionColor(conditions),
      marks,
    };
  };
  const main = makeSpec({
    id: `scaling-${charting.id}-${info.metric}`,
    title: `${info.label} by model size`,
    subtitle: `${info.label} against parameter count (log scale), one colour and shape per condition${fam ? `; lines within ${fam}` : ''}.`,
    notes,
    footnote,
    points,
    legend: [
      ...conditionLegend(conditions, lines.length > 0 || refs.length > 0),
      ...(refs.length > 0
        ? [{ label: PAPER_LABEL, color: 'currentColor', shape: 'circle', filled: false } satisfies LegendEntry]
        : []),
    ],
    ...(rows.length === 0 && refs.length === 0 ? { empty: 'No results yet.' } : {}),
    plot,
  });
  return {
    main,
    unsized: unsizedRows.length > 0 ? unsizedSpec(input.benchmark, info, unsizedRows, input.sizes) : null,
  };
}

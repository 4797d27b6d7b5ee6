/**
 * The paper's panel beside a size figure (docs/method.md §7), shared by a run's scaling figure
 * and a study's so that both show the paper alike: its values as hollow marks of each
 * condition's shape on thin lines of its dash, a wide bar where its text and figure disagree,
 * its small-model region as a labelled grey band, and the sentences that say what they are (the
 * RLHF checkpoint, the band's quotation, the benchmark's caveat). Never on a line with measured
 * results: everything here sits in the PAPER_LABEL panel.
 */
import type * as Plot from '@observablehq/plot';
import * as P from '@observablehq/plot';
import { CONDITION_LABELS, CONDITIONS } from '../core/conditions';
import { formatNumber } from '../core/format';
import type { BenchmarkId, ConditionId } from '../core/ids';
import { formatParams } from '../core/sizes';
import { fitText, type Frame } from './frame';
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

type InPanel<T> = T & { readonly panel: string };

export interface PaperPanel {
  readonly points: readonly InPanel<ReferencePoint>[];
  /** The small-model regions, from the paper's smallest model (`from`) to `params_max`. */
  readonly bands: readonly InPanel<ReferenceBand & { readonly from: number }>[];
  /** The caption's sentences about the panel. */
  readonly notes: readonly string[];
  /** The same in brief, for a slide's footnote. */
  readonly brief: readonly string[];
  /** Every value the y axis must hold (points, spreads, bands). */
  readonly values: readonly number[];
  /** Every parameter count the x axis must hold. */
  readonly params: readonly number[];
}

const NONE: PaperPanel = { points: [], bands: [], notes: [], brief: [], values: [], params: [] };

/** The paper's panel for a benchmark's metric; empty when `show` is false or the paper has no value. */
export function paperPanel(benchmark: BenchmarkId, metric: string, show = true): PaperPanel {
  if (!show) return NONE;
  const points = referencePoints(benchmark, metric).map((p) => ({ ...p, panel: PAPER_LABEL }));
  const bands = referenceBands(benchmark, metric).map((b) => ({
    ...b,
    panel: PAPER_LABEL,
    from: GANGULI_2023.model_sizes_params[0] ?? 810e6,
  }));
  const ranges = points.filter((p) => p.range !== undefined);
  const caveat = REFERENCE_CAVEATS[benchmark];
  return {
    points,
    bands,
    notes: [
      ...(points.length > 0
        ? [
            `Hollow marks on thin lines: ${PAPER_LABEL}, Anthropic's RLHF models of 810M–175B parameters after ${RLHF_STEPS[benchmark]} RLHF steps (read from its figures or text, about ±0.02–0.05), not measured here.`,
          ]
        : []),
      ...bands.map(
        (b) =>
          `Grey band: the paper's text for its models up to ${formatParams(b.params_max)}, for ${b.conditions.map((c) => `“${CONDITION_LABELS[c]}”`).join(', ')}: “${b.text}”. No clear effect of the instruction in models of that size agrees with the paper.`,
      ),
      ...ranges.map(
        (p) =>
          `Wide bar beside the ${formatParams(p.params)} ${CONDITION_LABELS[p.condition]} mark: the paper's text and figure disagree; the value lies between ${formatNumber(p.range?.[0])} and ${formatNumber(p.range?.[1])}.`,
      ),
      ...(points.length > 0 && caveat !== undefined ? [caveat] : []),
    ],
    brief: [
      ...(points.length > 0 ? [`Hollow marks: ${PAPER_LABEL}, not measured here.`] : []),
      ...bands.map((b) => `Grey band: the paper's text for models up to ${formatParams(b.params_max)}.`),
    ],
    values: [...points.flatMap((r) => [r.value, ...(r.range ?? [])]), ...bands.flatMap((b) => [b.low, b.high])],
    params: [...points.map((r) => r.params), ...bands.map((b) => b.from)],
  };
}

/**
 * The paper's small-model region: a labelled grey band per band, its label over the band only
 * (`bandPx`: the band's width in px; cut with "…" on a narrow panel), never over the points beside it.
 */
export function paperRegion(
  panel: PaperPanel,
  frame: Frame,
  bandPx: (from: number, to: number) => number,
): Plot.Markish[] {
  if (panel.bands.length === 0) return [];
  const label = (b: ReferenceBand & { readonly from: number }): string =>
    fitText(`paper’s text, ≤${formatParams(b.params_max)}`, bandPx(b.from, b.params_max), Math.round(frame.font * 0.8));
  return [
    P.rectY(panel.bands, {
      x1: 'from',
      x2: 'params_max',
      y1: 'low',
      y2: 'high',
      fx: 'panel',
      fill: 'currentColor',
      fillOpacity: 0.1,
      title: (b: ReferenceBand) => `${PAPER_LABEL}: ${b.text}`,
    }),
    P.text(panel.bands, {
      x: (b: { readonly from: number }) => b.from,
      y: 'high',
      fx: 'panel',
      text: label,
      textAnchor: 'start',
      lineAnchor: 'bottom',
      dy: -3,
      fontSize: Math.round(frame.font * 0.8),
      fillOpacity: 0.8,
    }),
  ];
}

/** One condition's paper values: the text–figure spread, the thin line, the hollow marks. */
export function paperMarks(panel: PaperPanel, c: ConditionId, frame: Frame): Plot.Markish[] {
  const mine = panel.points.filter((p) => p.condition === c);
  if (mine.length === 0) return [];
  const { shape, dash } = CONDITIONS[c];
  const spread = mine.filter((p) => p.range !== undefined);
  return [
    ...(spread.length > 0
      ? [
          P.ruleX(spread, {
            x: 'params',
            y1: (p: ReferencePoint) => p.range?.[0],
            y2: (p: ReferencePoint) => p.range?.[1],
            fx: 'panel',
            stroke: () => c,
            strokeWidth: Math.round(frame.dot * 1.4),
            strokeOpacity: 0.35,
            dx: frame.dot * 1.6,
            title: (p: ReferencePoint) =>
              `${PAPER_LABEL}, ${formatParams(p.params)}\n${CONDITION_LABELS[p.condition]}: between ${formatNumber(p.range?.[0])} and ${formatNumber(p.range?.[1])} (${p.text ?? ''})`,
          }),
        ]
      : []),
    P.line(mine, {
      x: 'params',
      y: 'value',
      fx: 'panel',
      stroke: () => c,
      strokeDasharray: dash ?? undefined,
      strokeWidth: frame.line * 0.6,
      strokeOpacity: 0.8,
      sort: 'params',
    }),
    P.dot(mine, {
      x: 'params',
      y: 'value',
      fx: 'panel',
      stroke: () => c,
      fill: 'none',
      symbol: shape,
      r: frame.dot + 1,
      strokeWidth: 1.5,
      title: (p: ReferencePoint) =>
        `${PAPER_LABEL}, ${formatParams(p.params)}\n${CONDITION_LABELS[p.condition]}: ${formatNumber(p.value)} (${p.kind === 'text' ? "the paper's text" : 'read from its figure'})`,
    }),
  ];
}

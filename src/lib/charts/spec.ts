/**
 * What every chart builder returns: Plot options plus the words around them and the data behind
 * each clickable mark. Builders are pure (rows in, spec out, no DOM); src/ui/charts draws.
 *
 * Invariants:
 * - Every mark tagged `CLICK_CLASS` uses `points` itself as its data (subsets only through
 *   Plot's `filter` option, which keeps indices), so a rendered element's index is an index
 *   into `points` (see src/ui/charts/select.ts).
 * - `plot` has no title/subtitle/caption: the Chart component renders those itself, and
 *   `plotWithText` adds them for snapshots and standalone exports.
 * - Undefined values are never drawn as 0; each spec says in `notes` how many were left out.
 */
import type * as Plot from '@observablehq/plot';
import * as P from '@observablehq/plot';
import type { BenchmarkId, ConditionId } from '../core/ids';
import { PAGE_FRAME, type Frame } from './frame';
import type { LegendEntry } from './legend';

/** The trials behind one drawn point or bar: what the item explorer filters on. */
export interface ChartPoint {
  readonly benchmark: BenchmarkId;
  readonly model: string;
  readonly condition: ConditionId;
  /** BBQ category, Winogender occupation, race (admissions), or null for the overall value. */
  readonly category: string | null;
  readonly metric: string;
  readonly value: number;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  readonly n: number;
  /** Set on paired contrasts: the value is metric(condition) − metric(baseline). */
  readonly baseline?: ConditionId;
  /** With `baseline`: the value is the relative change (metric(condition) − metric(baseline)) / |metric(baseline)|. */
  readonly relative?: true;
}

export interface ChartSpec {
  /** Stable slug, used for export file names. */
  readonly id: string;
  /** Short: the figure, not the section it is in ("Bias by category"). */
  readonly title: string;
  readonly subtitle: string;
  /** What is drawn and what is not (undefined values, missing conditions), in words. */
  readonly caption: string;
  /** The Plot options at the page frame (`plotAt(PAGE_FRAME)`). */
  readonly plot: Plot.PlotOptions;
  /** The Plot options laid out for a frame (a slide's box, a 16:9 export). */
  plotAt(frame: Frame): Plot.PlotOptions;
  /** What the marks mean, drawn with the same symbols, fills and dashes as the marks (legend.ts). */
  readonly legend: readonly LegendEntry[];
  readonly points: readonly ChartPoint[];
  /** The individual caption notes (also part of `caption`). */
  readonly notes: readonly string[];
  /** The caption in brief, for a slide's footnote line. */
  readonly footnote: string;
  /** Set when there is nothing to draw: the chart shows this sentence instead of empty axes. */
  readonly empty?: string;
  /** The sentence that states this figure's result (slides; docs/method.md §6), when the builder computes one. */
  readonly takeaway?: string;
}

/** Class on marks whose elements can be clicked to open the trials behind them. */
export const CLICK_CLASS = 'sc-click';

/** Transparent background and `currentColor` text/axes at the frame's text size, so the chart follows the page theme. */
export function themeStyle(frame: Frame): Plot.PlotOptions['style'] {
  return { background: 'transparent', color: 'currentColor', fontSize: `${frame.font}px`, overflow: 'visible' };
}

type PlotParts = Omit<Plot.PlotOptions, 'title' | 'subtitle' | 'caption' | 'ariaLabel' | 'ariaDescription' | 'style'>;

export interface SpecParts {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  readonly notes: readonly string[];
  /** The notes in brief for a slide's footnote (default: the notes). */
  readonly footnote?: readonly string[];
  readonly points: readonly ChartPoint[];
  readonly legend: readonly LegendEntry[];
  readonly takeaway?: string;
  /** Set when there is nothing to draw: said in words in place of the plot. */
  readonly empty?: string;
  readonly plot: (frame: Frame) => PlotParts;
}

/** The plot of a chart with nothing to draw: its sentence, centred, and no axes. */
export function emptyPlot(message: string, frame: Frame): PlotParts {
  return {
    height: frame.height ?? 90,
    margin: 0,
    x: { axis: null, domain: [0, 1] },
    y: { axis: null, domain: [0, 1] },
    marks: [
      P.text([message], {
        x: 0.5,
        y: 0.5,
        text: (d: string) => d,
        fontSize: Math.round(frame.font * 1.15),
        // In ems: four fifths of the width.
        lineWidth: Math.max(12, ((frame.width ?? 640) * 0.8) / (frame.font * 1.15)),
        fillOpacity: 0.8,
      }),
    ],
  };
}

/** Assembles a spec: accessible name and description, theme style, caption from the notes. */
export function makeSpec(parts: SpecParts): ChartSpec {
  const caption = parts.notes.join(' ');
  const plotAt = (frame: Frame): Plot.PlotOptions => ({
    ...(parts.empty === undefined ? parts.plot(frame) : emptyPlot(parts.empty, frame)),
    ...(frame.width === undefined ? {} : { width: frame.width }),
    ariaLabel: parts.title,
    ariaDescription: [parts.subtitle, caption].filter((s) => s !== '').join(' '),
    style: themeStyle(frame),
  });
  return {
    id: parts.id,
    title: parts.title,
    subtitle: parts.subtitle,
    caption,
    notes: parts.notes,
    footnote: (parts.footnote ?? parts.notes).join(' '),
    legend: parts.empty === undefined ? parts.legend : [],
    points: parts.points,
    ...(parts.empty === undefined ? {} : { empty: parts.empty }),
    ...(parts.takeaway === undefined ? {} : { takeaway: parts.takeaway }),
    plot: plotAt(PAGE_FRAME),
    plotAt,
  };
}

/** The Plot options with title, subtitle and caption in the figure (snapshots, exports). */
export function plotWithText(spec: ChartSpec): Plot.PlotOptions {
  return {
    ...spec.plot,
    title: spec.title,
    subtitle: spec.subtitle,
    ...(spec.caption ? { caption: spec.caption } : {}),
  };
}

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
import type { BenchmarkId, ConditionId } from '../core/ids';

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
  readonly title: string;
  readonly subtitle: string;
  /** What is drawn and what is not (undefined values, missing conditions), in words. */
  readonly caption: string;
  readonly plot: Plot.PlotOptions;
  readonly points: readonly ChartPoint[];
  /** The individual caption notes (also part of `caption`). */
  readonly notes: readonly string[];
  /** The sentence that states this figure's result (slides; docs/method.md §6), when the builder computes one. */
  readonly takeaway?: string;
}

/** Class on marks whose elements can be clicked to open the trials behind them. */
export const CLICK_CLASS = 'sc-click';

/** Transparent background and `currentColor` text/axes, so the chart follows the page theme. */
export const THEME_STYLE = {
  background: 'transparent',
  color: 'currentColor',
  fontSize: '12px',
  overflow: 'visible',
} as const;

export interface SpecParts {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  readonly notes: readonly string[];
  readonly points: readonly ChartPoint[];
  readonly takeaway?: string;
  readonly plot: Omit<Plot.PlotOptions, 'title' | 'subtitle' | 'caption' | 'ariaLabel' | 'ariaDescription' | 'style'>;
}

/** Assembles a spec: accessible name and description, theme style, caption from the notes. */
export function makeSpec(parts: SpecParts): ChartSpec {
  const caption = parts.notes.join(' ');
  return {
    id: parts.id,
    title: parts.title,
    subtitle: parts.subtitle,
    caption,
    notes: parts.notes,
    points: parts.points,
    ...(parts.takeaway === undefined ? {} : { takeaway: parts.takeaway }),
    plot: {
      ...parts.plot,
      ariaLabel: parts.title,
      ariaDescription: [parts.subtitle, caption].filter((s) => s !== '').join(' '),
      style: THEME_STYLE,
    },
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

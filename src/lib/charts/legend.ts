/**
 * Legends drawn as a small Plot of their own, with the same symbols, fills, colours and dashes
 * as the chart's marks (Plot's own legends draw every symbol alike, so a filled mark could show
 * hollow in its legend). A spec lists its entries; `legendPlot` lays them out in rows for a
 * width, so the page, a slide and an export draw the same legend.
 */
import type * as Plot from '@observablehq/plot';
import * as P from '@observablehq/plot';
import { CONDITIONS } from '../core/conditions';
import type { ConditionId } from '../core/ids';
import type { Frame } from './frame';

export interface LegendEntry {
  readonly label: string;
  /** A CSS colour (`currentColor` follows the text). */
  readonly color: string;
  /** An Observable Plot symbol name; null: a line only. */
  readonly shape: string | null;
  /** A filled symbol (false: its outline only). */
  readonly filled: boolean;
  /** A line through the symbol with this dash ("" for solid); absent: no line. */
  readonly dash?: string;
}

/** One entry per condition: its colour and shape, filled, with its line dash when the chart draws lines. */
export function conditionLegend(conditions: readonly ConditionId[], lines = false): LegendEntry[] {
  return conditions.map((c) => {
    const { label, color, shape, dash } = CONDITIONS[c];
    return { label, color, shape, filled: true, ...(lines ? { dash: dash ?? '' } : {}) };
  });
}

interface Placed extends LegendEntry {
  readonly x: number;
  readonly y: number;
}

/** The legend as Plot options `width` px wide (rows wrap), or null without entries. */
export function legendPlot(entries: readonly LegendEntry[], frame: Frame, width: number): Plot.PlotOptions | null {
  if (entries.length === 0) return null;
  const swatch = Math.round(frame.font * 2.2);
  const rowHeight = Math.round(frame.font * 1.7);
  const placed: Placed[] = [];
  let x = 0;
  let row = 0;
  for (const e of entries) {
    const w = swatch + 6 + e.label.length * frame.font * 0.55 + frame.font * 1.2;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    placed.push({ ...e, x, y: row * rowHeight + rowHeight / 2 });
    x += w;
  }
  const marks: Plot.Markish[] = placed.flatMap((e) => [
    e.dash === undefined
      ? null
      : P.ruleY([e.y], {
          x1: e.x,
          x2: e.x + swatch,
          stroke: e.color,
          strokeWidth: frame.line,
          strokeDasharray: e.dash === '' ? undefined : e.dash,
        }),
    e.shape === null
      ? null
      : P.dot([e], {
          x: e.x + swatch / 2,
          y: e.y,
          symbol: e.shape,
          r: frame.dot,
          stroke: e.color,
          strokeWidth: 1.5,
          fill: e.filled ? e.color : 'none',
        }),
    P.text([e], {
      x: e.x + swatch + 6,
      y: e.y,
      text: 'label',
      textAnchor: 'start',
      fontSize: frame.font,
      fill: 'currentColor',
    }),
  ]);
  return {
    width,
    height: (row + 1) * rowHeight + 2,
    margin: 0,
    x: { type: 'identity', axis: null },
    y: { type: 'identity', axis: null },
    style: { background: 'transparent', color: 'currentColor', fontSize: `${frame.font}px`, overflow: 'visible' },
    ariaLabel: `Legend: ${entries.map((e) => e.label).join(', ')}`,
    marks,
  };
}

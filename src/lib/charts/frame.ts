/**
 * The box and type scale a chart is drawn at. A page chart takes its container's width and its
 * own natural height at 12 px text; a slide chart fills a fixed box (the slide's figure area) at
 * 20 px text with 9 px marks, so a slide fits its screen whatever the figure holds. Every chart
 * builder lays its marks out from a Frame, so the same spec draws on the page, on a slide and in a
 * 16:9 export.
 */

export interface Frame {
  readonly kind: 'page' | 'slide';
  /** Width of the plot in px; undefined: the container's width (the page). */
  readonly width?: number;
  /** Height of the plot in px; undefined: the chart's natural height for its rows (the page). */
  readonly height?: number;
  /** Text size in px (ticks, labels, end labels). */
  readonly font: number;
  /** Radius of a point mark in px (diameter 2 × radius). */
  readonly dot: number;
  /** Stroke width of lines and interval rules in px. */
  readonly line: number;
}

export const PAGE_FRAME: Frame = { kind: 'page', font: 12, dot: 3.5, line: 1.5 };

/** A slide's figure area of `width` × `height` px: 20 px text, 9 px marks. */
export function slideFrame(width: number, height: number): Frame {
  return { kind: 'slide', width: Math.round(width), height: Math.round(height), font: 20, dot: 4.5, line: 2.5 };
}

/** Average glyph width of system-ui per px of font size: generous, so labels are not clipped. */
export const GLYPH = 0.6;

/** Approximate width in px of `text` at the frame's font size. */
export function textWidth(text: string, frame: Frame): number {
  return text.length * frame.font * GLYPH;
}

/** A height: the frame's when it has one, else the chart's natural height. */
export function heightIn(frame: Frame, natural: number): number {
  return frame.height ?? natural;
}

/** Left margin that fits the longest row label at the frame's font size (within reason of the width). */
export function labelMargin(labels: readonly string[], frame: Frame): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  const cap = Math.min((280 * frame.font) / 12, frame.width === undefined ? Infinity : frame.width * 0.45);
  return Math.round(Math.min(cap, Math.max(5 * frame.font, 14 + longest * frame.font * 0.54)));
}

/** `text` cut with "…" to fit `px` at `fontPx` (glyphs measured as `labelMargin` measures them). */
export function fitText(text: string, px: number, fontPx: number): string {
  const room = Math.max(2, Math.round(px / (fontPx * 0.54)));
  return text.length <= room ? text : `${text.slice(0, room - 1).trimEnd()}…`;
}

/**
 * A row (band) axis of labelled rows: the left margin that fits the labels (within reason of the
 * width), and tick labels cut with "…" where even that margin is too narrow (a phone), rather than
 * drawn past the plot's edge. The full label stays in each point's tooltip.
 */
export function rowAxis<T extends string>(
  domain: readonly T[],
  frame: Frame,
  format: (row: T) => string = (row) => row,
): { marginLeft: number; y: { domain: readonly T[]; label: null; tickFormat: (row: T) => string } } {
  const marginLeft = labelMargin(domain.map(format), frame);
  return {
    marginLeft,
    y: { domain, label: null, tickFormat: (row) => fitText(format(row), marginLeft - 14, frame.font) },
  };
}

/** Space below the plot for tick labels and the axis label. */
export function bottomMargin(frame: Frame): number {
  return Math.round(frame.font * 3.5);
}

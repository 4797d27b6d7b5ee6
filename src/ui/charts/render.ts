/**
 * Draws a ChartSpec with Plot into a given document (the page's, or jsdom's in tests): the plot
 * laid out for a frame (lib/charts/frame.ts), and its legend as a small plot of its own
 * (lib/charts/legend.ts); finds the SVG of the plot in what Plot returns.
 * Invariant: the spec is not mutated; the same spec and frame render the same markup.
 */
import * as Plot from '@observablehq/plot';
import { PAGE_FRAME, type Frame } from '../../lib/charts/frame';
import { legendPlot } from '../../lib/charts/legend';
import { plotWithText, type ChartSpec } from '../../lib/charts/spec';

export interface RenderOptions {
  /** Put title, subtitle and caption inside Plot's figure (snapshots). */
  readonly withText?: boolean;
  /** Width on the page frame (the container's). */
  readonly width?: number;
  /** The frame to lay the chart out for (default: the page, at `width`). */
  readonly frame?: Frame;
}

function frameOf(options: RenderOptions): Frame {
  return options.frame ?? (options.width ? { ...PAGE_FRAME, width: options.width } : PAGE_FRAME);
}

export function renderChart(
  spec: ChartSpec,
  document: Document,
  options: RenderOptions = {},
): SVGSVGElement | HTMLElement {
  const plot = spec.plotAt(frameOf(options));
  const base = options.withText ? { ...plotWithText(spec), ...plot } : plot;
  return Plot.plot({ ...base, document });
}

/** The legend of `spec` as an <svg> `width` px wide, or null when it has none. */
export function renderLegend(
  spec: ChartSpec,
  document: Document,
  width: number,
  frame: Frame = PAGE_FRAME,
): SVGSVGElement | null {
  const options = legendPlot(spec.legend, frame, width);
  if (options === null) return null;
  const el = Plot.plot({ ...options, document });
  return plotSvg(el);
}

/** The main plot <svg> inside Plot's output (a bare <svg>, or the first <svg> child of a <figure>). */
export function plotSvg(root: Element): SVGSVGElement | null {
  if (root.tagName.toLowerCase() === 'svg') return root as SVGSVGElement;
  for (const svg of root.querySelectorAll('svg')) if (svg.parentElement === root) return svg;
  return null;
}

/**
 * Plot names each mark's <g> ("dot", "rule", "line") with aria-label, which ARIA prohibits on an
 * element without a role (axe: aria-prohibited-attr) and which tells a listener nothing: on the
 * page and on slides (charts and legends) the names go. The plot's own label and description, and each point's, stay.
 */
export function quietMarkGroups(root: Element): void {
  for (const g of root.querySelectorAll('g[aria-label]:not([role])')) g.removeAttribute('aria-label');
}

/**
 * Draws a ChartSpec with Plot into a given document (the page's, or jsdom's in tests) and
 * finds the SVG of the plot in what Plot returns (a bare <svg>, or a <figure> with legends).
 * Invariant: the spec is not mutated; the same spec renders the same markup.
 */
import * as Plot from '@observablehq/plot';
import { plotWithText, type ChartSpec } from '../../lib/charts/spec';

export interface RenderOptions {
  /** Put title, subtitle and caption inside Plot's figure (snapshots, standalone export). */
  readonly withText?: boolean;
  readonly width?: number;
}

export function renderChart(
  spec: ChartSpec,
  document: Document,
  options: RenderOptions = {},
): SVGSVGElement | HTMLElement {
  const base = options.withText ? plotWithText(spec) : spec.plot;
  return Plot.plot({ ...base, ...(options.width ? { width: options.width } : {}), document });
}

/** The main plot <svg> inside Plot's output (legend swatches are small nested svgs, skipped). */
export function plotSvg(root: Element): SVGSVGElement | null {
  if (root.tagName.toLowerCase() === 'svg') return root as SVGSVGElement;
  for (const svg of root.querySelectorAll('svg')) if (svg.parentElement === root) return svg;
  return null;
}

/**
 * Plot names each mark's <g> ("dot", "rule", "line") with aria-label, which ARIA prohibits on an
 * element without a role (axe: aria-prohibited-attr) and which tells a listener nothing: on the
 * page the names go. The plot's own label and description, and each point's, stay.
 */
export function quietMarkGroups(root: Element): void {
  for (const g of root.querySelectorAll('g[aria-label]:not([role])')) g.removeAttribute('aria-label');
}

/**
 * Renders a spec in jsdom, exports it as standalone SVG (title, legend, plot, caption; 640 px) and
 * normalises it for file snapshots: one element per line, attributes sorted, numbers rounded to
 * 2 decimals, Plot's generated class hash and ids replaced, CSS text dropped (Plot's, not ours).
 * Fixed inputs → fixed text, and the fixture is itself a viewable SVG.
 */
import { JSDOM } from 'jsdom';
import type { ChartSpec } from '../../../src/lib/charts/spec';
import { exportSvg } from '../../../src/ui/charts/export';
import { renderChart, renderLegend } from '../../../src/ui/charts/render';

export function newWindow(): JSDOM['window'] {
  return new JSDOM('<!doctype html><html><body></body></html>').window;
}

const round = (s: string): string =>
  s.replace(/-?\d+\.\d+(e-?\d+)?/g, (m) => String(Math.round(Number(m) * 100) / 100));
const clean = (s: string): string =>
  round(s.replace(/plot-[0-9a-f]{6}/g, 'plot').replace(/plot-clip-\d+/g, 'plot-clip'));
const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function lines(el: Element, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const tag = el.tagName;
  const attrs = [...el.attributes].map((a) => `${a.name}="${escape(clean(a.value))}"`).sort();
  const open = [tag, ...attrs].join(' ');
  if (tag === 'style') {
    out.push(`${pad}<style/>`);
    return;
  }
  const children = [...el.childNodes].filter(
    (n) => n.nodeType === 1 || (n.nodeType === 3 && (n.textContent ?? '').trim() !== ''),
  );
  if (children.length === 0) {
    out.push(`${pad}<${open}/>`);
    return;
  }
  out.push(`${pad}<${open}>`);
  for (const node of children) {
    if (node.nodeType === 3) out.push(`${pad}  ${escape(clean((node.textContent ?? '').trim()))}`);
    else lines(node as Element, depth + 1, out);
  }
  out.push(`${pad}</${tag}>`);
}

/** Standalone SVG text of a spec rendered in jsdom (colour fixed, so output is deterministic). */
export function standaloneSvg(spec: ChartSpec, window = newWindow()): string {
  const el = renderChart(spec, window.document);
  const legend = renderLegend(spec, window.document, 640);
  return exportSvg(
    el,
    { title: spec.title, subtitle: spec.subtitle, caption: spec.caption },
    { color: '#1b1f24', legend },
  );
}

export function normalizeSvg(svgText: string, window = newWindow()): string {
  const doc = new window.DOMParser().parseFromString(svgText, 'image/svg+xml');
  const out: string[] = [];
  lines(doc.documentElement, 0, out);
  return `${out.join('\n')}\n`;
}

export function normalizedSvg(spec: ChartSpec): string {
  const window = newWindow();
  return normalizeSvg(standaloneSvg(spec, window), window);
}

/**
 * Charts out of the page: `exportSvg` composes one standalone SVG (title, subtitle, legend,
 * plot, caption) with `currentColor` replaced by the computed text colour, so it renders the
 * same outside the page; `exportSlide` composes a 16:9 slide (the Present screen's layout: kicker,
 * title, takeaway, legend, plot laid out for the slide's figure box, footnote); `exportPng`
 * rasterises such SVG text through a canvas (browser only).
 * Invariants: the rendered chart is not modified (work on clones); the output has the SVG
 * namespace and explicit width, height and viewBox; a slide is exactly SLIDE_STAGE's size.
 */
import { slideFrame } from '../../lib/charts/frame';
import { SLIDE_STAGE, type SlideWords } from '../../lib/charts/slides';
import type { ChartSpec } from '../../lib/charts/spec';
import { plotSvg, renderChart, renderLegend } from './render';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Average glyph width per pixel of font size (system-ui), generous so lines do not overflow. */
const GLYPH = 0.56;

export interface ExportText {
  readonly title?: string;
  readonly subtitle?: string;
  readonly caption?: string;
}

export interface ExportOptions {
  /** Colour that replaces currentColor (default: the plot's computed `color`, else #1b1f24). */
  readonly color?: string;
  /** Background fill (default: none, transparent). */
  readonly background?: string;
  /** The chart's legend <svg> (render.ts renderLegend), placed above the plot. */
  readonly legend?: Element | null;
}

/** `text` in lines of at most `width` px at `size` px; past `max` lines the last ends in "…". */
function wrap(text: string, width: number, size: number, bold: boolean, max = Infinity): string[] {
  const chars = Math.max(10, Math.floor(width / (size * GLYPH * (bold ? 1.1 : 1))));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const last = kept[max - 1] ?? '';
  kept[max - 1] = `${last.slice(0, Math.max(0, chars - 1)).replace(/\s+\S*$/, '')}…`;
  return kept;
}

function resolvedColor(svg: Element, fallback: string): string {
  const view = svg.ownerDocument.defaultView;
  const c = view?.getComputedStyle(svg).color ?? '';
  return c === '' || /currentcolor/i.test(c) ? fallback : c;
}

function inlineColor(root: Element, color: string): void {
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const name of ['fill', 'stroke', 'color', 'style']) {
      const v = el.getAttribute(name);
      if (v !== null && /currentcolor/i.test(v)) el.setAttribute(name, v.replace(/currentcolor/gi, color));
    }
  }
}

/** An empty standalone <svg> and helpers to add text and nested svgs to it, top to bottom. */
function canvas(doc: Document, width: number, color: string, background?: string) {
  const out = doc.createElementNS(SVG_NS, 'svg');
  const add = (tag: string, attrs: Record<string, string | number>, content?: string): Element => {
    const el = doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (content !== undefined) el.textContent = content;
    out.appendChild(el);
    return el;
  };
  if (background) add('rect', { width: '100%', height: '100%', fill: background });
  let y = 0;
  return {
    get y(): number {
      return y;
    },
    skip(dy: number): void {
      y += dy;
    },
    lines(value: string | undefined, size: number, weight: string, x = 0, w = width, max = Infinity): void {
      for (const line of wrap(value ?? '', w, size, weight === 'bold', max)) {
        y += size * 1.3;
        add('text', { x, y: y - size * 0.25, 'font-size': size, 'font-weight': weight, fill: color }, line);
      }
    },
    /** A clone of `svg` at (x, y); y moves past it. */
    place(svg: Element, x = 0): void {
      const copy = svg.cloneNode(true) as Element;
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', String(y));
      out.appendChild(copy);
      y += Number(svg.getAttribute('height') ?? 0);
    },
    finish(height: number): string {
      out.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns', SVG_NS);
      out.setAttribute('width', String(width));
      out.setAttribute('height', String(height));
      out.setAttribute('viewBox', `0 0 ${width} ${height}`);
      out.setAttribute('font-family', 'system-ui, sans-serif');
      out.setAttribute('style', `color: ${color}`);
      inlineColor(out, color);
      const Serializer = doc.defaultView?.XMLSerializer ?? globalThis.XMLSerializer;
      return `<?xml version="1.0" encoding="UTF-8"?>\n${new Serializer().serializeToString(out)}`;
    },
  };
}

/** Standalone SVG text of a rendered chart (`root`: Plot's <svg> or <figure>). */
export function exportSvg(root: Element, text: ExportText = {}, options: ExportOptions = {}): string {
  const svg = plotSvg(root);
  if (svg === null) throw new Error('exportSvg: no <svg> in the chart');
  const color = options.color ?? resolvedColor(svg, '#1b1f24');
  const width = Number(svg.getAttribute('width') ?? 640);
  const c = canvas(root.ownerDocument, width, color, options.background);
  c.lines(text.title, 16, 'bold');
  c.lines(text.subtitle, 12, 'normal');
  if (options.legend) {
    c.skip(8);
    c.place(options.legend);
    c.skip(6);
  }
  c.place(svg);
  c.skip(6);
  c.lines(text.caption, 11, 'normal');
  return c.finish(Math.ceil(c.y + 6));
}

/**
 * A 16:9 slide of `spec` (SLIDE_STAGE px): the words above and below, the legend and the plot
 * laid out for the figure box that is left, drawn in `document`.
 */
export function exportSlide(
  spec: ChartSpec,
  words: SlideWords,
  document: Document,
  options: ExportOptions = {},
): string {
  const S = SLIDE_STAGE;
  const color = options.color ?? '#1b1f24';
  const inner = S.width - 2 * S.padX;
  const c = canvas(document, S.width, color, options.background);
  c.skip(S.padTop);
  if (words.kicker) c.lines(words.kicker, S.kicker, 'normal', S.padX, inner, 1);
  c.lines(words.title, S.title, 'bold', S.padX, inner, 2);
  c.skip(S.gap / 2);
  c.lines(words.takeaway, S.takeaway, 'normal', S.padX, inner, S.takeawayLines);
  c.skip(S.gap);
  const foot = wrap(words.footnote, inner, S.footnote, false, S.footnoteLines);
  const footHeight = foot.length * S.footnote * 1.3;
  const box = S.height - c.y - S.gap - footHeight - S.padBottom;
  const legend = renderLegend(spec, document, inner, slideFrame(inner, box));
  const legendHeight = legend ? Number(legend.getAttribute('height') ?? 0) + S.gap / 2 : 0;
  if (legend) {
    c.place(legend, S.padX);
    c.skip(S.gap / 2);
  }
  const plot = plotSvg(renderChart(spec, document, { frame: slideFrame(inner, Math.max(80, box - legendHeight)) }));
  if (plot) c.place(plot, S.padX);
  c.skip(S.height - S.padBottom - footHeight - c.y);
  c.lines(words.footnote, S.footnote, 'normal', S.padX, inner, S.footnoteLines);
  return c.finish(S.height);
}

/** The width and height of standalone SVG text (from its root attributes). */
export function svgSize(svgText: string): { width: number; height: number } {
  const head = /<svg\b[^>]*>/.exec(svgText)?.[0] ?? '';
  const num = (name: string): number => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(head)?.[1] ?? NaN);
  const width = num('width');
  const height = num('height');
  if (!(width > 0 && height > 0)) throw new Error('svgSize: the SVG has no width/height');
  return { width, height };
}

/** PNG of standalone SVG text at `scale` × its size (browser only: Image + canvas). */
export async function exportPng(svgText: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svgText);
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('exportPng: the SVG could not be loaded as an image'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await loaded;
  const w = Math.round(width * scale);
  const h = Math.round(height * scale);
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('exportPng: no 2D canvas context');
    ctx.drawImage(image, 0, 0, w, h);
    return canvas.convertToBlob({ type: 'image/png' });
  }
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('exportPng: no 2D canvas context');
  ctx.drawImage(image, 0, 0, w, h);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('exportPng: canvas produced no PNG'))), 'image/png'),
  );
}

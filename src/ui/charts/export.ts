/**
 * Charts out of the page: `exportSvg` composes one standalone SVG (title, subtitle, legend,
 * plot, caption) with `currentColor` replaced by the computed text colour, so it renders the
 * same outside the page; `exportPng` rasterises such SVG text through a canvas (browser only).
 * Invariants: the rendered chart is not modified (work on clones); the output has the SVG
 * namespace and explicit width, height and viewBox.
 */
import { plotSvg } from './render';

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
}

function wrap(text: string, width: number, size: number, bold: boolean): string[] {
  const max = Math.max(10, Math.floor(width / (size * GLYPH * (bold ? 1.1 : 1))));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
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

/** Standalone SVG text of a rendered chart (`root`: Plot's <svg> or <figure>). */
export function exportSvg(root: Element, text: ExportText = {}, options: ExportOptions = {}): string {
  const doc = root.ownerDocument;
  const svg = plotSvg(root);
  if (svg === null) throw new Error('exportSvg: no <svg> in the chart');
  const color = options.color ?? resolvedColor(svg, '#1b1f24');
  const width = Number(svg.getAttribute('width') ?? 640);
  const out = doc.createElementNS(SVG_NS, 'svg');
  const add = (tag: string, attrs: Record<string, string | number>, content?: string): Element => {
    const el = doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (content !== undefined) el.textContent = content;
    out.appendChild(el);
    return el;
  };
  let y = 0;
  if (options.background) add('rect', { width: '100%', height: '100%', fill: options.background });
  const lines = (value: string | undefined, size: number, weight: string): void => {
    for (const line of wrap(value ?? '', width, size, weight === 'bold')) {
      y += size * 1.35;
      add('text', { x: 0, y, 'font-size': size, 'font-weight': weight, fill: color }, line);
    }
  };
  lines(text.title, 16, 'bold');
  lines(text.subtitle, 12, 'normal');
  let x = 0;
  const swatches = [...root.querySelectorAll('span[class*="swatch"]')];
  if (swatches.length > 0) y += 8;
  for (const swatch of swatches) {
    const label = swatch.textContent?.trim() ?? '';
    const icon = swatch.querySelector('svg');
    const w = 22 + label.length * 12 * GLYPH + 14;
    if (x > 0 && x + w > width) {
      x = 0;
      y += 20;
    }
    if (icon) {
      const copy = icon.cloneNode(true) as Element;
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', String(y));
      out.appendChild(copy);
    }
    add('text', { x: x + 22, y: y + 11, 'font-size': 12, fill: color }, label);
    x += w;
  }
  if (swatches.length > 0) y += 24;
  const plot = svg.cloneNode(true) as Element;
  plot.setAttribute('x', '0');
  plot.setAttribute('y', String(y));
  out.appendChild(plot);
  y += Number(svg.getAttribute('height') ?? 400) + 6;
  lines(text.caption, 11, 'normal');
  const height = Math.ceil(y + 6);
  out.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  out.setAttribute('font-family', 'system-ui, sans-serif');
  out.setAttribute('style', `color: ${color}`);
  inlineColor(out, color);
  const Serializer = doc.defaultView?.XMLSerializer ?? globalThis.XMLSerializer;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new Serializer().serializeToString(out)}`;
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

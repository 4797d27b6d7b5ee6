/**
 * Exports parse back: the standalone SVG through an XML DOMParser (namespace, size, colours
 * inlined, text kept, the page's chart untouched), CSV through parseCsv (RFC 4180 quoting).
 */
import { describe, expect, it } from 'vitest';
import { bbq } from '../../../src/lib/benchmarks/bbq';
import type { MetricRow } from '../../../src/lib/core/records';
import { toCsv } from '../../../src/lib/charts/csv';
import { parseCsv } from '../../../src/lib/core/csv';
import { scalingSpec } from '../../../src/lib/charts/scaling';
import { catalogueSizes } from '../../../src/lib/engine/sizes';
import { exportSlide, exportSvg, svgSize } from '../../../src/ui/charts/export';
import { renderChart, renderLegend } from '../../../src/ui/charts/render';
import { SLIDE_STAGE } from '../../../src/lib/charts/slides';
import { BBQ_HEADLINE, row } from './data';
import { newWindow } from './normalize';

const spec = scalingSpec({ benchmark: bbq, rows: BBQ_HEADLINE, sizes: catalogueSizes(), family: 'qwen2.5' }).main;

describe('exportSvg', () => {
  it('gives standalone SVG that parses, with xmlns, size, text, legend and no currentColor', () => {
    const window = newWindow();
    const host = window.document.createElement('div');
    host.setAttribute('style', 'color: rgb(10, 20, 30)');
    window.document.body.appendChild(host);
    const chart = renderChart(spec, window.document);
    host.appendChild(chart);
    const before = chart.outerHTML;
    const legend = renderLegend(spec, window.document, 640);
    const text = exportSvg(
      chart,
      { title: spec.title, subtitle: spec.subtitle, caption: spec.caption },
      { color: 'rgb(10, 20, 30)', background: '#ffffff', legend },
    );
    expect(chart.outerHTML).toBe(before);
    const doc = new window.DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const root = doc.documentElement;
    expect(root.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(root.localName).toBe('svg');
    const { width, height } = svgSize(text);
    expect(root.getAttribute('viewBox')).toBe(`0 0 ${width} ${height}`);
    expect(height).toBeGreaterThan(400);
    expect(text).not.toMatch(/currentcolor/i);
    expect(text).toContain('rgb(10, 20, 30)');
    const words = [...root.querySelectorAll('text')].map((t) => t.textContent).join(' ');
    expect(words).toContain(spec.title);
    expect(words).toContain('+ instruction to avoid bias'); // legend
    expect(words).toContain('1 undefined value not shown'); // caption
    // One mark per point (plus one legend swatch per entry, outside the clickable groups).
    expect(root.querySelectorAll('g.sc-click > *').length).toBe(spec.points.length);
  });

  it('inlines the computed text colour when none is given', () => {
    const window = newWindow();
    const chart = renderChart(spec, window.document);
    window.document.body.appendChild(chart);
    chart.setAttribute('style', 'color: rgb(200, 100, 50)');
    const text = exportSvg(chart);
    expect(text).not.toMatch(/currentcolor/i);
    expect(text).toContain('rgb(200, 100, 50)');
  });
});

describe('exportSlide', () => {
  it('gives a 16:9 slide of exactly the stage size with its words, legend and every mark inside it', () => {
    const window = newWindow();
    const words = {
      kicker: 'BBQ: Bias Benchmark for QA',
      title: spec.title,
      takeaway: 'Under the plain question, ambiguous bias is +0.02 in Qwen2.5 0.5B and +0.11 in Qwen2.5 3B.',
      footnote: spec.footnote,
    };
    const text = exportSlide(spec, words, window.document, { color: '#e6edf3', background: '#0f1216' });
    expect(svgSize(text)).toEqual({ width: SLIDE_STAGE.width, height: SLIDE_STAGE.height });
    expect(SLIDE_STAGE.width / SLIDE_STAGE.height).toBeCloseTo(16 / 9, 12);
    expect(text).not.toMatch(/currentcolor/i);
    const root = new window.DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
    const own = [...root.children].filter((c) => c.localName === 'text').map((t) => t.textContent);
    expect(own[0]).toBe(words.kicker);
    expect(own[1]).toBe(words.title);
    expect(own.join(' ')).toContain('Under the plain question');
    expect(own.join(' ')).toContain('Bars: 95% bootstrap intervals.');
    // Every own line of text and every nested svg (legend, plot) lies inside the slide.
    for (const t of [...root.children].filter((c) => c.localName !== 'rect')) {
      const y = Number(t.getAttribute('y'));
      const h = Number(t.getAttribute('height') ?? 0);
      expect(y, t.localName).toBeGreaterThanOrEqual(0);
      expect(y + h, t.localName).toBeLessThanOrEqual(SLIDE_STAGE.height);
    }
    const nested = [...root.children].filter((c) => c.localName === 'svg');
    expect(nested).toHaveLength(2); // legend, plot
    expect(nested[1]?.querySelectorAll('g.sc-click > *').length).toBe(spec.points.length);
    // Drawn at the slide's type scale: 20 px text.
    expect(nested[1]?.getAttribute('style')).toContain('font-size: 20px');
  });
});

describe('CSV', () => {
  const rows: MetricRow[] = [
    row('bbq', 'm,1', 'q', 'ambiguous_bias', 0.125, { category: 'Gender_identity (names)' }),
    row('bbq', 'say "hi"', 'q_if', 'ambiguous_bias', null, { baseline: 'q' }),
    row('winogender', 'line\nbreak', 'q_match_stats', 'p_female', -1e-7, { category: 'café, “bar”' }),
  ];
  const columns = [
    'benchmark',
    'model',
    'condition',
    'category',
    'metric',
    'value',
    'ci_low',
    'ci_high',
    'n',
    'baseline',
  ] as const;

  it('round-trips through parseCsv with RFC 4180 quoting and empty fields for undefined', () => {
    const text = toCsv(rows, [...columns]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"m,1"');
    expect(text).toContain('"say ""hi"""');
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual([...columns]);
    expect(parsed).toHaveLength(rows.length + 1);
    rows.forEach((r, i) => {
      const back = parsed[i + 1] as string[];
      columns.forEach((c, j) => {
        const v = r[c];
        expect(back[j]).toBe(v === null || v === undefined ? '' : String(v));
      });
    });
  });

  it('uses the first row’s keys by default and rejects malformed quoting', () => {
    expect(parseCsv(toCsv([{ a: 1, b: 'x' }]))).toEqual([
      ['a', 'b'],
      ['1', 'x'],
    ]);
    expect(toCsv([])).toBe('\r\n');
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('"a""b",,c')).toEqual([['a"b', '', 'c']]);
    expect(() => parseCsv('"open')).toThrow(/never closed/);
    expect(() => parseCsv('"a"b')).toThrow(/after a closing quote/);
  });
});

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
import { exportSvg, svgSize } from '../../../src/ui/charts/export';
import { renderChart } from '../../../src/ui/charts/render';
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
    const text = exportSvg(
      chart,
      { title: spec.title, subtitle: spec.subtitle, caption: spec.caption },
      { color: 'rgb(10, 20, 30)', background: '#ffffff' },
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
    expect(root.querySelectorAll('circle').length).toBe(spec.points.length);
  });

  it('inlines the computed text colour when none is given', () => {
    const window = newWindow();
    const chart = renderChart(spec, window.document);
    window.document.body.appendChild(chart);
    chart.querySelector('svg')?.setAttribute('style', 'color: rgb(200, 100, 50)');
    const text = exportSvg(chart);
    expect(text).not.toMatch(/currentcolor/i);
    expect(text).toContain('rgb(200, 100, 50)');
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

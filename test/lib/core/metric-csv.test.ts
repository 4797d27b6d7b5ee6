/**
 * Metric tables as CSV (Results' and the Study's download): one column list for both, with the
 * interval's resampling unit, absent baselines empty and absent relative flags false; a study's
 * run columns around it.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/lib/core/csv';
import { METRIC_CSV_COLUMNS, metricCsv } from '../../../src/lib/core/metric-csv';
import type { MetricRow } from '../../../src/lib/core/records';

const ROW: MetricRow = {
  benchmark: 'bbq',
  model: 'm',
  condition: 'q_if',
  category: null,
  metric: 'ambiguous_bias',
  value: 0.25,
  ci_low: 0.1,
  ci_high: 0.4,
  interval_unit: 'template',
  n: 90,
};

describe('metricCsv', () => {
  it('writes every metric column, the resampling unit included', () => {
    const [header, row] = parseCsv(metricCsv([ROW]));
    expect(header).toEqual(['benchmark', ...METRIC_CSV_COLUMNS]);
    const cell = (name: string) => row?.[header?.indexOf(name) ?? -1];
    expect([cell('interval_unit'), cell('baseline'), cell('relative'), cell('params')]).toEqual([
      'template',
      '',
      'false',
      '',
    ]);
    expect(cell('value')).toBe('0.25');
  });

  it("puts a study's run columns before and its provenance after the metric columns", () => {
    const row = { ...ROW, baseline: 'q' as const, run: 'r1', run_name: 'Run one', engine: 'openai · vLLM' };
    const [header, cells] = parseCsv(metricCsv([row], { lead: ['run', 'run_name'], tail: ['engine'] }));
    expect(header).toEqual(['benchmark', 'run', 'run_name', ...METRIC_CSV_COLUMNS, 'engine']);
    expect(cells?.slice(0, 3)).toEqual(['bbq', 'r1', 'Run one']);
    expect(cells?.[header?.indexOf('baseline') ?? -1]).toBe('q');
    expect(cells?.at(-1)).toBe('openai · vLLM');
  });
});

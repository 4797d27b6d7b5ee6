/** Trials as one flat table: item fields and probabilities as columns, JSONL and CSV (hand-written expectations). */
import { describe, expect, it } from 'vitest';
import { flatCsv, flatJsonl, flattenTrials } from '../../../src/lib/study/flat';
import { buildRunFixture, buildTrialFixture, TOY_SPEC } from '../../doubles/records';

const run = buildRunFixture({ spec: { ...TOY_SPEC, modelInfo: { 'model-a': { params: 7e9, family: 'Fam' } } } });
const ok = buildTrialFixture({ itemKey: 'i1', item: { group: 'a', n: 3 } });
const failed = buildTrialFixture({
  itemKey: 'i2',
  model: 'model-b',
  condition: 'q_if',
  item: { group: 'b, "quoted"', extra: true },
  status: 'failed',
  raw: null,
  probs: null,
  mass: null,
  answer: null,
  scoring: null,
  error: { kind: 'server_error', message: 'HTTP 500' },
  reasoning: ['line one\nline two'],
});
const other = buildTrialFixture({ runId: 'elsewhere' });

describe('flattenTrials', () => {
  const flat = flattenTrials([run], [ok, failed, other]);

  it('has the fixed columns, then item fields, probabilities and raw probabilities in order of appearance', () => {
    expect(flat.columns.slice(0, 14)).toEqual([
      'run',
      'run_name',
      'key',
      'model',
      'params',
      'family',
      'quantization',
      'benchmark',
      'benchmark_version',
      'condition',
      'item_key',
      'status',
      'answer',
      'mass',
    ]);
    expect(flat.columns.slice(14, 21)).toEqual([
      'item.group',
      'item.n',
      'item.extra',
      'p.yes',
      'p.no',
      'raw.yes',
      'raw.no',
    ]);
    expect(flat.columns.at(-1)).toBe('reasoning');
    expect(flat.rows).toHaveLength(2); // the trial of a run not given is left out
  });

  it('writes one JSON object per trial, every column present, null where empty', () => {
    const lines = flatJsonl(flat).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const [a, b] = lines.slice(0, 2).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(a ?? {})).toEqual(flat.columns);
    expect(a).toMatchObject({
      model: 'model-a',
      params: 7e9,
      family: 'Fam',
      quantization: null,
      'item.group': 'a',
      'item.n': 3,
      'item.extra': null,
      'p.yes': 0.75,
      'raw.no': 0.2,
      scoring: 'exact',
      engine: 'webllm',
      engine_version: 'scripted 1',
      reasoning: [],
    });
    expect(b).toMatchObject({
      model: 'model-b',
      params: null,
      status: 'failed',
      answer: null,
      'p.yes': null,
      error_kind: 'server_error',
      error_message: 'HTTP 500',
      reasoning: ['line one\nline two'],
    });
  });

  it('writes CSV with the same columns, quoting what needs it', () => {
    const csv = flatCsv(flat).split('\r\n');
    expect(csv[0]).toBe(flat.columns.join(','));
    expect(csv[1]).toMatch(
      /^run-1,fixture run,run-1\|model-a\|winogender\|q\|i1,model-a,7000000000,Fam,,winogender,toy-1,q,i1,ok,yes,0\.8,a,3,,0\.75,0\.25,0\.6,0\.2,exact,/,
    );
    expect(csv[2]).toContain(',"b, ""quoted""",,true,,,,,');
    expect(csv[2]).toMatch(/,"\[""line one\\nline two""\]"$/);
  });
});

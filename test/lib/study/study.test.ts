/**
 * Many runs → one study (lib/study): rows carry their model's facts and what made them; a run
 * whose items differ for a benchmark is listed with the reason and its rows are left out; the
 * order runs are given in changes nothing; a run given twice counts once. Hand-made rows, so
 * every expected value is read off the inputs.
 */
import { describe, expect, it } from 'vitest';
import type { MetricRow, RunRecord, TrialRecord } from '../../../src/lib/core/records';
import { buildStudy, studyInput } from '../../../src/lib/study/study';
import { stampFromSummary, stampRun } from '../../../src/lib/study/stamp';
import { buildRunSummary } from '../../../src/lib/core/run-summary';
import { buildRunFixture, buildTrialFixture, TOY_SPEC } from '../../doubles/records';

function run(id: string, day: number, over: Partial<RunRecord> & { models: string[]; items: string[] }): RunRecord {
  const { models, items, ...rest } = over;
  return buildRunFixture({
    id,
    name: `run ${id}`,
    createdAt: `2025-01-0${day}T00:00:00.000Z`,
    spec: { ...TOY_SPEC, ...(rest.spec ?? {}), models, conditions: ['q', 'q_if'] },
    itemKeys: { winogender: items },
    benchmarkVersions: { winogender: 'toy-1' },
    ...(rest.benchmarkVersions ? { benchmarkVersions: rest.benchmarkVersions } : {}),
    ...(rest.device ? { device: rest.device } : {}),
  });
}

const row = (
  model: string,
  condition: 'q' | 'q_if',
  value: number | null,
  extra: Partial<MetricRow> = {},
): MetricRow => ({
  benchmark: 'winogender',
  model,
  condition,
  category: null,
  metric: 'correlation',
  value,
  ci_low: value === null ? null : value - 0.1,
  ci_high: value === null ? null : value + 0.1,
  interval_unit: value === null ? null : 'occupation',
  n: 2,
  ...extra,
});

const trial = (r: RunRecord, model: string, over: Partial<TrialRecord> = {}) =>
  buildTrialFixture({ runId: r.id, model, ...over });

const A = run('a', 1, {
  models: ['qwen-1b', 'qwen-3b'],
  items: ['i1', 'i2', 'i3'],
  device: 'apple metal-3',
  spec: {
    ...TOY_SPEC,
    modelInfo: {
      'qwen-1b': { params: 1.5e9, family: 'Qwen2.5', quantization: 'q4f16_1' },
      'qwen-3b': { params: 3e9, family: 'qwen2.5' },
    },
  },
});
const B = run('b', 2, {
  models: ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC'],
  items: ['i3', 'i1', 'i2'], // the same items, in another order
  spec: { ...TOY_SPEC, engine: { kind: 'openai', baseUrl: 'http://gpu-box:8000/v1' } },
});
const C = run('c', 3, { models: ['other'], items: ['i1', 'i2', 'i4', 'i5'], spec: { ...TOY_SPEC, seed: 9 } });

const inputs = () => [
  studyInput(
    A,
    [trial(A, 'qwen-1b'), trial(A, 'qwen-3b', { appCommit: 'abcdef0123' })],
    [row('qwen-1b', 'q', 0.5), row('qwen-1b', 'q_if', 0.4), row('qwen-3b', 'q', 0.6), row('qwen-3b', 'q_if', null)],
  ),
  studyInput(
    B,
    [
      trial(B, 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC', {
        engine: { kind: 'openai', version: 'vLLM 0.6.3' },
        ...({ template: { source: 'server', hash: null, system: null } } as object),
      }),
    ],
    [row('Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 'q', 0.7)],
  ),
  studyInput(C, [trial(C, 'other')], [row('other', 'q', 0.9)]),
];

describe('buildStudy', () => {
  it("keeps the rows of runs with the study's items, each with its model's facts and provenance", () => {
    const study = buildStudy(inputs());
    expect(study.metrics.map((r) => `${r.run}:${r.model}:${r.condition}`)).toEqual([
      'a:qwen-1b:q',
      'a:qwen-1b:q_if',
      'a:qwen-3b:q',
      'a:qwen-3b:q_if',
      'b:Qwen2.5-0.5B-Instruct-q4f32_1-MLC:q',
    ]);
    const [first, , third, , fifth] = study.metrics;
    expect(first).toMatchObject({
      run_name: 'run a',
      params: 1.5e9,
      family: 'qwen2.5', // "Qwen2.5" as typed joins the catalogue's family
      quantization: 'q4f16_1',
      hf_id: null,
      label: 'qwen-1b',
      engine: 'webllm · scripted 1',
      device: 'apple metal-3',
      template: null,
      app_version: 'test · commit unknown',
      value: 0.5,
    });
    expect(third).toMatchObject({ params: 3e9, quantization: null, app_version: 'test · abcdef0' });
    expect(fifth).toMatchObject({
      params: 490e6, // the catalogue's card
      family: 'qwen2.5',
      quantization: 'q4f32_1',
      label: 'Qwen2.5 0.5B Instruct (q4f32_1)',
      engine: 'openai · vLLM 0.6.3',
      device: 'server gpu-box:8000',
      template: 'server',
    });
  });

  it('lists a run whose items differ, with why, and leaves its rows out', () => {
    const study = buildStudy(inputs());
    expect(study.runs.map((r) => [r.id, r.benchmarks.map((b) => [b.included, b.items, b.reason])])).toEqual([
      ['a', [[true, 3, null]]],
      ['b', [[true, 3, null]]],
      ['c', [[false, 4, "its 4 items are not the study's 3 (2 in common; seed 9, the study's 7)"]]],
    ]);
    expect(study.metrics.some((r) => r.run === 'c')).toBe(false);
    expect(study.runs[0]).toMatchObject({
      engine: 'webllm · scripted 1',
      trials: 2,
      planned: 12,
      models: ['qwen-1b', 'qwen-3b'],
    });
  });

  it('says when a benchmark version differs', () => {
    const D = run('d', 4, { models: ['x'], items: ['i1', 'i2', 'i3'], benchmarkVersions: { winogender: 'toy-2' } });
    const study = buildStudy([...inputs(), studyInput(D, [], [row('x', 'q', 0.1)])]);
    expect(study.runs.find((r) => r.id === 'd')?.benchmarks[0]?.reason).toBe(
      "benchmark version toy-2, the study's toy-1: its items and numbers are not comparable",
    );
    expect(study.runs.find((r) => r.id === 'd')?.app_version).toBe('test · commit unknown');
  });

  it('takes the item set most runs share, ties going to the earliest run, whatever the order given', () => {
    const [a, b, c] = inputs();
    if (!a || !b || !c) throw new Error('inputs');
    expect(buildStudy([c, b, a])).toEqual(buildStudy([a, b, c]));
    // A alone against C alone: a tie, and A is the earlier run.
    const tie = buildStudy([c, a]);
    expect(tie.runs.map((r) => r.benchmarks[0]?.included)).toEqual([true, false]);
  });

  it('counts a run given twice once', () => {
    const [a] = inputs();
    if (!a) throw new Error('inputs');
    const study = buildStudy([a, a]);
    expect(study.runs).toHaveLength(1);
    expect(study.metrics).toHaveLength(4);
  });
});

describe('stampRun', () => {
  it("names each model's engines, apps and templates, in order of first appearance", () => {
    const stamp = stampRun(A, [
      trial(A, 'qwen-1b', { itemKey: 'i1' }),
      trial(A, 'qwen-1b', { itemKey: 'i2', engine: { kind: 'webllm', version: '' } }),
      trial(A, 'qwen-1b', { itemKey: 'i3', ...({ template: { source: 'hf' } } as object) }),
      trial(B, 'qwen-1b'), // another run's trial is not counted
    ]);
    expect(stamp.trials).toBe(3);
    expect(stamp.stamps.get('winogender|qwen-1b')).toEqual({
      engines: ['webllm · scripted 1', 'webllm'],
      apps: ['test · commit unknown'],
      templates: ['hf'],
    });
  });

  it('reads the same from the run summary as from the trials (stampFromSummary)', () => {
    const trials = [
      trial(A, 'qwen-1b', { itemKey: 'i1' }),
      trial(A, 'qwen-1b', { itemKey: 'i2', engine: { kind: 'openai', version: 'vLLM 0.9' } }),
      trial(A, 'qwen-1b', { itemKey: 'i3', ...({ template: { source: 'hf' } } as object) }),
      trial(A, 'qwen-7b', { itemKey: 'i1', appVersion: '0.3.0', appCommit: 'f'.repeat(40) }),
      trial(A, 'qwen-7b', { itemKey: 'i2' }),
    ].sort((x, y) => (x.key < y.key ? -1 : 1));
    const fromSummary = stampFromSummary(A, buildRunSummary(A.id, trials, 'r'));
    expect(fromSummary).toEqual(stampRun(A, trials));
    expect(fromSummary.stamps.get('winogender|qwen-7b')?.apps).toEqual(['0.3.0 · fffffff', 'test · commit unknown']);
  });
});

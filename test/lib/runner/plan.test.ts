import { describe, expect, it } from 'vitest';
import { buildRunPlan, buildTrialList } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import type { RunSpec } from '../../../src/lib/core/records';
import { buildToyItems, createToyBenchmark } from '../../doubles/toy-benchmark';
import { TOY_SPEC } from '../../doubles/records';

const wino = { benchmark: createToyBenchmark(), items: buildToyItems(9) };
const bbq = { benchmark: createToyBenchmark({ id: 'bbq', conditions: ['q', 'q_if'] }), items: buildToyItems(4) };
const spec: RunSpec = { ...TOY_SPEC, benchmarks: ['winogender', 'bbq'], sampleSize: 'all' };

describe('buildRunPlan', () => {
  it('fixes item keys and versions, skipping unsupported conditions', () => {
    const plan = buildRunPlan(spec, [wino, bbq]);
    expect(plan.itemKeys.winogender).toHaveLength(9);
    expect(plan.itemKeys.bbq).toEqual(['item00', 'item01', 'item02', 'item03']);
    expect(plan.benchmarkVersions).toEqual({ winogender: 'toy-1', bbq: 'toy-1' });
    expect(plan.trialsPerModel).toEqual({ q: 13, q_if: 13, q_if_cot: 9 });
    expect(plan.plannedTrials).toBe((9 * 3 + 4 * 2) * 2);
  });

  it('samples the same items for the same seed, stratified', () => {
    const a = buildRunPlan({ ...spec, sampleSize: 3 }, [wino, bbq]);
    const b = buildRunPlan({ ...spec, sampleSize: 3 }, [wino, bbq]);
    expect(a.itemKeys).toEqual(b.itemKeys);
    expect(a.itemKeys.winogender).toHaveLength(3);
    // 9 items: groups b (0,3,6) and a (6 items) -> 1 + 2
    expect(a.itemKeys.winogender?.filter((k) => ['item00', 'item03', 'item06'].includes(k))).toHaveLength(1);
  });

  it('throws when a benchmark of the spec is not provided', () => {
    expect(() => buildRunPlan(spec, [wino])).toThrow(/bbq/);
  });
});

describe('buildTrialList', () => {
  const plan = buildRunPlan(spec, [wino, bbq]);
  const run = createRun(spec, plan, { id: 'r1' });

  it('is model-major, then benchmark, then item, with conditions adjacent', () => {
    const list = buildTrialList(run, [wino, bbq]);
    if (list.kind !== 'ok') throw new Error(list.message);
    const rows = list.trials.map((t) => `${t.model} ${t.benchmark.id} ${t.itemKey} ${t.condition}`);
    expect(rows.slice(0, 4)).toEqual([
      'model-a winogender item00 q',
      'model-a winogender item00 q_if',
      'model-a winogender item00 q_if_cot',
      'model-a winogender item01 q',
    ]);
    expect(rows[27]).toBe('model-a bbq item00 q');
    expect(rows[35]).toBe('model-b winogender item00 q');
    expect(list.trials).toHaveLength(run.plannedTrials);
    expect(new Set(list.trials.map((t) => t.key)).size).toBe(run.plannedTrials);
    expect(list.trials[0]?.key).toBe('r1|model-a|winogender|q|item00');
  });

  it('refuses a run planned with another benchmark version or with items now missing', () => {
    const newer = { benchmark: createToyBenchmark({ version: 'toy-2' }), items: wino.items };
    expect(buildTrialList(run, [newer, bbq])).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('version toy-1'),
    });
    const fewer = { ...wino, items: wino.items.slice(1) };
    expect(buildTrialList(run, [fewer, bbq])).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('"item00"'),
    });
  });
});

// docs/method.md §4: a trial whose candidate mass is 0 or not finite is a failed trial, never an
// answer (before, mass 0 became the first candidate with uniform probabilities).
import { describe, expect, it } from 'vitest';
import { chooseAnswer, massProblem } from '../../../src/lib/benchmarks/choose';
import { buildRunPlan, type BenchmarkInput } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import { runEvaluation } from '../../../src/lib/runner/run';
import type { RunSpec } from '../../../src/lib/core/records';
import type { ScoreRequest } from '../../../src/lib/engine/types';
import { openFreshStore } from '../../doubles/fresh-store';
import { TOY_SPEC } from '../../doubles/records';
import { ScriptedEngine } from '../../doubles/scripted-engine';
import { buildToyItems, createToyBenchmark } from '../../doubles/toy-benchmark';

describe('massProblem / chooseAnswer', () => {
  const order = ['a', 'b', 'c'];
  it('mass 0, NaN, infinite or missing: a problem; chooseAnswer refuses it instead of picking the first candidate', () => {
    const raws: Record<string, number>[] = [
      { a: 0, b: 0, c: 0 },
      { a: Number.NaN, b: 0.5, c: 0.1 },
      { a: Number.POSITIVE_INFINITY, b: 0, c: 0 },
      { a: 0.2, b: 0.1 },
      { a: -0.1, b: 0.2, c: 0.3 },
    ];
    for (const raw of raws) {
      expect(massProblem(raw, order), JSON.stringify(raw)).not.toBeNull();
      expect(() => chooseAnswer(raw, order)).toThrow(/failed trial/);
    }
  });
  it('positive finite mass: the argmax of the renormalised probabilities', () => {
    expect(massProblem({ a: 0, b: 0, c: 1e-30 }, order)).toBeNull();
    expect(chooseAnswer({ a: 0, b: 0, c: 1e-30 }, order)).toEqual({
      probs: { a: 0, b: 0, c: 1 },
      mass: 1e-30,
      answer: 'c',
    });
  });
});

describe('a trial without candidate mass', () => {
  const toy = createToyBenchmark();
  const inputs: BenchmarkInput[] = [{ benchmark: toy, items: buildToyItems(3) }];
  const spec: RunSpec = { ...TOY_SPEC, sampleSize: 'all', models: ['model-a'], conditions: ['q'] };

  it('is stored as failed (no_candidate_mass), with no answer, and the run carries on', async () => {
    const store = await openFreshStore();
    const run = createRun(spec, buildRunPlan(spec, inputs), { id: 'r1' });
    await store.putRun(run);
    // One score call per item, in item order: mass 0, then NaN, then a real answer.
    const script = [
      { yes: 0, no: 0 },
      { yes: Number.NaN, no: 0.3 },
      { yes: 0.1, no: 0.3 },
    ];
    let call = 0;
    const engine = new ScriptedEngine({ probabilities: (_r: ScoreRequest) => script[call++] ?? { yes: 0.5, no: 0.5 } });
    const outcome = await runEvaluation({ run, benchmarks: inputs, engine, store, onEvent: () => {} });
    const stored = (await store.listTrials(run.id)).sort((a, b) => a.itemKey.localeCompare(b.itemKey));
    expect(outcome).toMatchObject({ kind: 'done', failed: 2 });
    expect(stored.map((t) => [t.itemKey, t.status, t.answer])).toEqual([
      ['item00', 'failed', null],
      ['item01', 'failed', null],
      ['item02', 'ok', 'no'],
    ]);
    for (const t of stored.slice(0, 2)) {
      expect(t).toMatchObject({ raw: null, probs: null, mass: null, scoring: null });
      expect(t.error?.kind).toBe('no_candidate_mass');
    }
    expect(stored[0]?.error?.detail).toMatch(/candidate mass is 0/);
    expect(stored[1]?.error?.detail).toMatch(/no valid probability \(NaN\)/);
  });
});

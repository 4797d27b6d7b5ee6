// docs/method.md §4: the share of trials whose candidates got only an upper bound (top-k
// scoring on an OpenAI-compatible server) per model × condition, for every benchmark.
import { describe, expect, it } from 'vitest';
import { buildRunPlan, type BenchmarkInput } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import { runEvaluation } from '../../../src/lib/runner/run';
import { summarizeRun } from '../../../src/lib/results/summarize';
import { summarizeUpperBounded, UPPER_BOUNDED_SHARE_INFO } from '../../../src/lib/benchmarks/upper-bound';
import { BENCHMARKS } from '../../../src/lib/benchmarks/registry';
import type { Benchmark } from '../../../src/lib/benchmarks/types';
import type { TrialRecord } from '../../../src/lib/core/records';
import { openFreshStore } from '../../doubles/fresh-store';
import { TOY_SPEC } from '../../doubles/records';
import { ScriptedEngine } from '../../doubles/scripted-engine';
import { buildToyItems, createToyBenchmark } from '../../doubles/toy-benchmark';

const topK = (upperBound: readonly string[]): TrialRecord['scoring'] => ({
  method: 'top_k',
  ...(upperBound.length > 0 ? { upperBound } : {}),
});

describe('upper_bounded_share', () => {
  it('by hand: per model × condition, over answered trials; none without top-k scoring', () => {
    const t = (model: string, condition: 'q' | 'q_if', scoring: TrialRecord['scoring']) => ({
      model,
      condition,
      scoring,
    });
    const rows = summarizeUpperBounded('bbq', [
      t('m', 'q', topK(['a'])),
      t('m', 'q', topK([])),
      t('m', 'q', topK(['b', 'c'])),
      t('m', 'q_if', topK([])),
      t('n', 'q', topK(['a'])),
    ]);
    expect(rows.map((r) => [r.model, r.condition, r.value, r.n, r.category, r.ci_low, r.ci_high])).toEqual([
      ['m', 'q', 2 / 3, 3, null, null, null],
      ['m', 'q_if', 0, 1, null, null, null],
      ['n', 'q', 1, 1, null, null, null],
    ]);
    expect(rows.every((r) => r.metric === 'upper_bounded_share' && r.benchmark === 'bbq')).toBe(true);
    expect(summarizeUpperBounded('bbq', [t('m', 'q', { method: 'exact' }), t('m', 'q', null)])).toEqual([]);
  });

  it('every benchmark lists it, so its table shows the column', () => {
    for (const b of BENCHMARKS) expect(b.metrics, b.id).toContain(UPPER_BOUNDED_SHARE_INFO);
  });

  it('summarizeRun adds it for each benchmark, from the answered trials only', async () => {
    const toy = createToyBenchmark();
    const inputs: BenchmarkInput[] = [{ benchmark: toy, items: buildToyItems(4) }];
    const spec = { ...TOY_SPEC, sampleSize: 'all' as const, models: ['model-a'], conditions: ['q' as const] };
    const run = createRun(spec, buildRunPlan(spec, inputs), { id: 'u1' });
    const store = await openFreshStore();
    await store.putRun(run);
    await runEvaluation({ run, benchmarks: inputs, engine: new ScriptedEngine(), store });
    const stored = (await store.listTrials('u1')).sort((a, b) => a.key.localeCompare(b.key));
    expect(stored).toHaveLength(4);
    // As a server would score them: 1 of the 3 answered trials upper-bounded; one trial failed.
    const trials: TrialRecord[] = stored.map((t, i) =>
      i === 3
        ? { ...t, status: 'failed', answer: null, probs: null, raw: null, mass: null, scoring: null }
        : { ...t, scoring: topK(i === 0 ? ['no'] : []) },
    );
    const rows = summarizeRun(run, trials, () => toy as Benchmark<unknown>, 10);
    expect(rows.filter((r) => r.metric === 'upper_bounded_share')).toEqual([
      {
        benchmark: toy.id,
        model: 'model-a',
        condition: 'q',
        category: null,
        metric: 'upper_bounded_share',
        value: 1 / 3,
        ci_low: null,
        ci_high: null,
        n: 3,
        interval_unit: null,
      },
    ]);
    // A web-llm run (exact scoring) has no such row.
    expect(
      summarizeRun(run, stored, () => toy as Benchmark<unknown>, 10).some((r) => r.metric === 'upper_bounded_share'),
    ).toBe(false);
  });
});

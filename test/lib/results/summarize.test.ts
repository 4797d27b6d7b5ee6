/**
 * The page and the CLI share summarizeRun: the same stored trials in any order give exactly the
 * same rows (bootstrap resamples by position, so order must not matter), in the run's order.
 */
import { describe, expect, it } from 'vitest';
import { buildRunPlan, type BenchmarkInput } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import { runEvaluation } from '../../../src/lib/runner/run';
import { summarizeRun } from '../../../src/lib/results/summarize';
import { bbq } from '../../../src/lib/benchmarks/bbq';
import type { Benchmark } from '../../../src/lib/benchmarks/types';
import { parseBbq } from '../../../src/lib/benchmarks/bbq/parse';
import { readData } from '../../data-dir';
import { openFreshStore } from '../../doubles/fresh-store';
import { TOY_SPEC } from '../../doubles/records';
import { ScriptedEngine } from '../../doubles/scripted-engine';

const file = 'Religion.jsonl';
const items = parseBbq(new Map([[file, readData(`bbq/data/${file}`)]])).items;

describe('summarizeRun', () => {
  it('gives identical rows whatever order the trials come in, in run order', async () => {
    const inputs: BenchmarkInput[] = [{ benchmark: bbq as Benchmark<unknown>, items }];
    const spec = {
      ...TOY_SPEC,
      benchmarks: ['bbq' as const],
      conditions: ['q_if' as const, 'q' as const],
      sampleSize: 60,
    };
    const run = createRun(spec, buildRunPlan(spec, inputs), { id: 's1' });
    const store = await openFreshStore();
    await store.putRun(run);
    await runEvaluation({ run, benchmarks: inputs, engine: new ScriptedEngine(), store });
    const trials = await store.listTrials('s1');
    const lookup = () => bbq as Benchmark<unknown>;
    const forward = summarizeRun(run, trials, lookup, 200);
    const shuffled = summarizeRun(run, trials.slice().reverse(), lookup, 200);
    expect(shuffled).toEqual(forward);
    expect(forward.length).toBeGreaterThan(0);
    const order = forward.map((r) => `${r.model}|${r.condition}`).filter((v, i, a) => a.indexOf(v) === i);
    expect(order).toEqual(spec.models.flatMap((m) => ['q_if', 'q'].map((c) => `${m}|${c}`)));
    // The four metrics and their contrasts resample templates; candidate mass items; counts and
    // answer shares (descriptive, no interval) none.
    const unit = (metric: string) =>
      metric === 'candidate_mass'
        ? 'item'
        : metric === 'no_target_items' || metric.startsWith('answer_share_')
          ? null
          : 'template';
    for (const r of forward) expect(r.interval_unit, `${r.metric}`).toBe(unit(r.metric));
    expect(
      forward.every(
        (r) =>
          r.ci_low === null || (r.ci_low <= (r.value ?? r.ci_low) && (r.value ?? r.ci_high ?? 0) <= (r.ci_high ?? 0)),
      ),
    ).toBe(true);
  });
});

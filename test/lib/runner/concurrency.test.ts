/**
 * Several trials in flight (servers batch concurrent requests): the cap is respected, every
 * planned trial is stored exactly once, a pause stops all workers, and a resume completes.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/lib/engine/types';
import { buildRunPlan, type BenchmarkInput } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import { RunControl, runEvaluation } from '../../../src/lib/runner/run';
import type { RunSpec } from '../../../src/lib/core/records';
import { openFreshStore } from '../../doubles/fresh-store';
import { TOY_SPEC } from '../../doubles/records';
import { ScriptedEngine } from '../../doubles/scripted-engine';
import { buildToyItems, createToyBenchmark } from '../../doubles/toy-benchmark';

const inputs: BenchmarkInput[] = [{ benchmark: createToyBenchmark(), items: buildToyItems(10) }];
const spec: RunSpec = { ...TOY_SPEC, sampleSize: 'all' };

/** Wraps an engine to measure how many score/generate calls are in flight at once. */
function measured(inner: ScriptedEngine): Engine & { peak: number } {
  let inFlight = 0;
  const out = {
    info: inner.info,
    peak: 0,
    load: inner.load.bind(inner),
    unload: inner.unload.bind(inner),
    interrupt: inner.interrupt.bind(inner),
    score: async (r: Parameters<Engine['score']>[0]) => track(() => inner.score(r)),
    generate: async (r: Parameters<Engine['generate']>[0]) => track(() => inner.generate(r)),
  };
  async function track<T>(call: () => Promise<T>): Promise<T> {
    inFlight += 1;
    out.peak = Math.max(out.peak, inFlight);
    try {
      return await call();
    } finally {
      inFlight -= 1;
    }
  }
  return out;
}

describe('concurrent trials', () => {
  it('keeps at most N requests in flight and stores every trial once', async () => {
    const store = await openFreshStore();
    const run = createRun(spec, buildRunPlan(spec, inputs), { id: 'c1' });
    await store.putRun(run);
    const engine = measured(new ScriptedEngine({ delayMs: 3 }));
    const outcome = await runEvaluation({ run, benchmarks: inputs, engine, store, concurrency: 4 });
    expect(outcome.kind).toBe('done');
    expect(engine.peak).toBe(4);
    const trials = await store.listTrials('c1');
    expect(trials).toHaveLength(run.plannedTrials);
    expect(new Set(trials.map((t) => t.key)).size).toBe(run.plannedTrials);
  });

  it('pauses every worker and resumes to exactly once', async () => {
    const store = await openFreshStore();
    const run = createRun(spec, buildRunPlan(spec, inputs), { id: 'c2' });
    await store.putRun(run);
    const control = new RunControl();
    const first = await runEvaluation({
      run,
      benchmarks: inputs,
      engine: new ScriptedEngine({ delayMs: 3, onCall: (n) => n === 12 && control.pause() }),
      store,
      control,
      concurrency: 3,
    });
    expect(first.kind).toBe('paused');
    const partial = await store.listTrials('c2');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(run.plannedTrials);
    const second = await runEvaluation({
      run: first.run,
      benchmarks: inputs,
      engine: new ScriptedEngine({ delayMs: 1 }),
      store,
      concurrency: 3,
    });
    expect(second.kind).toBe('done');
    const trials = await store.listTrials('c2');
    expect(new Set(trials.map((t) => t.key)).size).toBe(run.plannedTrials);
    expect(trials).toHaveLength(run.plannedTrials);
  });
});

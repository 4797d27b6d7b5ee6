/**
 * A full browser storage while a run streams in: the run pauses with a storage_full message,
 * every trial stored before stays, nothing is half-written, and a resume after space is freed
 * completes the run with each trial exactly once.
 */
import { describe, expect, it } from 'vitest';
import { buildRunPlan, type BenchmarkInput } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import { runEvaluation } from '../../../src/lib/runner/run';
import type { ResultStore } from '../../../src/lib/storage/port';
import type { RunSpec, TrialRecord } from '../../../src/lib/core/records';
import { openFreshStore } from '../../doubles/fresh-store';
import { TOY_SPEC } from '../../doubles/records';
import { ScriptedEngine } from '../../doubles/scripted-engine';
import { buildToyItems, createToyBenchmark } from '../../doubles/toy-benchmark';

const inputs: BenchmarkInput[] = [{ benchmark: createToyBenchmark(), items: buildToyItems(4) }];
const spec: RunSpec = { ...TOY_SPEC, sampleSize: 'all' };

/** Refuses writes after `limit` trials, as a browser does when the origin's quota is used up. */
function fillingStore(inner: ResultStore, limit: number): ResultStore & { free(): void } {
  let room = limit;
  return {
    ...inner,
    putTrial: async (trial: TrialRecord) => {
      if (room <= 0) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      room -= 1;
      await inner.putTrial(trial);
    },
    free: () => {
      room = Infinity;
    },
  };
}

describe('storage quota', () => {
  it('pauses with storage_full, keeps what was stored, and resumes to completion', async () => {
    const inner = await openFreshStore();
    const store = fillingStore(inner, 5);
    const run = createRun(spec, buildRunPlan(spec, inputs), { id: 'q1' });
    await store.putRun(run);

    const first = await runEvaluation({ run, benchmarks: inputs, engine: new ScriptedEngine(), store });
    expect(first.kind).toBe('paused');
    if (first.kind === 'paused') expect(first.error?.kind).toBe('storage_full');
    expect(await inner.listTrials('q1')).toHaveLength(5);
    const saved = await inner.getRun('q1');
    expect(saved?.status).toBe('paused');
    expect(saved?.lastError?.message).toMatch(/storage is full/);

    store.free();
    const second = await runEvaluation({ run: saved ?? run, benchmarks: inputs, engine: new ScriptedEngine(), store });
    expect(second.kind).toBe('done');
    const trials = await inner.listTrials('q1');
    expect(trials).toHaveLength(run.plannedTrials);
    expect(new Set(trials.map((t) => t.key)).size).toBe(run.plannedTrials);
  });
});

/**
 * runRows: a run's rows are computed from its summary's columns once and then served kept, per
 * run and per recipe, until a trial of that run changes; without a recipe nothing is kept.
 */
import { describe, expect, it } from 'vitest';
import type { TrialBatch } from '../../src/lib/core/columns';
import type { MetricRow } from '../../src/lib/core/records';
import { runRows, type RowServices } from '../../src/state/run-rows';
import { openFreshStore } from '../doubles/fresh-store';
import { buildRunFixture, buildTrialFixture } from '../doubles/records';

const row = (n: number): MetricRow => ({
  benchmark: 'winogender',
  model: 'm',
  condition: 'q',
  category: null,
  metric: 'trials',
  value: n,
  ci_low: n,
  ci_high: n,
  interval_unit: 'occupation',
  n,
});

describe('runRows', () => {
  it('computes each run once from its columns, then serves kept rows until its trials change', async () => {
    const store = await openFreshStore();
    const runs = [buildRunFixture({ id: 'a' }), buildRunFixture({ id: 'b' })];
    await store.putRecords(runs, [
      buildTrialFixture({ runId: 'a' }),
      buildTrialFixture({ runId: 'b' }),
      buildTrialFixture({ runId: 'b', itemKey: 'i2' }),
    ]);
    let computed = 0;
    let recipe: string | null = 'code-1';
    const services: RowServices = {
      store,
      metricsRecipe: () => recipe,
      summarizeColumns: async (_run, parts: readonly TrialBatch[]) => {
        computed++;
        return [row(parts.reduce((n, p) => n + p.count, 0))];
      },
    };
    expect(await Promise.all(runs.map((r) => runRows(services, r)))).toEqual([[row(1)], [row(2)]]);
    expect(computed).toBe(2);
    expect(await Promise.all(runs.map((r) => runRows(services, r)))).toEqual([[row(1)], [row(2)]]);
    expect(computed).toBe(2);

    await store.putTrial(buildTrialFixture({ runId: 'a', itemKey: 'i2' }));
    expect(await runRows(services, runs[0]!)).toEqual([row(2)]);
    expect(await runRows(services, runs[1]!)).toEqual([row(2)]);
    expect(computed).toBe(3);

    recipe = 'code-2';
    await runRows(services, runs[1]!);
    expect(computed).toBe(4);
    recipe = null;
    await runRows(services, runs[1]!);
    await runRows(services, runs[1]!);
    expect(computed).toBe(6);
  });
});
